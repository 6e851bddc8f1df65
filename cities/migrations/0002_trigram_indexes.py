"""A trigram GIN index on cities' search keys (PostgreSQL only; nothing on SQLite), for the
public and admin searches. Why and how: core.trigram."""

from django.db import migrations

from core.trigram import trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ("cities", "0001_initial"),
        ("core", "0001_trigram_extension"),
    ]

    operations = [
        trigram_index("cities_city_search_key_trgm", "cities_city", "search_key"),
    ]
