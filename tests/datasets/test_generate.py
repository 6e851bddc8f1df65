"""The benchmark data set (datasets.generate) at a tiny scale: counts, determinism, keys."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from cities.models import City
from core.names import search_key
from datasets.generate import generate, scaled_counts
from exhibitions.models import Exhibition, Item
from visits.models import Engagement, Participation, Person

SCALE = 0.01


def generated_snapshot(seed: int) -> tuple[dict, list]:
    """Generate at SCALE inside a rolled-back transaction; return the counts and the records by
    their natural keys (primary keys differ between runs)."""
    with transaction.atomic():
        counts = generate(scale=SCALE, seed=seed)
        records = [
            list(City.objects.filter(slug__startswith="gen-").order_by("slug").values_list(
                "slug", "name_zh_hant", "name_en", "native_name", "country__slug", "status", "search_key")),
            list(Engagement.objects.filter(slug__startswith="gen-").order_by("slug").values_list(
                "slug", "title_zh_hant", "title_en", "start_date", "end_date", "date_precision", "status",
                "publish_from")),
            list(Participation.objects.filter(engagement__slug__startswith="gen-").order_by(
                "engagement__slug", "position").values_list(
                "engagement__slug", "person__search_key", "role", "title_en", "organisation_zh_hant")),
            list(Exhibition.objects.filter(slug__startswith="gen-").order_by("slug").values_list(
                "slug", "title_en", "start_date", "end_date")),
        ]
        transaction.set_rollback(True)
    return counts, records


@pytest.mark.django_db
def test_counts_scale_linearly_and_land_in_the_database():
    counts, _ = generated_snapshot(seed=1)
    expected = scaled_counts(SCALE)
    assert expected["engagements"] == 200 and expected["participations"] == 1500
    assert counts["engagements"] == expected["engagements"]
    assert counts["people"] == expected["people"]
    assert counts["participations"] == expected["participations"]
    assert counts["cities"] == expected["cities"]
    assert counts["exhibitions"] == expected["exhibitions"]
    assert counts["items"] == expected["items"]
    with transaction.atomic():
        generate(scale=SCALE, seed=1)
        assert Engagement.objects.filter(slug__startswith="gen-").count() == 200
        assert Participation.objects.filter(engagement__slug__startswith="gen-").count() == 1500
        assert Item.objects.filter(name_en__contains=" from ").count() >= 100
        # Drafts and published records are mixed; dates come at several precisions.
        generated = Engagement.objects.filter(slug__startswith="gen-")
        assert set(generated.values_list("status", flat=True)) == {"published", "draft"}
        assert generated.values("date_precision").distinct().count() >= 3
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    first, second, other = generated_snapshot(1), generated_snapshot(1), generated_snapshot(2)
    assert first == second
    assert first[1] != other[1]


@pytest.mark.django_db
def test_search_keys_are_set_as_save_would_set_them():
    with transaction.atomic():
        generate(scale=SCALE, seed=4)
        people = Person.objects.filter(participations__engagement__slug__startswith="gen-").distinct()
        assert people.count() > 100
        for person in people:
            assert person.search_key
            assert person.search_key == search_key(person.name_zh_hant, person.name_en, person.original_name)
        for city in City.objects.filter(slug__startswith="gen-"):
            assert city.search_key == search_key(city.name_zh_hant, city.name_en, city.native_name)
        for engagement in Engagement.objects.filter(slug__startswith="gen-"):
            assert engagement.search_key == search_key(engagement.title_zh_hant, engagement.title_en)
        for exhibition in Exhibition.objects.filter(slug__startswith="gen-"):
            assert exhibition.search_key == search_key(exhibition.title_zh_hant, exhibition.title_en)
        # A generated guest is found by a spelling without diacritics or with another separator.
        someone = people.exclude(original_name="").exclude(is_city_official=True).first()
        assert someone in Person.objects.matching(someone.original_name.split(" ")[-1])
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_command_refuses_a_second_data_set_and_a_bad_scale():
    with transaction.atomic():
        call_command("generate_data", "--scale", "0.002", "--seed", "5")
        with pytest.raises(CommandError, match="資料庫已有產生的資料"):
            call_command("generate_data", "--scale", "0.002")
        transaction.set_rollback(True)
    with pytest.raises(CommandError, match="規模須為正數"):
        call_command("generate_data", "--scale", "0")


@pytest.mark.django_db(transaction=True)
def test_command_vacuums_postgresql_so_searches_do_not_read_gin_pending_lists():
    """Outside a transaction, on PostgreSQL, the command leaves the tables vacuumed (the trigram
    indexes' pending entries merged), as a production server's autovacuum would; this machine's
    CI server runs with autovacuum off, so nothing else vacuums them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's; SQLite gets ANALYZE only")
    call_command("generate_data", "--scale", "0.002", "--seed", "3")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE relname IN "
                       "('visits_engagement', 'visits_person') AND last_vacuum IS NOT NULL")
        assert sorted(row[0] for row in cursor.fetchall()) == ["visits_engagement", "visits_person"]
