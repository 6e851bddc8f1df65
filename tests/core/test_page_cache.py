"""The public page cache (core.cache): per language, emptied on changes, never a draft."""

import pytest
from django.test import Client, override_settings

from cities.models import City
from core.models import PublicationStatus

CACHED = override_settings(
    ROOT_URLCONF="tests.page_cache_urls", PUBLIC_PAGE_CACHE_SECONDS=60,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                        "LOCATION": "page-cache-tests"}},
)


@pytest.fixture
def page():
    """GET the stand-in public page as an anonymous reader; return (X-Page-Cache, body)."""
    def get(language="zh-hant", client=None):
        response = (client or Client()).get("/cities/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return response.get("X-Page-Cache"), response.content.decode()
    with CACHED:
        yield get


@pytest.mark.django_db
def test_second_request_is_served_from_the_cache_without_queries(page, django_assert_num_queries):
    state, body = page()
    assert state == "miss" and "釜山市" in body
    with django_assert_num_queries(0):
        assert page() == ("hit", body)


@pytest.mark.django_db
def test_each_language_is_cached_apart(page):
    assert "釜山市" in page("zh-hant")[1]
    assert "Busan" in page("en")[1] and "釜山市" not in page("en")[1]
    assert page("en")[0] == "hit" and "Busan" in page("en")[1]


@pytest.mark.django_db
def test_a_record_turned_draft_is_no_longer_served(page):
    assert "釜山市" in page()[1]
    busan = City.objects.get(slug="busan")
    busan.status = PublicationStatus.DRAFT
    busan.save()
    state, body = page()
    assert state == "miss" and "釜山市" not in body


@pytest.mark.django_db
def test_publishing_through_the_admin_action_invalidates(page, admin_client):
    busan = City.objects.get(slug="busan")
    City.objects.filter(pk=busan.pk).update(status=PublicationStatus.DRAFT)  # no signal
    assert "釜山市" not in page()[1]
    response = admin_client.post("/admin/cities/city/", {
        "action": "publish", "_selected_action": [busan.pk]})
    assert response.status_code == 302
    assert "釜山市" in page()[1]
    admin_client.post("/admin/cities/city/", {"action": "unpublish", "_selected_action": [busan.pk]})
    assert "釜山市" not in page()[1]


@pytest.mark.django_db
def test_staff_with_a_session_bypass_the_cache(page, admin_client):
    page()
    assert page(client=admin_client)[0] is None


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, ROOT_URLCONF="tests.page_cache_urls")
@pytest.mark.django_db
def test_without_a_configured_cache_nothing_is_cached(client):
    assert "X-Page-Cache" not in client.get("/cities/")
