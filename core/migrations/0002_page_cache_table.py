"""Create the table of Django's database cache (``settings.PAGE_CACHE_TABLE``), which holds the
public page cache where no Redis is configured (core.cache), so that ``migrate`` is all a
deployment runs. The table is the one ``manage.py createcachetable`` makes (Django docs, "Django's
cache framework", database caching); made whatever the cache setting, so that a site may drop
``CACHE_URL`` later. Not a model: backups leave its rows out (they are only copies of pages).
"""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_table(apps, schema_editor) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.PAGE_CACHE_TABLE, dry_run=False)


def drop_table(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.PAGE_CACHE_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [("core", "0001_trigram_extension")]

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
