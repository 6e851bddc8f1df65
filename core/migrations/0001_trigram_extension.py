"""Create PostgreSQL's pg_trgm extension, which the apps' trigram indexes need (see
core.trigram). Nothing happens on other databases, either way.

Until the base app was split from the project package this was ``intl_affairs``' migration
``0002_trigram_extension``; ``replaces`` lets a database migrated then count it as applied.
"""

from django.db import migrations

from core.trigram import TrigramExtensionIfPostgres


class Migration(migrations.Migration):

    replaces = [("intl_affairs", "0002_trigram_extension")]

    dependencies: list[tuple[str, str]] = []

    operations = [
        TrigramExtensionIfPostgres(),
    ]
