"""Request middleware of the base app."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict

from .text import clean_text


def without_control_characters(query: QueryDict) -> QueryDict:
    """A copy of ``query`` (a ``QueryDict``) with every key and value passed through
    :func:`core.text.clean_text` (NUL and other control characters removed, other tools' line
    breaks as line feeds); the same object when that changes nothing (the usual case, no copy
    made)."""
    if all(clean_text(key) == key and all(clean_text(value) == value for value in values)
           for key, values in query.lists()):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


class ControlCharacterMiddleware:
    """Cleans the query string's parameters (``request.GET``) and a posted form's fields
    (``request.POST``; uploaded files are left to their readers, which clean each cell:
    :func:`core.spreadsheets.read_table`) with :func:`core.text.clean_text` before any view
    reads them. So every filter, search box and autocomplete of the admin and of the public site
    answers ``?q=%00`` as it answers ``?q=``, and every field of every form (text, slugs, e-mail
    addresses, choices, inline rows) takes a pasted NUL or vertical tab as every text field does,
    on SQLite and on PostgreSQL (which refuses NUL in any text value) alike. A query string
    that changes is written back cleaned (``QUERY_STRING``), so links built from it (the language
    switcher, ``hreflang``) and the public page cache's key see the same address; the body is
    left as it came."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        query = without_control_characters(request.GET)
        if query is not request.GET:
            request.GET = query
            request.META["QUERY_STRING"] = query.urlencode()
        if request.method == "POST":
            request.POST = without_control_characters(request.POST)
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
