"""A trigram GIN index on exhibitions' search keys (PostgreSQL only; nothing on SQLite), for the
public search. Why and how: core.trigram."""

from django.db import migrations

from core.trigram import trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ("exhibitions", "0001_initial"),
        ("core", "0001_trigram_extension"),
    ]

    operations = [
        trigram_index("exhibitions_exhibition_search_key_trgm", "exhibitions_exhibition",
                      "search_key"),
    ]
