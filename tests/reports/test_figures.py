"""The charts of the office's figures (reports/figures.py, core/charts.py): the public figures
page counts published records only, the report page its half-year; each chart is an SVG with no
script and a table of the same figures, in both languages with ROC years in Chinese."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import Partnership
from core.charts import Chart, Series
from core.dates import HalfYear, format_decade
from reports.builder import select_records
from reports.figures import figure_charts
from tests import factories
from visits.models import EngagementKind

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:reports_halfyearreport_changelist")


def _published(queryset):
    return queryset.published()


def _charts(language="zh-hant", select=_published, **kwargs) -> dict[str, Chart]:
    with translation.override(language):
        return {chart.slug: chart for chart in figure_charts(language, select, **kwargs)}


def _table(chart: Chart) -> list[tuple[str, list]]:
    return chart.rows


def test_half_years_computed_beside_reported():
    charts = _charts()
    # Reported: the source chapter's 「計22案、142人次」; computed: 25 cases, 26 person-times
    # (counted by hand in tests/reports/test_chapter.py).
    assert _table(charts["cases"]) == [("111年7月至12月", [25, 22])]
    assert _table(charts["person-times"]) == [("111年7月至12月", [26, 142])]
    assert charts["cases"].categories == ("111年下半年",)
    english = _charts("en")
    assert _table(english["cases"]) == [("July–December 2022", [25, 22])]
    assert english["cases"].categories == ("2022 H2",)
    assert [s.name for s in english["cases"].series] == ["Computed from the records", "Officially reported"]


def test_a_half_year_without_a_report_has_no_reported_figure_and_drafts_do_not_count():
    factories.engagement("2023-03-draft", "草稿接待", start_date=datetime.date(2023, 3, 1))
    factories.engagement("2023-04-visit", "接待", start_date=datetime.date(2023, 4, 1),
                         status=factories.PUBLISHED, headcount=7)
    rows = _table(_charts()["person-times"])
    assert rows == [("111年7月至12月", [26, 142]), ("112年1月至6月", [7, None])]
    drafts = _table(_charts(select=lambda qs: select_records(qs, True))["cases"])
    assert drafts == [("111年7月至12月", [25, 22]), ("112年1月至6月", [2, None])]


def test_a_gap_between_half_years_is_shown_as_zero():
    factories.engagement("2023-09-visit", "接待", start_date=datetime.date(2023, 9, 1),
                         status=factories.PUBLISHED)
    rows = _table(_charts()["cases"])
    assert rows == [("111年7月至12月", [25, 22]), ("112年1月至6月", [0, None]), ("112年7月至12月", [1, None])]


def test_activities_by_kind_and_country():
    charts = _charts()
    # Sample data: 20 receptions, 2 outbound visits (Tokyo, Lithuania), 3 video conferences,
    # the Brisbane lighting (an event), one donation, and 6 exhibitions.
    assert _table(charts["kinds"]) == [("外賓接待", [20]), ("出訪", [2]), ("視訊會議", [3]), ("活動", [1]),
                                       ("捐贈", [1]), ("展覽", [6])]
    rows = dict(_table(charts["countries"]))
    # Japan: 4 engagements; 1 exhibition (the series features Kumamoto and Hachioji).
    assert rows["日本"] == [4, 1]
    assert rows["韓國"] == [0, 3]
    assert len(rows) == 12
    assert charts["countries"].note.endswith("列出20個國家及地區中活動最多之12個。")
    assert "The 12 of 20 countries" in _charts("en")["countries"].note


def test_the_countries_chart_shows_the_same_countries_in_both_languages():
    """Fourteen countries have one activity each and six of them fit under the twelve: which six
    is decided by slug (austria ... new-zealand), not by the name in the page's language (the
    Chinese page showed Palau and Tuvalu where the English one showed Germany and Haiti)."""
    top = ["美國", "日本", "澳洲", "貝里斯", "韓國", "聖文森及格瑞那丁"]
    chinese = _charts()["countries"].categories
    assert chinese[:6] == tuple(top)
    assert sorted(chinese[6:]) == sorted(["奧地利", "史瓦帝尼王國", "德國", "海地共和國", "立陶宛", "紐西蘭"])
    assert _charts("en")["countries"].categories == (
        "United States", "Japan", "Australia", "Belize", "South Korea", "Saint Vincent and the Grenadines",
        "Austria", "Eswatini", "Germany", "Haiti", "Lithuania", "New Zealand")


def test_partnerships_per_decade_by_kind_with_roc_years():
    chart = _charts()["decades"]
    # Sample data: Honolulu 1962, Busan 1966; Tulsa 1980, San Antonio 1982, Portland 1988;
    # Erzgebirgskreis 1993, Brisbane 1997; Belize City 2005, Hachioji (friendship) 2006;
    # Kumamoto Prefecture and City MOUs 2013, their upgrades 2017, Daejeon 2017, Daegu 2018,
    # Suwon 2019 (friendship cities).
    assert [s.name for s in chart.series] == ["姊妹市", "友好城市", "交流協定"]
    assert chart.categories[0] == "民國49年至58年"
    assert _table(chart) == [
        ("民國49年至58年", [2, 0, 0]), ("民國59年至68年", [0, 0, 0]), ("民國69年至78年", [3, 0, 0]),
        ("民國79年至88年", [2, 0, 0]), ("民國89年至98年", [1, 1, 0]), ("民國99年至108年", [0, 5, 2]),
    ]
    assert _charts("en")["decades"].categories == ("1960s", "1970s", "1980s", "1990s", "2000s", "2010s")


def test_partnerships_of_draft_cities_do_not_count_on_the_public_page():
    draft = factories.city("nowhere", "無名市", "Nowhere")
    Partnership.objects.create(city=draft, kind="sister_city", established_on=datetime.date(1975, 5, 5))
    assert _table(_charts()["decades"])[1] == ("民國59年至68年", [0, 0, 0])
    everything = _charts(select=lambda qs: select_records(qs, True))["decades"]
    assert _table(everything)[1] == ("民國59年至68年", [1, 0, 0])


def test_the_report_page_limits_kinds_and_countries_to_its_half_year(admin_client_zh):
    factories.engagement("2023-04-visit", "接待", start_date=datetime.date(2023, 4, 1),
                         status=factories.PUBLISHED, kind=EngagementKind.VIDEO_CONFERENCE)
    response = admin_client_zh.get(PAGE, {"period": "2022H2", "language": "zh-hant"})
    charts = {chart.slug: chart for chart in response.context["charts"]}
    assert dict(_table(charts["kinds"]))["視訊會議"] == [3]
    assert charts["kinds"].title == "依類型之交流活動（111年7月至12月）"
    # The half-year charts end at the chosen half-year.
    assert _table(charts["cases"]) == [("111年7月至12月", [25, 22])]
    html = response.content.decode()
    assert 'id="chart-person-times"' in html and "<td>142</td>" in html
    assert "<script" not in html.split('class="charts"')[1].split("</div>\n\n")[0]


def test_the_public_page_in_both_languages(client):
    html = client.get("/zh-hant/figures/").content.decode()
    assert "<title>統計圖表 |" in html
    assert re.search(r'<svg [^>]*role="img" aria-label="各半年度外賓接待案數"', html)
    assert "<th scope=\"row\">111年7月至12月</th><td>25</td><td>22</td>" in html
    assert 'aria-current="page">統計圖表</a>' in html
    english = client.get("/en/figures/").content.decode()
    assert '<th scope="row">July–December 2022</th><td>26</td><td>142</td>' in english
    assert "1980s" in english
    assert "<script" not in html and "<script" not in english


def test_the_sitemap_lists_the_figures_page(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/zh-hant/figures/</loc>" in sitemap and "/en/figures/" in sitemap


def test_chart_svg_has_no_script_and_rejects_mismatched_series():
    svg = Chart("x", "Title & more", "Kind", ("a", "b"), (Series("n", (1, None)),)).svg()
    assert svg.startswith("<svg") and "<script" not in svg and 'aria-label="Title &amp; more"' in svg
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        Chart("x", "T", "K", ("a", "b"), (Series("n", (1,)),))
    with pytest.raises(ValueError, match="unknown chart kind 'pie'"):
        Chart("x", "T", "K", ("a",), (Series("n", (1,)),), kind="pie")
    assert Chart("x", "T", "K", ("a",), (Series("n", (0,)),)).is_empty


def test_half_year_short_labels_and_decades():
    assert HalfYear(2022, 2).short_label("zh-hant") == "111年下半年"
    assert HalfYear(2023, 1).short_label("en") == "2023 H1"
    assert format_decade(1980, "zh-hant") == "民國69年至78年"
    assert format_decade(1910, "zh-hant") == "民國前2年至8年"
    assert format_decade(2020, "en") == "2020s"


def _drawn_and_tabled(html: str) -> dict[str, tuple[list[str], list[list[str]], list[list[str]]]]:
    """Each chart of a page, read back from its HTML: ``slug -> (the SVG's texts, the values
    printed on each series' bars, in category order, '' where none is printed, and the table's
    rows, each the row header then one cell per series)``."""
    from xml.etree import ElementTree

    charts = {}
    for slug, section in re.findall(r'<section class="chart" id="chart-([^"]+)".*?>(.*?)</section>', html, re.S):
        svg = ElementTree.fromstring(re.search(r"<svg.*</svg>", section, re.S).group(0))
        texts = ["".join(text.itertext()) for text in svg.iter("{http://www.w3.org/2000/svg}text")]
        overlay = next(g for g in svg.iter("{http://www.w3.org/2000/svg}g") if "text-overlay" in g.get("class", ""))
        horizontal = "horizontal" in svg.find("{http://www.w3.org/2000/svg}g").get("class", "")
        printed = []
        for series in overlay:
            values = ["".join(text.itertext()) for text in series]
            printed.append(values[::-1] if horizontal else values)  # drawn bottom up
        table = section.split("<tbody>")[1]
        rows = [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
        charts[slug] = texts, printed, rows
    return charts


def _assert_drawn_as_tabled(charts) -> None:
    """Every chart draws the figures its table holds: each series' printed values are the table's
    column (a 0 or an unreported figure prints nothing)."""
    assert set(charts) == {"cases", "person-times", "kinds", "countries", "decades"}
    for slug, (_texts, printed, rows) in charts.items():
        columns = [[row[1 + index] for row in rows] for index in range(len(printed))]
        expected = [["" if cell in ("0", "not reported", "未填報") else cell for cell in column] for column in columns]
        assert printed == expected, slug


@pytest.mark.parametrize(("language", "half_year", "decade"), [
    ("zh-hant", "111年下半年", "民國69年至78年"), ("en", "2022 H2", "1980s")])
def test_each_chart_draws_the_figures_of_its_table(client, admin_client, language, half_year, decade):
    """The public figures page and the report page for 2022H2: the SVG's axis names the half-year
    in the language's calendar (111年下半年 is July–December 2022 in ROC years: 2022 − 1911) and
    the decades (1980–1989 is 民國69年至78年), and its bars carry the table's figures: 25
    computed and 22 reported cases, 26 and 142 person-times (the source chapter's 「計22案、142人次」),
    Tulsa, San Antonio and Portland's three sister cities of the 1980s."""
    public = _drawn_and_tabled(client.get(f"/{language}/figures/").content.decode())
    report = _drawn_and_tabled(admin_client.get(PAGE, {"period": "2022H2", "language": language},
                                                 HTTP_ACCEPT_LANGUAGE=language).content.decode())
    for charts in (public, report):
        _assert_drawn_as_tabled(charts)
        texts, printed, rows = charts["cases"]
        assert half_year in texts and printed == [["25"], ["22"]] and [row[1:] for row in rows] == [["25", "22"]]
        texts, printed, rows = charts["person-times"]
        assert half_year in texts and printed == [["26"], ["142"]]
    texts, printed, rows = public["decades"]
    assert decade in texts and [row for row in rows if row[0] == decade] == [[decade, "3", "0", "0"]]
