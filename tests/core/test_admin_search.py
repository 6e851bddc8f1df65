"""The admin search runs one table at a time (:class:`core.admin.NormalisedSearchMixin`)
and, on PostgreSQL, from the pg_trgm indexes (:mod:`core.trigram`): the results of
Django's own search plus the normalised matches, each record once, and the indexes there and
used."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.names import normalise_name
from visits.models import Engagement, Participation, Person

pytestmark = pytest.mark.django_db

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_trgm indexes exist on PostgreSQL only; on SQLite the migrations add none "
           "(run with DATABASE_URL=postgres://... to check them)",
)

# Words of engagement titles, places and slugs, of participants' titles (either language) and
# names, and terms whose words fall one in an engagement, one in a participant's title.
TERMS = ["Mayor", "市長", "mayor", "Vice Minister", "Secretary State", "Mayor Tokyo", "知事 東京",
         "Chair Representatives", "Kaohsiung", "video-conference", "Nirenberg", "尼倫伯格",
         "Ambassador", "nobody-has-this"]


def _search(model_admin: ModelAdmin, term: str) -> list[int]:
    """Primary keys of the engagements ``model_admin`` finds for ``term``, sorted, once each."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()  # the admin reads who asks (which fields they may search)
    results, _ = model_admin.get_search_results(request, Engagement.objects.all(), term)
    return sorted(results.values_list("pk", flat=True).distinct())


@pytest.mark.parametrize("term", TERMS)
def test_same_results_as_djangos_own_search_plus_normalised_names(term):
    ours = admin.site._registry[Engagement]
    stock = ModelAdmin(Engagement, admin.site)
    stock.search_fields = ours.search_fields
    key = normalise_name(term)
    normalised = {pk for field in ours.normalised_search_fields for pk in
                  Engagement.objects.filter(**{f"{field}__contains": key}).values_list("pk", flat=True)}
    assert _search(ours, term) == sorted(set(_search(stock, term)) | normalised)


def test_words_may_match_two_participants_of_one_engagement():
    # The Tokyo mission's governor (知事) and chair (會長、眾議員) are two participations: Django
    # 5 wants both words in one joined row, the search here (like Django before 4.1) does not.
    stock = ModelAdmin(Engagement, admin.site)
    stock.search_fields = admin.site._registry[Engagement].search_fields
    tokyo = Engagement.objects.get(slug="2022-12-11-mayor-tokyo-mission")
    assert _search(stock, "Governor Chair") == []
    assert _search(admin.site._registry[Engagement], "Governor Chair") == [tokyo.pk]


def test_an_engagement_with_two_matching_participants_is_listed_once(admin_client):
    # San Antonio's video conference has two participants titled Mayor (市長).
    conference = Engagement.objects.get(slug="2022-12-20-san-antonio-40th-anniversary-video-conference")
    assert conference.participations.filter(title_en="Mayor").count() == 2
    response = admin_client.get(reverse("admin:visits_engagement_changelist"), {"q": "Mayor"})
    listed = [e.pk for e in response.context["cl"].result_list]
    assert listed.count(conference.pk) == 1
    assert response.context["cl"].result_count == len(listed) == 11


TRIGRAM_INDEXES = {
    "visits_person": ["visits_person_search_key_trgm"],
    "visits_engagement": ["visits_engagement_search_key_trgm"],
    "visits_participation": ["visits_participation_title_zh_hant_upper_trgm",
                             "visits_participation_title_en_upper_trgm"],
    "cities_city": ["cities_city_search_key_trgm"],
    "exhibitions_exhibition": ["exhibitions_exhibition_search_key_trgm"],
}


@only_postgresql
def test_the_trigram_indexes_exist():
    with connection.cursor() as cursor:
        for table, names in TRIGRAM_INDEXES.items():
            constraints = connection.introspection.get_constraints(cursor, table)
            for name in names:
                assert constraints[name]["type"] == "gin", name


def _plan_without_sequential_scans(queryset) -> str:
    """EXPLAIN of ``queryset``, unordered (else a B-tree on the ordering may be read instead),
    with sequential scans priced out: the sample data is too small for the planner to prefer
    an index, so this checks that the index can serve the query."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # until the test's transaction ends
    return queryset.order_by().explain()


@only_postgresql
@pytest.mark.parametrize("queryset, index", [
    (lambda: Person.objects.matching("Nirenberg"), "visits_person_search_key_trgm"),
    (lambda: Engagement.objects.filter(search_key__contains=normalise_name("Kaohsiung")),
     "visits_engagement_search_key_trgm"),
    (lambda: Participation.objects.filter(title_en__icontains="Mayor"),
     "visits_participation_title_en_upper_trgm"),
    (lambda: Participation.objects.filter(title_zh_hant__icontains="市長"),
     # two characters: no trigram to look up, the index can only be read whole
     "visits_participation_title_zh_hant_upper_trgm"),
], ids=["person search key", "engagement search key", "participation title", "2-character CJK"])
def test_a_substring_search_can_use_its_trigram_index(queryset, index):
    assert index in _plan_without_sequential_scans(queryset())


@only_postgresql
def test_the_admin_search_by_a_guests_name_uses_the_trigram_indexes(admin_client):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:visits_engagement_changelist"), {"q": "愛格涅"})
    assert [e.slug for e in response.context["cl"].result_list] == ["2022-08-09-lithuanian-vice-minister"]
    listing = next(q["sql"] for q in queries.captured_queries  # the page of engagements
                   if q["sql"].startswith('SELECT "visits_engagement"."id"') and "LIKE" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + listing)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Which of the trigram indexes the planner starts from depends on the statistics of the
    # moment (other tests change them); what matters is that the search is served by them.
    assert "_trgm" in plan and "Seq Scan on visits_person" not in plan, plan
