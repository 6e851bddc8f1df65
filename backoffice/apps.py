from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The back office's own machinery: staff roles, the local development account, login
    lockout, backup and restore, retention of personal data."""

    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        """Keep the staff roles up to date after every ``migrate`` (:mod:`backoffice.roles`);
        register the deployment checks (:mod:`backoffice.checks`)."""
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401 - registers them
        from .roles import grant_roles_after_migrate

        post_migrate.connect(grant_roles_after_migrate, dispatch_uid="backoffice-roles")
