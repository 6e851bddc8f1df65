"""Request middleware of the base app."""

from __future__ import annotations

import re

from django.http import HttpRequest, QueryDict

# C0 control characters other than tab, line feed and carriage return, and DEL: no query a person
# types holds them, and PostgreSQL refuses NUL in any text value ("A string literal cannot
# contain NUL characters"), so a filter or an autocomplete term carrying one was a server error.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(query: QueryDict) -> QueryDict:
    """A copy of ``query`` (a ``QueryDict``) with :data:`CONTROL_CHARACTERS` removed from every
    key and value; the same object when it holds none (the usual case, no copy made)."""
    if not any(CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
               for key, values in query.lists()):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(CONTROL_CHARACTERS.sub("", key), [CONTROL_CHARACTERS.sub("", v) for v in values])
    cleaned._mutable = False
    return cleaned


class ControlCharacterMiddleware:
    """Removes control characters (NUL...) from the query string's parameters (``request.GET``)
    before any view reads them, so every filter, search box and autocomplete of the admin and of
    the public site answers ``?q=%00`` as it answers ``?q=``, on SQLite and on PostgreSQL alike.
    ``request.GET`` is replaced; the raw ``QUERY_STRING`` is left as it came. Form posts need
    nothing: Django's form fields refuse NUL (``ProhibitNullCharactersValidator``)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.GET = without_control_characters(request.GET)
        return self.get_response(request)


class ReviewOutcomeMiddleware:
    """Tell the author of a revision (:class:`core.models.Revision`) once that a publisher
    approved or rejected it: on their next page of the admin, a message per decision, with the
    reviewer's comment and a link to the revision; then it is marked seen. One query per admin
    page. Put it after ``AuthenticationMiddleware`` and ``MessageMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff and request.method == "GET":
            from django.urls import reverse

            if request.path.startswith(reverse("admin:index")):
                tell_review_outcomes(request)
        return self.get_response(request)


def tell_review_outcomes(request: HttpRequest) -> None:
    """Add a message for each decided revision of ``request.user`` not yet seen, and mark them
    seen."""
    from django.contrib import messages
    from django.urls import reverse
    from django.utils.html import format_html
    from django.utils.translation import gettext

    from .models import Revision, RevisionStatus

    decided = list(Revision.objects.filter(
        author=request.user, outcome_seen=False,
        status__in=[RevisionStatus.APPROVED, RevisionStatus.REJECTED]).select_related("reviewer"))
    for revision in decided:
        if revision.status == RevisionStatus.APPROVED:
            text, level = gettext("Your revision of “%(record)s” was approved and published by "
                                  "%(reviewer)s."), messages.SUCCESS
        else:
            text, level = gettext("Your revision of “%(record)s” was rejected by %(reviewer)s: "
                                  "%(comment)s"), messages.WARNING
        message = text % {"record": revision.record_label, "comment": revision.comment,
                          "reviewer": revision.reviewer.get_full_name() or revision.reviewer.get_username()}
        url = reverse("admin:core_revision_change", args=[revision.pk])
        messages.add_message(request, level, format_html('<a href="{}">{}</a>', url, message))
    if decided:
        Revision.objects.filter(pk__in=[revision.pk for revision in decided]).update(outcome_seen=True)
