"""Create PostgreSQL's pg_trgm extension, which the apps' trigram indexes need (see
intl_affairs.trigram). Nothing happens on other databases, either way."""

from django.db import migrations

from intl_affairs.trigram import TrigramExtensionIfPostgres


class Migration(migrations.Migration):

    dependencies = [
        ("intl_affairs", "0001_roles"),
    ]

    operations = [
        TrigramExtensionIfPostgres(),
    ]
