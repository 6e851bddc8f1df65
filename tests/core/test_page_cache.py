"""The public page cache (core.cache): per language, refreshed after commit, never a draft, no
stampede; on both backends the product configures (the database cache of the default install,
and Redis when ``CACHE_URL`` is set)."""

import datetime
import os
import threading
import uuid
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings

from cities.models import City
from core.cache import invalidate_public_pages, invalidation_deferred
from core.models import PublicationStatus
from tests import factories
from tests.page_cache_urls import slow_page, uncacheable_page
from visits.models import Engagement

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def backend_settings(backend: str) -> dict:
    """CACHES for ``backend`` ("database" or "redis"), under a key prefix of this test alone
    (other test runs share the Redis server and the cache table outlives transactional tests)."""
    prefix = f"test-{uuid.uuid4().hex}"
    if backend == "database":
        return {"BACKEND": "core.dbcache.DatabaseCache",
                "LOCATION": "core_page_cache", "KEY_PREFIX": prefix}
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL} (TEST_REDIS_URL)")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix}


@pytest.fixture(params=["database", "redis"])
def cached(request):
    """The page cache switched on, on each backend, for the stand-in pages (tests.page_cache_urls)."""
    with override_settings(ROOT_URLCONF="tests.page_cache_urls", PUBLIC_PAGE_CACHE_SECONDS=60,
                           PUBLIC_PAGE_RENDER_LOCK_SECONDS=1.0,
                           CACHES={"default": backend_settings(request.param)}):
        yield request.param


@pytest.fixture
def page(cached):
    """GET the stand-in page of published cities as an anonymous reader; (X-Page-Cache, body)."""
    def get(language="zh-hant", client=None, path="/cities/"):
        response = (client or Client()).get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return response.get("X-Page-Cache"), response.content.decode()
    return get


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the test's transaction would do at its commit (it never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def needs_concurrent_sessions() -> None:
    """Skip on SQLite's shared in-memory test database: it locks a whole table while one
    connection writes it (``database table is locked``, no busy timeout), so two sessions
    cannot work at once as they do on the product's SQLite file in WAL mode or on PostgreSQL."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("two sessions at once need PostgreSQL or a SQLite file, not the in-memory test database")


def kept_sister_city() -> City:
    """A published city of a new country, Keptland, a sister city since 2000-06-30."""
    from cities.models import PartnershipKind

    land = factories.country("keptland", "保留國", "Keptland")
    city = factories.city("kept-city", "保留市", "Kept City", country=land,
                          status=PublicationStatus.PUBLISHED)
    factories.partnership(city, PartnershipKind.SISTER_CITY, datetime.date(2000, 6, 30))
    return city


def make_draft(slug: str) -> None:
    city = City.objects.get(slug=slug)
    city.status = PublicationStatus.DRAFT
    city.save()


@pytest.mark.django_db
def test_second_request_is_served_from_the_cache_in_one_query_or_none(page, cached,
                                                                      django_assert_num_queries):
    state, body = page()
    assert state == "miss" and "釜山市" in body
    # The database cache reads the version, the epoch and the page in one SELECT.
    with django_assert_num_queries(1 if cached == "database" else 0):
        assert page() == ("hit", body)


@pytest.mark.django_db
def test_a_page_that_may_not_be_stored_is_rendered_at_once_without_the_render_lock(
        cached, committed, django_assert_num_queries):
    """A ``never_cache`` page is rendered for every reader; after its first answer under a
    version, the next readers take no render lock and wait for nobody: one read of the cache
    (on the database cache one query; the lock was three writes more), then the view."""
    uncacheable_page.seconds, uncacheable_page.renderings, uncacheable_page.text = 0, 0, "live"
    assert "X-Page-Cache" not in Client().get("/uncacheable/")
    with django_assert_num_queries(1 if cached == "database" else 0), \
            mock.patch("core.cache.cache.add", side_effect=AssertionError("took the render lock")):
        response = Client().get("/uncacheable/")
    assert response.content == b"live" and "X-Page-Cache" not in response
    uncacheable_page.text = "changed"
    invalidate_public_pages(withdrawn=False)
    committed()
    assert Client().get("/uncacheable/").content == b"changed"  # under the new version, rendered again
    assert uncacheable_page.renderings == 3


@pytest.mark.django_db
def test_each_language_is_cached_apart(page):
    assert "釜山市" in page("zh-hant")[1]
    assert "Busan" in page("en")[1] and "釜山市" not in page("en")[1]
    assert page("en")[0] == "hit" and "Busan" in page("en")[1]
    assert page("zh-hant") == ("hit", page("zh-hant")[1]) and "釜山市" in page("zh-hant")[1]


@pytest.mark.django_db
def test_a_record_turned_draft_is_no_longer_served_once_committed(page, committed):
    assert "釜山市" in page()[1]
    with committed() as callbacks:
        make_draft("busan")
        # Not before the commit: a reader now would store the old page under the new version.
        assert page() == ("hit", page()[1]) and "釜山市" in page()[1]
    assert len(callbacks) == 1  # one invalidation for the save and its history
    state, body = page()
    assert state == "miss" and "釜山市" not in body and "Busan" not in page("en")[1]


@pytest.mark.django_db
def test_a_rolled_back_change_invalidates_nothing(page, committed):
    body = page()[1]
    with committed() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        make_draft("busan")
        raise RuntimeError("the save failed after the signal")
    assert callbacks == [] and page() == ("hit", body)


@pytest.mark.django_db
def test_publishing_through_the_admin_action_invalidates(page, admin_client, committed):
    busan = City.objects.get(slug="busan")
    City.objects.filter(pk=busan.pk).update(status=PublicationStatus.DRAFT)  # no signal
    assert "釜山市" not in page()[1]
    with committed():
        response = admin_client.post("/admin/cities/city/", {
            "action": "publish", "_selected_action": [busan.pk]})
    assert response.status_code == 302
    assert "釜山市" in page()[1]
    with committed():
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


# Stampede: the previous copy while one worker renders; never a copy from before a withdrawal.

def hold_render_lock(path="/cities/", language="zh-hant") -> str:
    """Take the render lock of ``path`` as another worker would; the lock's key."""
    from django.core.cache import cache

    lock = f"public-page:{language}:testserver:{path}:rendering"
    assert cache.add(lock, True, 60)
    return lock


@pytest.mark.django_db
def test_while_another_worker_renders_a_published_change_the_previous_copy_is_served(
        page, committed, django_assert_num_queries):
    from django.core.cache import cache

    City.objects.filter(slug="busan").update(status=PublicationStatus.DRAFT)
    before = page()[1]
    assert "釜山市" not in before
    with committed():
        City.objects.filter(slug="busan").update(status=PublicationStatus.PUBLISHED)
        invalidate_public_pages(withdrawn=False)
    lock = hold_render_lock()
    assert page() == ("stale", before)
    cache.delete(lock)  # the other worker is done (or its lock expired)
    state, body = page()
    assert state == "miss" and "釜山市" in body


@pytest.mark.django_db
def test_after_a_withdrawal_no_earlier_copy_is_served_even_while_another_worker_renders(
        page, committed):
    assert "釜山市" in page()[1]
    with committed():
        make_draft("busan")
    hold_render_lock()  # held for 60 s: this request waits the lock's 1 s, then renders itself
    state, body = page()
    assert state == "miss" and "釜山市" not in body


@pytest.mark.django_db
def test_a_reader_between_the_writes_of_a_withdrawal_gets_no_copy_from_before_it(page, committed):
    """An invalidation writes the cache in more than one step (on the database cache each key
    in its own transaction): a reader that comes after any one of them, while another worker
    renders, is neither served the copy from before the unpublish as current nor as stale. (Seen
    under load: the new version beside the old epoch served the old page, 3 reads of 2 changes.)"""
    from django.core.cache import cache

    assert "釜山市" in page()[1]
    hold_render_lock()
    seen, real_set = [], cache.set

    def set_then_read(key, *args, **kwargs):
        real_set(key, *args, **kwargs)
        if "public-pages" in key:
            seen.append(page())

    with mock.patch.object(cache, "set", set_then_read), committed():
        make_draft("busan")
    assert seen and all("釜山市" not in body for state, body in seen), seen


@pytest.mark.django_db(transaction=True)
def test_data_kept_before_a_withdrawal_is_not_read_between_its_writes(data_kept):
    """A value kept between changes (the archive's periods) is current only under the version
    and epoch it was computed under: between the two writes of an unpublish it is computed
    again, so no page rendered then shows the withdrawn record."""
    from django.core.cache import cache

    from core import timeline

    factories.engagement("kept-1901", "保留測試", "Kept", start_date=OLD, status=PublicationStatus.PUBLISHED)
    assert 1901 in timeline.periods()[0]
    seen, real_set = [], cache.set

    def set_then_read(key, *args, **kwargs):
        real_set(key, *args, **kwargs)
        if "public-pages" in key:
            seen.append(timeline.periods()[0])

    with mock.patch.object(cache, "set", set_then_read):
        make_draft_engagement("kept-1901")
    assert seen and all(1901 not in years for years in seen), seen


@pytest.mark.django_db(transaction=True)
def test_many_readers_after_a_change_render_the_page_once(cached):
    """Eight readers at once, after a change, while the page takes 0.3 s to render: one
    renders, the others get the previous copy (a publish) or wait for the new one (a withdrawal).
    The page reads no records: only the database cache needs the database here."""
    if cached == "database":
        needs_concurrent_sessions()
    slow_page.renderings, slow_page.text = 0, "first"

    def readers(count: int = 8) -> list[tuple[str, str]]:
        results, start = [], threading.Barrier(count)

        def read():
            start.wait()
            response = Client().get("/slow/")
            results.append((response["X-Page-Cache"], response.content.decode()))
            connection.close()
        threads = [threading.Thread(target=read) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    first = readers()
    assert slow_page.renderings == 1  # a cold cache: one renders, seven wait for its copy
    assert sorted(first) == [("hit", "first")] * 7 + [("miss", "first")]

    slow_page.renderings, slow_page.text = 0, "second"
    invalidate_public_pages(withdrawn=False)
    published = readers()
    assert slow_page.renderings == 1
    assert sorted(published) == [("miss", "second")] + [("stale", "first")] * 7

    slow_page.renderings, slow_page.text = 0, "third"
    invalidate_public_pages()
    withdrawn = readers()
    assert slow_page.renderings == 1
    assert sorted(withdrawn) == [("hit", "third")] * 7 + [("miss", "third")]


@pytest.mark.django_db
def test_a_bulk_operation_invalidates_once_at_its_end(page, committed):
    body = page()[1]
    with committed() as callbacks:
        with invalidation_deferred(), transaction.atomic():
            for slug in ("busan", "brisbane"):
                make_draft(slug)
            with invalidation_deferred():  # nested: still one, at the outer end
                invalidate_public_pages(withdrawn=False)
            assert page() == ("hit", body)
        assert page() == ("hit", body)  # the block ended, the transaction has not committed
    assert len(callbacks) == 1
    state, body = page()
    assert state == "miss" and "釜山市" not in body and "布里斯本市" not in body


@pytest.mark.django_db
def test_a_deferred_block_without_changes_invalidates_nothing(page, committed):
    body = page()[1]
    with committed() as callbacks, invalidation_deferred():
        City.objects.filter(slug="busan").exists()
    assert callbacks == [] and page() == ("hit", body)


# The race of a reader and a writer's open transaction, with real transactions.

@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_while_a_save_is_open_is_not_served_after_the_commit(cached):
    """A reader renders while a writer's transaction that withdraws a city is open: it reads
    the city as still published. After the commit, the next reader must not get that page."""
    needs_concurrent_sessions()
    factories.country("race-land", "競態國", "Raceland")
    factories.city("race-city", "競態市", "Race City", country="race-land",
                   status=PublicationStatus.PUBLISHED)

    saved, rendered, outcome = threading.Event(), threading.Event(), {}

    def writer():
        try:
            with transaction.atomic():
                make_draft("race-city")
                saved.set()
                assert rendered.wait(10), "the reader did not render"
        except BaseException as error:  # reported by the main thread
            outcome["writer"] = error
            saved.set()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert saved.wait(10)
    during = Client().get("/cities/")
    rendered.set()
    thread.join(10)
    assert "writer" not in outcome, outcome
    assert during["X-Page-Cache"] == "miss" and "競態市" in during.content.decode()  # the old data
    after = Client().get("/cities/")
    assert after["X-Page-Cache"] == "miss" and "競態市" not in after.content.decode()


# Data kept between changes (the archive's periods, filter options, counts).

@pytest.fixture
def data_kept(cached):
    with override_settings(PUBLIC_DATA_CACHE_SECONDS=60):
        yield cached


OLD = datetime.date(1901, 5, 3)  # a year no record of the sample data touches


@pytest.mark.django_db(transaction=True)
def test_data_is_kept_until_a_change_commits(data_kept, django_assert_num_queries):
    """The archive's periods: computed once, then read from the cache (one query of the
    database cache, none with Redis) until an engagement is published in another year.
    (Whether the sample data is there depends on the transactional tests run before.)"""
    from core import timeline

    years, months = timeline.periods()
    assert 1901 not in years
    with django_assert_num_queries(1 if data_kept == "database" else 0):
        assert timeline.periods() == (years, months)
    factories.engagement("kept-1901", "保留測試", "Kept", start_date=OLD,
                         status=PublicationStatus.PUBLISHED)
    assert timeline.periods() == ([1901, *years], [datetime.date(1901, 5, 1), *months])
    # Inside a transaction nothing is kept: what it reads may roll back.
    with pytest.raises(RuntimeError), transaction.atomic():
        make_draft_engagement("kept-1901")
        assert timeline.periods() == (years, months)
        raise RuntimeError("roll back")
    assert timeline.periods() == ([1901, *years], [datetime.date(1901, 5, 1), *months])


@pytest.mark.django_db(transaction=True)
def test_the_archive_count_is_kept_per_filter_and_refreshed_on_commit(data_kept):
    """The archive's number of activities (its paginator's count of a UNION over every published
    record) is kept per period and filter, and follows the records: 20 a page."""
    def status(query: str) -> int:
        return Client().get(f"/en/activities/1901/{query}").status_code

    with override_settings(ROOT_URLCONF="intl_affairs.urls", PUBLIC_PAGE_CACHE_SECONDS=0):
        for i in range(21):
            factories.engagement(f"count-{i}", f"計數{i}", f"Count {i}", start_date=OLD,
                                 status=PublicationStatus.PUBLISHED)
        factories.exhibition("count-exhibition", "計數展", "Count show", start_date=OLD,
                             status=PublicationStatus.PUBLISHED)
        assert (status("?page=2"), status("?page=3")) == (200, 404)  # 22 activities: 2 pages
        assert status("?kind=reception&page=2") == 200  # 21 receptions
        assert status("?kind=exhibition&page=2") == 404  # 1 exhibition
        factories.engagement("count-21", "計數21", "Count 21", start_date=OLD)  # a draft
        Engagement.objects.get(slug="count-0").delete()
        make_draft_engagement("count-1")
        assert (status("?page=2"), status("?page=1")) == (404, 200)  # 20 left: one page
        assert status("?kind=reception&page=2") == 404


def make_draft_engagement(slug: str) -> None:
    engagement = Engagement.objects.get(slug=slug)
    engagement.status = PublicationStatus.DRAFT
    engagement.save()


@pytest.mark.django_db(transaction=True)
def test_list_rows_are_kept_per_language_and_follow_their_record(data_kept):
    """A timeline's rows (core.timeline.rendered) are rendered once and then read from the cache
    until a change commits: a renamed engagement shows its new title, an unpublished one is gone,
    and each language keeps its own row."""
    from core import timeline

    def archive(language: str = "en") -> str:
        response = Client().get(f"/{language}/activities/1901/")
        assert response.status_code == 200
        return response.content.decode()

    with override_settings(ROOT_URLCONF="intl_affairs.urls", PUBLIC_PAGE_CACHE_SECONDS=0):
        factories.engagement("kept-row", "保留列", "Kept row", start_date=OLD,
                             status=PublicationStatus.PUBLISHED)
        factories.engagement("kept-other", "另一列", "Other row", start_date=OLD,
                             status=PublicationStatus.PUBLISHED)  # keeps 1901 in the archive
        assert ">Kept row</a>" in archive()
        with mock.patch.object(timeline, "materialise", side_effect=AssertionError("not kept")):
            assert ">Kept row</a>" in archive()  # nothing fetched or rendered again
        assert ">保留列</a>" in archive("zh-hant") and "Kept row" not in archive("zh-hant")
        engagement = Engagement.objects.get(slug="kept-row")
        engagement.title_en = "Renamed row"
        engagement.save()
        page = archive()
        assert ">Renamed row</a>" in page and "Kept row" not in page
        make_draft_engagement("kept-row")
        page = archive()
        assert "Renamed row" not in page and ">Other row</a>" in page
        assert "保留列" not in archive("zh-hant")


@pytest.mark.django_db(transaction=True)
def test_the_city_list_is_kept_until_a_change_and_ages_with_the_day(data_kept):
    """The city list's groups (cities.views._city_groups) are kept per filters, page and day: read
    again without rendering on the same day, worked out again the next day (a sister city since
    2000-06-30 is 25 years old on 2026-06-29 and 26 on 2026-06-30), and a renamed city shows
    its new name once the change commits."""
    city = kept_sister_city()

    def row(day: datetime.date) -> str:
        with mock.patch("django.utils.timezone.localdate", return_value=day):
            response = Client().get("/en/cities/?country=keptland")
        assert response.status_code == 200
        return response.content.decode().split('id="city-list"')[1].split("</tr>")[1]

    with override_settings(ROOT_URLCONF="intl_affairs.urls", PUBLIC_PAGE_CACHE_SECONDS=0):
        assert ">Kept City</a>" in row(datetime.date(2026, 6, 29))
        with mock.patch.object(City, "partnership_summary", side_effect=AssertionError("not kept")):
            assert "25 years" in row(datetime.date(2026, 6, 29))
        assert "26 years" in row(datetime.date(2026, 6, 30))
        city.name_en = "Renamed City"
        city.save()
        page = row(datetime.date(2026, 6, 30))
        assert ">Renamed City</a>" in page and "26 years" in page


@pytest.mark.django_db(transaction=True)
def test_a_record_pages_article_is_kept_per_language_and_follows_its_relations(data_kept):
    """An engagement's article (core.cache.KeptArticleMixin) is rendered once, then read from the
    cache without reading its relations until a change commits: each language keeps its own, a
    participant's new title shows, a participant taken off is gone, an unpublished engagement
    is a 404."""
    from visits.models import ParticipantRole, Participation, Person
    from visits.views import EngagementDetailView

    def article(language: str = "en") -> str:
        response = Client().get(f"/{language}/engagements/kept-article/")
        assert response.status_code == 200
        return response.content.decode().split("<article")[1]

    with override_settings(ROOT_URLCONF="intl_affairs.urls", PUBLIC_PAGE_CACHE_SECONDS=0):
        engagement = factories.engagement("kept-article", "保留頁", "Kept page", start_date=OLD,
                                          status=PublicationStatus.PUBLISHED)
        person = Person.objects.create(name_zh_hant="保留人", name_en="Kept Person", search_key="keptperson")
        participation = Participation.objects.create(
            engagement=engagement, person=person, role=ParticipantRole.HEAD,
            title_zh_hant="市長", title_en="Mayor")
        assert ">Kept Person</span>" in article() and "<span>Mayor</span>" in article()
        with mock.patch.object(EngagementDetailView, "get_article_context",
                               side_effect=AssertionError("not kept")):
            assert "<span>Mayor</span>" in article()  # no relation read, nothing rendered
        zh = article("zh-hant")
        assert ">保留人</span>" in zh and "<span>市長</span>" in zh and "Mayor" not in zh
        participation.title_en = "Deputy Mayor"
        participation.save()
        assert "<span>Deputy Mayor</span>" in article()
        participation.delete()
        assert "Kept Person" not in article() and ">Kept page</h1>" in article()
        make_draft_engagement("kept-article")
        assert Client().get("/en/engagements/kept-article/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_home_pages_lists_are_kept_per_day_and_follow_the_records(data_kept):
    """The home page's round anniversaries and the keys of its recent and upcoming lists are kept
    per day: read again without a query of them on the same day, worked out again the next
    year (a sister city since 2000-06-30 has its 25th anniversary in 2025, none in 2026), and
    a renamed city shows its new name once the change commits."""
    from core import timeline
    from pages import views

    city = kept_sister_city()

    def home(day: datetime.date) -> str:
        with mock.patch("django.utils.timezone.localdate", return_value=day):
            response = Client().get("/en/")
        assert response.status_code == 200
        return response.content.decode().split('id="anniversaries-heading"')[1]

    with override_settings(ROOT_URLCONF="intl_affairs.urls", PUBLIC_PAGE_CACHE_SECONDS=0):
        page = home(datetime.date(2025, 3, 1))
        assert ">Kept City</a>" in page and "25th anniversary in 2025" in page
        with (mock.patch.object(views, "round_anniversaries", side_effect=AssertionError("not kept")),
              mock.patch.object(timeline, "_first_rows", side_effect=AssertionError("not kept"))):
            assert home(datetime.date(2025, 3, 1)) == page
        assert "Kept City" not in home(datetime.date(2026, 3, 1))
        city.name_en = "Renamed City"
        city.save()
        assert ">Renamed City</a>" in home(datetime.date(2025, 3, 1))


@pytest.mark.django_db(transaction=True)
def test_search_results_are_kept_per_folded_query_and_follow_the_records(data_kept):
    """The search page's results (pages.views.search_results) are kept under the folded query:
    computed once, then read without a query of the records by every spelling folded alike
    (each page still echoes the query as typed), per language; an engagement renamed to match
    appears, an unpublished one is gone once the change commits."""
    def results(query: str, language: str = "en") -> str:
        response = Client().get(f"/{language}/search/", {"q": query})
        assert response.status_code == 200
        return response.content.decode().split('class="result-count"')[1]

    with override_settings(ROOT_URLCONF="intl_affairs.urls", PUBLIC_PAGE_CACHE_SECONDS=0):
        factories.engagement("kept-search", "保留搜尋", "Keptsearch visit", start_date=OLD,
                             status=PublicationStatus.PUBLISHED)
        other = factories.engagement("kept-search-2", "另一訪問", "Another visit", start_date=OLD,
                                     status=PublicationStatus.PUBLISHED)
        page = results("Keptsearch")
        assert "1 result for “Keptsearch”" in page and ">Keptsearch visit</a>" in page
        with mock.patch.object(Engagement.objects, "public", side_effect=AssertionError("not kept")):
            again = results("ＫＥＰＴＳＥＡＲＣＨ")
            assert again == page.replace("“Keptsearch”", "“ＫＥＰＴＳＥＡＲＣＨ”")
        assert ">保留搜尋</a>" in results("Keptsearch", "zh-hant")
        other.title_en = "Another Keptsearch visit"
        other.save()
        page = results("keptsearch")
        assert "2 results for “keptsearch”" in page and ">Another Keptsearch visit</a>" in page
        make_draft_engagement("kept-search")
        page = results("keptsearch")
        assert "1 result for “keptsearch”" in page and ">Keptsearch visit</a>" not in page
