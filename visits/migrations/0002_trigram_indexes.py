"""Trigram GIN indexes (PostgreSQL only; nothing on SQLite) for substring searches: people's and
engagements' search keys (public search, normalised admin search) and participations' titles
(the engagement admin's ``icontains``). Why and how: core.trigram."""

from django.db import migrations

from core.trigram import trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ("visits", "0001_initial"),
        ("core", "0001_trigram_extension"),
    ]

    operations = [
        trigram_index("visits_person_search_key_trgm", "visits_person", "search_key"),
        trigram_index("visits_engagement_search_key_trgm", "visits_engagement", "search_key"),
        trigram_index("visits_participation_title_zh_hant_upper_trgm", "visits_participation",
                      "UPPER((title_zh_hant)::text)"),
        trigram_index("visits_participation_title_en_upper_trgm", "visits_participation",
                      "UPPER((title_en)::text)"),
    ]
