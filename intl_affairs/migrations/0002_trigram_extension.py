"""Create PostgreSQL's pg_trgm extension, which the apps' trigram indexes need (see
intl_affairs.trigram). Django's TrigramExtension does nothing on other databases."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("intl_affairs", "0001_roles"),
    ]

    operations = [
        TrigramExtension(),
    ]
