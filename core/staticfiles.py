"""A static files finder for the one file the admin needs from the XStatic-jQuery-UI package."""

from __future__ import annotations

from collections.abc import Iterator

import xstatic.pkg.jquery_ui
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class JQueryUIFinder(BaseFinder):
    """Finds ``jquery-ui/jquery-ui.min.js`` (django-modeltranslation's admin tabs) in the
    XStatic-jQuery-UI package, and nothing else from it.

    Not the whole package folder: its theme CSS names icons the package does not ship, which
    makes ``collectstatic`` with the hashed-manifest storage (WhiteNoise) fail.
    """

    prefix = "jquery-ui"
    filename = "jquery-ui.min.js"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=xstatic.pkg.jquery_ui.BASE_DIR)
        self.storage.prefix = self.prefix

    def check(self, **kwargs) -> list:
        """Nothing to check: the location comes from the installed package."""
        return []

    def find(self, path: str, find_all: bool = False, **kwargs) -> str | list[str]:
        """The absolute path of ``jquery-ui/jquery-ui.min.js``; ``[]`` for any other path."""
        if path != f"{self.prefix}/{self.filename}":
            return []
        found = self.storage.path(self.filename)
        return [found] if find_all else found

    def list(self, ignore_patterns) -> Iterator[tuple[str, FileSystemStorage]]:
        """The one file, for ``collectstatic``."""
        yield self.filename, self.storage
