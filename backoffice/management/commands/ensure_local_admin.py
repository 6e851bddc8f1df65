"""``python manage.py ensure_local_admin``: a superuser for trying the product locally."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext

from backoffice.auth import PASSWORD, USERNAME
from core.commands import ProductCommand


class Command(ProductCommand):
    """Create (or reset) the local superuser ``admin`` / ``admin`` and print how to log in.

    Only under the development settings (``LOCAL_ADMIN_ALLOWED``), whatever ``DEBUG`` says: a
    production database never gets a known password (and a login with it is refused outside
    development, :mod:`backoffice.auth`). Exits non-zero with one line otherwise.
    """

    help = "Create the local development superuser admin/admin (development settings only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--address", default="127.0.0.1:8000",
                            help="host:port the development server listens on (for the login URL)")

    def handle(self, *args, address: str, **options) -> None:
        if not settings.LOCAL_ADMIN_ALLOWED:
            raise CommandError(gettext("ensure_local_admin runs only under the development settings; use "
                                       "createsuperuser."))
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        self.stdout.write(self.style.SUCCESS(
            f"Log in at http://{address}/admin/ as user '{USERNAME}' with password "
            f"'{PASSWORD}' (local development only)."
        ))
