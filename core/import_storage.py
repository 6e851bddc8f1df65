"""Where an uploaded import file waits between the admin's preview and its confirm, and how
long it may wait.

django-import-export writes the upload to temporary storage before the dry run and reads it
again when staff confirm; it removes the file only after a confirmed import. A file whose
preview showed errors, or that nobody confirmed (the clerk closed the tab), stayed for ever, and
a visitor list is personal data (names, passport numbers). Here:

- the files live in ``settings.IMPORT_TMP_DIR`` (not the system's ``/tmp``, not under
  ``MEDIA_ROOT``, which is served), readable by the server's user only (mode 0600), named
  ``import-<random>``;
- :class:`core.imports.StaffImportAdminMixin` removes the file as soon as it is not needed: when
  the preview offers no confirm (errors, unreadable file), after the confirm (whether the import
  succeeds or not) and on "Cancel";
- :func:`purge_import_files` removes files older than ``settings.IMPORT_TMP_MAX_AGE_HOURS``
  (default 24): run by ``manage.py purge_personal_data`` and before every new upload.

A name that is not one this storage made (the confirm form's hidden ``import_file_name`` comes
back from the browser) is refused with ``ValueError``: django-import-export's own storage joins
it to its directory as it is, so ``../`` would read and then delete another file.
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from import_export.tmp_storages import BaseStorage

PREFIX = "import-"
_NAME = re.compile(rf"{PREFIX}[0-9a-f]{{32}}")


def tmp_dir() -> Path:
    """``settings.IMPORT_TMP_DIR``, made (mode 0700) if missing."""
    directory = Path(settings.IMPORT_TMP_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


class StaffTempStorage(BaseStorage):
    """django-import-export's temporary storage (``tmp_storage_class``) of an upload, as a file
    ``import-<32 hex digits>`` in :func:`tmp_dir`. ``name`` (given: a file saved earlier) must be
    such a name, else ``ValueError``. ``read_mode`` ``"r"`` (with ``encoding``) or ``"rb"``."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        if self.name is not None and not _NAME.fullmatch(str(self.name)):
            raise ValueError("not the name of a temporary import file")

    def path(self) -> Path:
        """The file's path."""
        return tmp_dir() / self.name

    def save(self, data: bytes | str) -> None:
        """Write ``data`` to a new file, readable by this user only; sets :attr:`name`."""
        self.name = PREFIX + secrets.token_hex(16)
        descriptor = os.open(self.path(), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(descriptor, "wb") as file:
            file.write(data.encode(self.encoding or "utf-8") if isinstance(data, str) else data)

    def read(self) -> bytes | str:
        """The file's content (``str`` in a text ``read_mode``). ``FileNotFoundError`` once it
        was removed."""
        if "b" in self.read_mode:
            return self.path().read_bytes()
        return self.path().read_text(encoding=self.encoding or "utf-8")

    def remove(self) -> None:
        """Delete the file; nothing if it is already gone."""
        self.path().unlink(missing_ok=True)


def purge_import_files(*, now: datetime.datetime | None = None,
                       max_age: datetime.timedelta | None = None, dry_run: bool = False) -> list[Path]:
    """Delete the temporary import files (:class:`StaffTempStorage`) last written more than
    ``max_age`` before ``now`` (default ``settings.IMPORT_TMP_MAX_AGE_HOURS`` hours before the
    current time). Returns the paths deleted (with ``dry_run``: that would be, none is). Other
    files in the directory are left alone."""
    now = now or timezone.now()
    max_age = max_age if max_age is not None else datetime.timedelta(hours=settings.IMPORT_TMP_MAX_AGE_HOURS)
    cutoff = (now - max_age).timestamp()
    deleted = []
    for path in tmp_dir().iterdir():
        if not _NAME.fullmatch(path.name):
            continue
        try:
            if path.stat().st_mtime < cutoff:
                if not dry_run:
                    path.unlink()
                deleted.append(path)
        except FileNotFoundError:  # removed meanwhile by its confirm
            continue
    return deleted
