"""A request missing a parameter, or with a wrong one, is answered with a page in the user's
language that says what is wrong (pages.views.bad_request, handler400), never a plain-text 400:
every view that reads request.GET or request.POST by hand and refuses what it reads."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core.registry import project_apps
from gifts.models import InventoryWalk

pytestmark = pytest.mark.django_db

DOWNLOAD = "/admin/reports/halfyearreport/download/"


def product_sources() -> list[Path]:
    """The Python files of this repository's apps and project package."""
    roots = [Path(config.path) for config in project_apps()]
    roots.append(Path(settings.BASE_DIR).resolve() / "intl_affairs")
    return sorted({path for root in roots for path in root.rglob("*.py")})


def test_no_view_answers_a_plain_text_400():
    """The class closed at its root: a view refuses with ``BadRequest`` and a message, which the
    400 page shows, so no view builds its own (plain-text) 400."""
    handler = Path(settings.BASE_DIR).resolve() / "pages" / "views.py"  # its last resort
    offenders = [str(path) for path in product_sources()
                 if "HttpResponseBadRequest(" in path.read_text(encoding="utf-8") and path != handler]
    assert offenders == []


def is_page(response, status=400) -> bool:
    return response.status_code == status and response["Content-Type"] == "text/html; charset=utf-8"


def test_the_report_download_says_which_choice_is_missing(admin_client_zh):
    response = admin_client_zh.get(DOWNLOAD)
    assert is_page(response)
    html = response.content.decode()
    assert '<html lang="zh-hant"' in html.lower() and "<title>無法處理的請求" in html
    assert "<p role=\"alert\">半年期間：這個欄位是必須的。報告章節語言：這個欄位是必須的。檔案格式：這個欄位是必須的。</p>" in html
    response = admin_client_zh.get(DOWNLOAD, {"period": "2022H2", "language": "zh-hant"})
    assert is_page(response)
    assert '<p role="alert">檔案格式：這個欄位是必須的。</p>' in response.content.decode()


def test_the_report_download_in_english(admin_client):
    response = admin_client.get(DOWNLOAD, {"period": "2022H2", "language": "zh-hant", "format": "pdf"},
                                headers={"accept-language": "en"})
    assert is_page(response)
    assert ('<p role="alert">Format: Select a valid choice. pdf is not one of the available choices.</p>'
            in response.content.decode())


def test_the_calendar_names_the_languages_it_offers(client):
    response = client.get("/calendar.ics", {"lang": "fr"})
    assert is_page(response)
    html = response.content.decode()
    assert '<p class="lead">未提供「fr」語言：請使用 lang=zh-hant / en。</p>' in html
    assert "<h1>無法處理的請求</h1>" in html


def test_the_inventory_walk_says_the_form_sent_no_gift(admin_client_zh):
    walk = InventoryWalk.objects.create(year=2031)
    response = admin_client_zh.post(reverse("admin:gifts_inventorywalk_walk", args=[walk.pk]), {"result": "found"})
    assert is_page(response)
    assert '<p role="alert">表單未送出禮品：請選擇您清點的禮品。</p>' in response.content.decode()


def test_a_request_that_cannot_be_read_gets_the_page_without_detail(client, settings):
    """A ``SuspiciousOperation`` (here a Host the site does not serve) is a 400 too; its message
    is for the log, and the page, which cannot ask for the bad host again, is the plain one."""
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/zh-hant/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()
