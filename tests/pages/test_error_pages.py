"""The 404 and 500 pages are in the site's layout and the address's language (issue 15), and
no missing address is a server error."""

import pytest
from django.conf import settings

from tests.public_helpers import assert_accessible_structure

pytestmark = pytest.mark.django_db

MISSING = [
    "/zh-hant/no-such-page/",
    "/en/no-such-page/",
    "/zh-hant/cities/no-such-city/",
    "/en/engagements/no-such-engagement/",
    "/en/exhibitions/no-such-exhibition/",
    "/zh-hant/activities/1800/",
    "/en/activities/2022/13/",
    "/zh-hant/%FF%FE/",
    "/en/search/%00/",
    "/en/cities/%E5%A4%A7/?q=%00",
]

HEADINGS = {"zh-hant": ("<h1>找不到網頁</h1>", '<html lang="zh-Hant">'), "en": ("<h1>Page not found</h1>", '<html lang="en">')}


@pytest.fixture
def client(client):
    """The test client answering a view's exception with the error page, as a server does."""
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", MISSING)
def test_a_missing_page_is_a_404_in_the_layout_and_language_of_its_address(client, url):
    response = client.get(url)
    assert response.status_code == 404, url
    html = response.content.decode()
    heading, root = HEADINGS["en" if url.startswith("/en/") else "zh-hant"]
    assert heading in html and root in html, url
    page = assert_accessible_structure(html, url)
    assert "/zh-hant/cities/" in page.links or "/en/cities/" in page.links


def test_an_address_without_language_is_a_404_in_the_visitors_language(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(("language", "heading", "root"), [
    ("zh-hant", "<h1>伺服器錯誤</h1>", '<html lang="zh-Hant">'),
    ("en", "<h1>Server error</h1>", '<html lang="en">'),
])
def test_a_server_error_is_a_500_in_the_layout_and_language_of_its_address(client, language, heading, root):
    response = client.get(f"/{language}/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert heading in html and root in html
    assert_accessible_structure(html, f"/{language}/fail/")


@pytest.mark.urls("tests.error_urls")
def test_when_the_layout_fails_too_the_server_error_is_a_plain_page(client, settings):
    options = settings.TEMPLATES[0]["OPTIONS"]
    processors = [*options["context_processors"], "tests.error_urls.failing_context_processor"]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**options, "context_processors": processors}}]
    response = client.get("/en/fail/")
    assert response.status_code == 500
    assert "<h1>Server error (500)</h1>" in response.content.decode()


def test_the_error_pages_need_no_database(django_assert_num_queries, client):
    with django_assert_num_queries(0):
        assert client.get("/en/no-such-page/").status_code == 404
    assert settings.ROOT_URLCONF == "intl_affairs.urls"
