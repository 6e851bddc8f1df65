"""The base of every management command of this product: one rule for the language and the
shape of what a command says when its input is bad.

The rule: a command's own lines (errors, warnings) go through gettext and so are in the active
language. Run from ``manage.py`` that is ``settings.COMMAND_LANGUAGE_CODE`` (the environment's
``COMMAND_LANGUAGE_CODE``, else ``LANGUAGE_CODE``: zh-hant); called with
:func:`django.core.management.call_command`, the caller's (e.g. inside
``translation.override("en")``). Bad input, whether argparse finds it (a missing argument, an
unknown option or choice) or the command does (``CommandError``), is one line on stderr and a
non-zero exit status, never a traceback (Django's ``--traceback`` still gives one on purpose).
"""

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext

# argparse's own messages (English, from the standard library), as (pattern, our message).
ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"),
     lambda: gettext("missing argument: %(names)s")),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"),
     lambda: gettext("unknown arguments: %(names)s")),
    (re.compile(r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     lambda: gettext("%(name)s: %(value)s is not one of %(choices)s")),
    (re.compile(r"argument (?P<name>\S+): invalid (?P<type>\w+) value: (?P<value>.+)"),
     lambda: gettext("%(name)s: %(value)s is not a valid value")),
    (re.compile(r"argument (?P<name>\S+): expected one argument"),
     lambda: gettext("%(name)s needs a value")),
)


def argparse_message(message: str) -> str:
    """``message`` (a str, one of argparse's error messages) in the active language; one that
    is not known is returned as it is."""
    for pattern, translated in ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return translated() % match.groupdict()
    return message


def unknown_language(language: str, languages: Iterable[str]) -> str:
    """The error line (a str, active language) for ``language``, which is not one of
    ``languages`` (the codes a command accepts)."""
    return gettext("unknown language “%(language)s”; use one of %(languages)s") % {
        "language": language, "languages": ", ".join(languages)}


def cannot_write(path: Path, error: OSError) -> str:
    """The error line (a str, active language) for the file ``path`` that could not be written
    for ``error``."""
    return gettext("cannot write %(path)s: %(error)s") % {"path": path, "error": error.strerror}


class OneLineParser(CommandParser):
    """Django's parser whose errors on the command line are one line, in the active language:
    ``manage.py NAME: error: WHAT (see manage.py NAME --help)``, exit status 2 (argparse's)."""

    def error(self, message: str) -> None:
        if not self.called_from_command_line:
            super().error(message)
        sys.stderr.write(gettext("%(prog)s: error: %(message)s (see %(prog)s --help)") % {
            "prog": self.prog, "message": argparse_message(message)} + "\n")
        sys.exit(2)


class ProductCommand(BaseCommand):
    """Base of this product's management commands: the rule of this module's docstring.

    Subclasses write ``handle`` as for Django's ``BaseCommand`` and raise ``CommandError`` with
    a gettext message for bad input; everything else is here.
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        """Django's parser, with :class:`OneLineParser`'s errors (Django builds a
        ``CommandParser`` itself and takes no parser class, so the class is swapped; it adds no
        state)."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        """Run from ``manage.py`` in ``settings.COMMAND_LANGUAGE_CODE``."""
        with translation.override(settings.COMMAND_LANGUAGE_CODE):
            super().run_from_argv(argv)
