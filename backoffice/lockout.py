"""Login lockout (django-axes) that holds behind a proxy and across addresses, and says for how long.

- The client's address is taken from ``X-Forwarded-For`` as far back as the configured number
  of trusted proxies reaches (:func:`client_address`, axes' ``AXES_CLIENT_IP_CALLABLE``), not
  from the proxy's own address: behind a proxy every client had the proxy's address, so five
  failures by anyone locked the account for everyone.
- Guesses are limited per account and address (``AXES_FAILURE_LIMIT``, 5) and per account
  across all addresses (``LOGIN_ACCOUNT_FAILURE_LIMIT``, 20; :class:`AccountAndAddressHandler`),
  so an attacker does not get five more guesses from each new address. A successful login
  clears its own address's failures only.
- A lock lasts ``AXES_COOLOFF_TIME`` from the last counted failure; failures during the lock do
  not extend it, so the page (:func:`lockout_response`, HTTP 429 with ``Retry-After``) can say
  until when.

Sources: OWASP ASVS 4.0 V2.2.1 (anti-automation, soft lockout), django-axes' documentation
("Configuration", "Customizing handlers", "Customizing lockout responses").
"""

from __future__ import annotations

import datetime
import ipaddress
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request`` (axes' ``AXES_CLIENT_IP_CALLABLE``).

    With ``settings.TRUSTED_PROXY_COUNT`` = N > 0 reverse proxies in front of the app, each of
    which appends the address it received the request from to ``X-Forwarded-For`` (nginx:
    ``proxy_add_x_forwarded_for``), the last N entries were written by them and the client is
    the N-th from the right; anything further left came from the client and may be forged.
    With N = 0, or a header shorter than N or not an IP address (a request that did not come
    through the proxies), the address is ``REMOTE_ADDR``. Returns a string, or ``None``
    without ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits (``AXES_HANDLER``): ``AXES_FAILURE_LIMIT``
    failures of one user name from one address, or ``settings.LOGIN_ACCOUNT_FAILURE_LIMIT`` of
    one user name from all addresses together, within ``AXES_COOLOFF_TIME``, lock the login.
    ``AXES_LOCKOUT_PARAMETERS`` stays ``[["username", "ip_address"]]``: what a successful login
    resets."""

    def _recent(self, request: HttpRequest, credentials: dict | None) -> tuple[QuerySet, QuerySet]:
        """The counted attempts ``(of this user name from this address, of this user name)``."""
        attempts = AccessAttempt.objects.filter(username=get_client_username(request, credentials))
        if get_cool_off(request) is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.filter(ip_address=request.axes_ip_address), attempts

    @staticmethod
    def _failures(attempts: QuerySet) -> int:
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def _locks(self, request: HttpRequest, credentials: dict | None) -> list[QuerySet]:
        """The attempt sets whose failures reach their limit."""
        pair, account = self._recent(request, credentials)
        locks = []
        if self._failures(pair) >= get_failure_limit(request, credentials):
            locks.append(pair)
        if self._failures(account) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
            locks.append(account)
        return locks

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Failures of the user name from this address; at least ``AXES_FAILURE_LIMIT`` (so
        axes locks) when the account's failures from all addresses reach their limit."""
        pair, account = self._recent(request, credentials)
        failures, limit = self._failures(pair), get_failure_limit(request, credentials)
        if failures < limit and self._failures(account) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
            return limit
        return failures

    def lock_ends(self, request: HttpRequest, credentials: dict | None = None) -> datetime.datetime | None:
        """When the lock on this login ends at the latest (the last failure counted by a
        reached limit, plus ``AXES_COOLOFF_TIME``), or ``None`` when nothing is locked or locks
        do not expire."""
        cool_off = get_cool_off(request)
        ends = [attempts.aggregate(last=Max("attempt_time"))["last"]
                for attempts in self._locks(request, credentials)]
        ends = [end for end in ends if end is not None]
        return max(ends) + cool_off if ends and cool_off is not None else None


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None
                     ) -> HttpResponse:
    """The page of a locked login (axes' ``AXES_LOCKOUT_CALLABLE``): HTTP 429 with
    ``Retry-After`` (seconds) and a message in the user's language saying until when (local
    time) and for about how many minutes, and that an administrator can lift it sooner."""
    handler = AxesProxyHandler.get_implementation()
    ends = handler.lock_ends(request, credentials) if isinstance(handler, AccountAndAddressHandler) else None
    context = {**admin.site.each_context(request), "title": gettext("Login locked")}
    seconds = None
    if ends is not None:
        seconds = max(1, math.ceil((ends - timezone.now()).total_seconds()))
        local = timezone.localtime(ends)
        same_day = local.date() == timezone.localdate()
        minutes = math.ceil(seconds / 60)
        context["message"] = ngettext(
            "Too many failed logins: this account cannot log in until %(time)s (in about %(minutes)s "
            "minute). An administrator can lift the lock sooner.",
            "Too many failed logins: this account cannot log in until %(time)s (in about %(minutes)s "
            "minutes). An administrator can lift the lock sooner.", minutes,
        ) % {"time": formats.date_format(local, "H:i" if same_day else "Y-m-d H:i"), "minutes": minutes}
    response = render(request, "admin/login_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response
