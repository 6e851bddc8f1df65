"""Change history: who changed what and when, translated fields included; revert; restore."""

import datetime

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from modeltranslation.translator import translator

from cities.models import City, Country, CountryKind
from core.history import restore_deleted_with
from core.models import PublicationStatus
from core.registry import record_models
from tests.admin_forms import admin_form_data
from visits.models import Engagement, Participation

pytestmark = pytest.mark.django_db

RECORD_MODELS = record_models()


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model.__name__)
def test_every_record_model_keeps_history_of_every_column(model):
    """Every column but ``version``, which counts saves (core.concurrency): a restored version
    takes the stored one, so a restore from a stale page is refused."""
    historical = {field.attname for field in model.history.model._meta.fields}
    columns = {field.attname for field in model._meta.concrete_fields}
    assert "version" in columns and "version" not in historical
    assert columns - {"version"} <= historical


def test_translated_columns_are_in_the_history():
    translated = [model for model in translator.get_registered_models() if model in RECORD_MODELS]
    assert City in translated and Engagement in translated and Participation in translated
    for model in translated:
        historical = {field.name for field in model.history.model._meta.fields}
        for field in translator.get_options_for_model(model).fields:
            assert {f"{field}_zh_hant", f"{field}_en"} <= historical, (model, field)


def test_changing_an_english_name_is_recorded():
    city = City.objects.get(slug="kumamoto-city")
    before = city.name_en
    city.name_en = "Kumamoto (renamed)"
    city.save()
    latest, previous = city.history.all()[:2]
    assert latest.name_en == "Kumamoto (renamed)"
    assert previous.name_en == before
    assert latest.name_zh_hant == previous.name_zh_hant == city.name_zh_hant
    assert [change.field for change in latest.diff_against(previous).changes] == ["name_en"]


def test_admin_edit_records_who_and_when(admin_client, admin_user):
    country = Country.objects.get(slug="belize")
    url = reverse("admin:cities_country_change", args=[country.pk])
    data = admin_form_data(admin_client.get(url))
    data["name_en"] = "Belize (edited)"
    started = timezone.now()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = country.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == admin_user
    assert started <= latest.history_date <= timezone.now()
    assert latest.name_en == "Belize (edited)"
    assert latest.prev_record.name_en == "Belize"


def test_inline_edits_record_who(admin_client, admin_user):
    engagement = Engagement.objects.filter(participations__isnull=False).first()
    participation = engagement.participations.first()
    url = reverse("admin:visits_engagement_change", args=[engagement.pk])
    data = admin_form_data(admin_client.get(url))
    key = next(name for name, value in data.items()
               if name.endswith("-id") and value == str(participation.pk))
    data[key.replace("-id", "-title_en")] = "Deputy Mayor (corrected)"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    latest = participation.history.first()
    assert latest.title_en == "Deputy Mayor (corrected)"
    assert latest.history_user == admin_user


def test_history_page_lists_the_changes(admin_client):
    city = City.objects.get(slug="kumamoto-city")
    city.name_en = "Kumamoto (history page)"
    city.save()
    response = admin_client.get(reverse("admin:cities_city_history", args=[city.pk]))
    assert response.status_code == 200
    assert [record.name_en for record in response.context["page_obj"].object_list][:1] == [
        "Kumamoto (history page)"
    ]


def test_revert_restores_the_earlier_version(admin_client, admin_user):
    city = City.objects.get(slug="kumamoto-city")
    original = city.history.first()
    city.name_zh_hant, city.name_en, city.region_en = "熊本（誤）", "Kumamoto (wrong)", "Wrong region"
    city.save()
    url = reverse("admin:cities_city_simple_history", args=[city.pk, original.history_id])
    form_page = admin_client.get(url)
    assert form_page.status_code == 200
    response = admin_client.post(url, admin_form_data(form_page))
    assert response.status_code == 302, form_page.context["adminform"].form.errors
    city.refresh_from_db()
    assert (city.name_zh_hant, city.name_en, city.region_en) == (
        original.name_zh_hant, original.name_en, original.region_en
    )
    assert city.history.first().history_user == admin_user


def test_deleted_record_is_listed_and_restored(admin_client):
    country = Country.objects.create(
        name_zh_hant="馬紹爾群島", name_en="Marshall Islands", slug="marshall-islands", iso_code="MH",
        kind=CountryKind.SOVEREIGN_STATE,
    )
    delete_url = reverse("admin:cities_country_delete", args=[country.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Country.objects.filter(slug="marshall-islands").exists()

    changelist = admin_client.get(reverse("admin:cities_country_changelist"))
    deleted_url = reverse("admin:cities_country_deleted")
    assert deleted_url in changelist.content.decode()
    listing = admin_client.get(deleted_url)
    assert [record.name_en for record in listing.context["records"]] == ["Marshall Islands"]
    history_url = reverse("admin:cities_country_history", args=[country.pk])
    assert history_url in listing.content.decode()

    history = admin_client.get(history_url)
    last_version = history.context["page_obj"].object_list[0]
    assert last_version.history_type == "-"
    revert_url = reverse("admin:cities_country_simple_history",
                         args=[country.pk, last_version.history_id])
    response = admin_client.post(revert_url, admin_form_data(admin_client.get(revert_url)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    restored = Country.objects.get(pk=country.pk)
    assert (restored.name_zh_hant, restored.name_en, restored.iso_code) == (
        "馬紹爾群島", "Marshall Islands", "MH"
    )
    assert admin_client.get(deleted_url).context["records"].count() == 0


def test_bulk_publish_is_recorded_with_its_user(admin_client, admin_user):
    engagements = list(Engagement.objects.order_by("pk")[:2])
    Engagement.objects.filter(pk__in=[e.pk for e in engagements]).update(status=PublicationStatus.DRAFT)
    response = admin_client.post(reverse("admin:visits_engagement_changelist"), {
        "action": "publish", "_selected_action": [e.pk for e in engagements],
    })
    assert response.status_code == 302
    for engagement in engagements:
        latest = engagement.history.first()
        assert (latest.status, latest.history_user) == (PublicationStatus.PUBLISHED, admin_user)
        assert latest.history_date > timezone.now() - datetime.timedelta(minutes=1)


def what_it_holds(engagement: Engagement) -> dict:
    """The engagement's titles, participants, cities, topics and countries."""
    return {
        "title": (engagement.title_zh_hant, engagement.title_en),
        "participants": sorted(engagement.participations.values_list(
            "person_id", "role", "title_zh_hant", "title_en")),
        "cities": sorted(engagement.cities.values_list("pk", flat=True)),
        "topics": sorted(engagement.topics.values_list("pk", flat=True)),
        "countries": sorted(engagement.countries.values_list("pk", flat=True)),
    }


def test_restoring_a_deleted_engagement_brings_back_what_its_deletion_took(admin_client, admin_user):
    engagement = (Engagement.objects.filter(participations__isnull=False, topics__isnull=False,
                                            cities__isnull=False)
                  .exclude(participations__main_guest_listings__isnull=False).distinct().first())
    before = what_it_holds(engagement)
    assert admin_client.post(reverse("admin:visits_engagement_delete", args=[engagement.pk]),
                             {"post": "yes"}).status_code == 302
    assert not Engagement.objects.filter(pk=engagement.pk).exists()
    assert not Participation.objects.filter(engagement_id=engagement.pk).exists()

    listing = admin_client.get(reverse("admin:visits_engagement_deleted"))
    assert [record.id for record in listing.context["records"]] == [engagement.pk]
    deletion = listing.context["records"][0]
    url = reverse("admin:visits_engagement_simple_history", args=[engagement.pk, deletion.history_id])
    response = admin_client.post(url, admin_form_data(admin_client.get(url)), follow=True)
    assert response.status_code == 200

    restored = Engagement.objects.get(pk=engagement.pk)
    assert what_it_holds(restored) == before
    assert restored.participations.first().history.first().history_user == admin_user


def test_restoring_does_not_bring_back_rows_deleted_on_their_own_before():
    engagement = (Engagement.objects.exclude(participations__main_guest_listings__isnull=False)
                  .annotate(participants=Count("participations")).filter(participants__gte=2).first())
    # The gift register protects its engagements from deletion: take this one's gifts off it.
    engagement.gifts.all().delete()
    removed, *others = engagement.participations.order_by("pk")
    removed_pk = removed.pk
    removed.delete()
    assert Participation.history.filter(id=removed_pk, history_type="-").update(
        history_date=timezone.now() - datetime.timedelta(hours=1)
    ) == 1
    pk = engagement.pk
    engagement.delete()
    Engagement.history.filter(id=pk, history_type="-").get().instance.save(force_insert=True)

    outcome = restore_deleted_with(Engagement.objects.get(pk=pk))
    assert (outcome.skipped, outcome.restored >= len(others)) == (0, True)
    restored = Engagement.objects.get(pk=pk).participations.values_list("pk", flat=True)
    assert sorted(restored) == [other.pk for other in others]


def test_a_save_that_changes_nothing_adds_no_version(admin_client):
    country = Country.objects.get(slug="belize")
    versions = country.history.count()
    country.save()
    url = reverse("admin:cities_country_change", args=[country.pk])
    assert admin_client.post(url, admin_form_data(admin_client.get(url))).status_code == 302
    assert country.history.count() == versions
    country.refresh_from_db()  # the admin's save made the version in memory stale
    country.name_en = "Belize (changed)"
    country.save()
    assert country.history.count() == versions + 1


def test_history_pages_speak_chinese_to_chinese_staff(admin_client_zh):
    country = Country.objects.get(slug="belize")
    country.name_en = "Belize (for the page)"
    country.save()
    page = admin_client_zh.get(reverse("admin:cities_country_history", args=[country.pk])).content.decode()
    assert "修改者" in page and "修改" in page and "Changed by" not in page
    deleted = admin_client_zh.get(reverse("admin:cities_country_deleted")).content.decode()
    assert "沒有已刪除的紀錄。" in deleted


def test_loading_a_fixture_writes_no_history(tmp_path):
    """A raw load (``loaddata``, and so ``restore_data``) brings rows back as they were: it adds
    no version, also not for the many-to-many links the deserializer sets after each row
    (simple-history records those from ``m2m_changed``, which knows nothing of ``raw``)."""
    engagement = Engagement.objects.annotate(n=Count("topics")).filter(n__gte=2).order_by("pk").first()
    topics = set(engagement.topics.values_list("pk", flat=True))
    fixture = tmp_path / "engagement.json"
    fixture.write_text(serializers.serialize("json", [engagement]))
    engagement.topics.remove(min(topics))  # a version of its own, recorded as usual
    links = apps.get_model("visits", "HistoricalEngagement_topics")
    versions = list(engagement.history.values_list("history_id", flat=True))
    link_rows = set(links.objects.values_list("pk", "history_id", "topic_id"))

    call_command("loaddata", str(fixture), verbosity=0)

    assert set(engagement.topics.values_list("pk", flat=True)) == topics
    assert list(engagement.history.values_list("history_id", flat=True)) == versions
    assert set(links.objects.values_list("pk", "history_id", "topic_id")) == link_rows


def changes_of(page: str) -> list[str]:
    """The "Changes" column of a history page, one ``field: old → new`` line per change,
    newest version first, whitespace collapsed."""
    import html
    import re

    items = re.findall(r"<li>\s*<strong>(.*?)</strong>(.*?)</li>", page, re.S)
    return [" ".join(f"{html.unescape(name)} {html.unescape(rest)}".replace("\xa0", " ").split())
            for name, rest in items]


def test_history_writes_each_date_to_its_own_versions_precision(admin_client):
    """Honolulu's partnership (seed: September 1962, the month only, ROC 51/09) learns its day,
    then loses it again: each side is written to the precision its own version keeps, and the
    precision by its label in the admin's language."""
    from cities.models import Partnership
    from core.dates import DatePrecision

    honolulu = Partnership.objects.get(city__slug="honolulu")
    assert (honolulu.established_on, honolulu.established_precision) == (
        datetime.date(1962, 9, 1), DatePrecision.MONTH)
    honolulu.save()  # the first version, as the seed has it
    honolulu.established_on, honolulu.established_precision = datetime.date(1962, 9, 10), DatePrecision.DAY
    honolulu.save()
    honolulu.established_on, honolulu.established_precision = datetime.date(1962, 9, 1), DatePrecision.MONTH
    honolulu.save()
    url = reverse("admin:cities_partnership_history", args=[honolulu.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert changes_of(page) == [
        "締盟日期: 51/09/10 → 51/09", "締盟日期精確度: 日 → 月",
        "締盟日期: 51/09 → 51/09/10", "締盟日期精確度: 月 → 日",
    ]
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert changes_of(english) == [
        "Date established: 1962-09-10 → 1962-09", "Date established known to: day → month",
        "Date established: 1962-09 → 1962-09-10", "Date established known to: month → day",
    ]


def test_history_writes_empty_values_lists_and_authors_for_people(admin_client):
    """The Lithuanian vice-minister's visit (seed: 2022-08-09, no headcount) gets a headcount and
    its countries change: an empty value is written 「（空白）」, a list as names joined by
    「、」; no change reason and no user (the data loader) are not written ``None``."""
    engagement = Engagement.objects.get(slug="2022-08-09-lithuanian-vice-minister")
    assert engagement.headcount is None
    engagement.save()
    engagement.headcount = 12
    engagement.save()
    engagement.countries.set([Country.objects.get(slug="belize")])
    engagement.save()
    url = reverse("admin:visits_engagement_history", args=[engagement.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    changes = changes_of(page)
    assert changes == ["國家: （空白） → 貝里斯", "國家: 立陶宛 → （空白）",  # set(): cleared, then added
                       "接待人數: （空白） → 12",
                       "議題: （空白） → 電動巴士、港區及海運交流、經貿合作", "國家: （空白） → 立陶宛"]
    assert "None" not in page and "[]" not in page
    assert "系統" in page
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Persons received: (empty) → 12" in changes_of(english), changes_of(english)
    assert "None" not in english and "System" in english
