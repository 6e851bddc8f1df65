"""What a reader sees of partnerships, kinds, roles and lists: labelled ages on the phone city list,
no 「締盟至今 0年」, Chinese lists joined with 、, and short public labels instead of the admin's."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from cities.models import PartnershipKind
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
LITHUANIA = "/{lang}/engagements/2022-08-09-lithuanian-vice-minister/"


@pytest.fixture
def today_2026_12_01(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def gdynia(today_2026_12_01):
    """A sister city signed three months before "today" (a factory, not a fact of the source)."""
    poland = factories.country("poland", "波蘭", "Poland", "PL")
    city = factories.city("gdynia", "格丁尼亞市", "Gdynia", country=poland, status=factories.PUBLISHED)
    factories.partnership(city, PartnershipKind.SISTER_CITY, datetime.date(2026, 9, 1), ordinal=43)
    return city


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _row(html: str, slug: str) -> str:
    # On the city list, after the map (whose markers link to the cities too).
    return html.split('id="city-list"')[-1].split(f'/cities/{slug}/"')[1].split("</tr>")[0]


def test_the_city_list_labels_the_date_and_the_age_in_each_cell(client, today_2026_12_01):
    html = get(client, "/zh-hant/cities/")
    # Erzgebirgskreis: a sister city since 1993 (known to the year), 33 years at 2026-12-01.
    row = _row(html, "erzgebirgskreis")
    assert ('<span class="cell-label" aria-hidden="true">締盟日期 </span><time datetime="1993">82年</time>'
            in row)
    assert '<span class="cell-label" aria-hidden="true">締盟至今 </span>33年' in row
    assert '<th scope="col">締盟至今</th>' in html and "年份" not in html
    english = get(client, "/en/cities/")
    assert '<span class="cell-label" aria-hidden="true">Age </span>33 years' in _row(english, "erzgebirgskreis")


def test_the_phone_layout_shows_the_cell_labels_only_there():
    css = Path(apps.get_app_config("core").path) / "static" / "core" / "site.css"
    wide, phone = css.read_text(encoding="utf-8").split("@media (max-width: 40rem)", 1)
    assert ".city-table .cell-label { display: none; }" in wide
    assert ".city-table .cell-label { display: inline; }" in phone


def test_a_partnership_under_a_year_old_is_not_zero_years_old(client, gdynia):
    for lang, young in (("zh-hant", "未滿1年"), ("en", "under a year")):
        listing = get(client, f"/{lang}/cities/")
        assert young in _row(listing, "gdynia")
        page = get(client, f"/{lang}/cities/gdynia/")
        assert f"<dd>{young}</dd>" in page
        assert ">0年<" not in page and ">0 years<" not in page


def test_participants_read_organisation_then_title_in_chinese(client):
    html = get(client, LITHUANIA.format(lang="zh-hant"))
    assert '<span class="person__role"><span>立陶宛交通及通訊部</span><span>政務次長</span></span>' in html
    assert "政務次長, " not in html
    english = get(client, LITHUANIA.format(lang="en"))
    assert ('<span class="person__role"><span>Vice Minister</span>, <span>Ministry of Transport and '
            'Communications of Lithuania</span></span>') in english
    search = get(client, "/zh-hant/search/?q=愛格涅")
    assert "<span>立陶宛交通及通訊部</span><span>政務次長</span> — " in search


def test_lists_of_linked_cities_use_the_languages_separator(client):
    html = get(client, "/zh-hant/engagements/2022-07-24-tokyo-mission-agriculture-marine-tourism/")
    assert '八王子市</a>、<a href="/zh-hant/cities/tokyo/">' in html
    english = get(client, "/en/engagements/2022-07-24-tokyo-mission-agriculture-marine-tourism/")
    assert 'Hachioji</a>, <a href="/en/cities/tokyo/">' in english
    bureaus = html.split("<dt>參與局處</dt><dd>")[1].split("</dd>")[0]
    assert bureaus == "行政暨國際處、農業局、海洋局、觀光局"


def test_public_pages_name_kinds_and_roles_by_their_public_labels(client, today_2026_12_01):
    kumamoto = get(client, "/zh-hant/cities/kumamoto-city/")
    assert "<h3>交流協定</h3>" in kumamoto and "其他協議" not in kumamoto
    assert "<h3>exchange agreement</h3>" in get(client, "/en/cities/kumamoto-city/")
    erzgebirgskreis = get(client, "/zh-hant/cities/erzgebirgskreis/")
    assert '<p class="eyebrow">德國 · <span>薩克森邦</span> · 縣</p>' in erzgebirgskreis
    assert '<p class="eyebrow">日本 · 都道府縣</p>' in get(client, "/zh-hant/cities/tokyo/")
    # A city is not labelled "city".
    assert '<p class="eyebrow">韓國</p>' in get(client, "/zh-hant/cities/busan/")
    assert '<p class="eyebrow">Germany · <span>Saxony</span> · district</p>' in get(
        client, "/en/cities/erzgebirgskreis/")
    lithuania = get(client, LITHUANIA.format(lang="zh-hant"))
    assert '<span class="muted">本府首長</span>' in lithuania and "本府接待或率團首長" not in lithuania
    lighting = get(client, "/zh-hant/engagements/2022-09-08-brisbane-colours-lighting/")
    assert '<span class="tag">活動</span>' in lighting and "典禮或活動" not in lighting


def test_the_city_filter_offers_the_public_labels(client):
    html = get(client, "/zh-hant/cities/")
    assert '<option value="agreement">交流協定</option>' in html
    assert "其他協議" not in html


def test_an_item_of_another_kind_carries_no_tag(client):
    factories.exhibition("2030-other-items", "其他物品展", start_date=datetime.date(2030, 3, 1),
                         status=factories.PUBLISHED)
    from exhibitions.models import ExhibitedItem, Exhibition, Item, ItemKind

    item = Item.objects.create(name_zh_hant="不明物品", name_en="Unknown object", kind=ItemKind.OTHER)
    ExhibitedItem.objects.create(exhibition=Exhibition.objects.get(slug="2030-other-items"), item=item)
    html = get(client, "/zh-hant/exhibitions/2030-other-items/")
    assert "<span>不明物品</span></p>" in html and '<span class="tag">其他</span>' not in html
