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
