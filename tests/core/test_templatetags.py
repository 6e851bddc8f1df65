"""Dates, anniversaries and languages as the public pages write them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from cities.models import Partnership
from core.dates import DatePrecision, format_anniversary
from visits.models import Engagement

D = datetime.date


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load public_site %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("year", "zh", "en"),
    [
        (2022, "民國111年", "2022"),
        (1912, "民國元年", "1912"),
        (1911, "民國前1年", "1911"),
        (1900, "民國前12年", "1900"),
    ],
)
def test_year_label(year, zh, en):
    assert render("{{ year|year_label }}", "zh-hant", year=year) == zh
    assert render("{{ year|year_label }}", "en", year=year) == en


def test_month_and_half_year_labels():
    assert render("{{ d|month_label }}", "zh-hant", d=D(2022, 8, 1)) == "民國111年8月"
    assert render("{{ d|month_label }}", "en", d=D(2022, 8, 1)) == "August 2022"
    assert render('{{ d|period_label:"half_year" }}', "zh-hant", d=D(2022, 7, 1)) == "111年7月至12月"


def test_date_at_keeps_the_precision():
    assert render('{% date_at d "year" %}', "zh-hant", d=D(1982, 1, 1)) == '<time datetime="1982">71年</time>'
    assert (
        render('{% date_at d "month" %}', "en", d=D(1962, 9, 1))
        == '<time datetime="1962-09">September 1962</time>'
    )
    assert render("{% date_at d %}", "en", d=None) == ""


def test_anniversaries():
    assert format_anniversary(40, 2022, "zh-hant") == "111年締盟40周年"
    assert format_anniversary(40, 2022, "en") == "40th anniversary in 2022"
    assert format_anniversary(1, 2023, "en") == "1st anniversary in 2023"
    assert format_anniversary(22, 2027, "en") == "22nd anniversary in 2027"
    partnership = Partnership(established_on=D(1982, 1, 1), established_precision=DatePrecision.YEAR)
    assert partnership.milestones(D(2022, 12, 15)) == ((2022, 40), (2027, 45))
    assert partnership.milestones(D(2026, 11, 29)) == ((2022, 40), (2027, 45))
    assert Partnership(established_on=D(2019, 2, 16)).milestones(D(2022, 1, 1)) == (None, (2024, 5))
    assert Partnership().milestones(D(2022, 1, 1)) == (None, None)


def test_a_one_day_engagement_is_one_date_and_an_open_exhibition_runs_from():
    from exhibitions.models import Exhibition

    engagement = Engagement(start_date=D(2022, 12, 20))
    assert engagement.date_display("zh-hant") == "111年12月20日"
    assert (
        Engagement(start_date=D(2022, 7, 1), date_precision="half_year").date_display("zh-hant")
        == "111年下半年"
    )
    exhibition = Exhibition(start_date=D(2022, 5, 1), date_precision="month")
    assert exhibition.date_display("zh-hant") == "111年5月起"
    assert exhibition.date_display("en") == "from May 2022"


def test_html_language_tags():
    assert render('{{ "zh-hant"|html_language }}', "en") == "zh-Hant"
    assert render('{{ "en"|html_language }}', "en") == "en"
    assert render('{{ "pt-br"|html_language }}', "en") == "pt-BR"


def test_one_list_helper_joins_every_list_as_its_language_does():
    from core.i18n import join_list

    assert join_list(["市長", "波蘭格丁尼亞市"], "zh-hant") == "市長、波蘭格丁尼亞市"
    assert join_list(["Mayor", "Gdynia"], "en") == "Mayor, Gdynia"
    assert render("{{ names|join_names }}|{% list_separator %}", "zh-hant", names=["韓國", "日本"]) == "韓國、日本|、"
    assert render("{{ names|join_names }}|{% list_separator %}", "en", names=["Korea", "Japan"]) == "Korea, Japan|, "


@pytest.mark.django_db
def test_choices_are_shown_by_their_public_labels():
    from cities.models import City, LocalGovernmentKind, PartnershipKind
    from core.models import PublicLabelChoices

    mou = Partnership.objects.filter(kind=PartnershipKind.AGREEMENT).first()
    assert render('{{ p|public_label:"kind" }}', "zh-hant", p=mou) == "交流協定"
    assert render('{{ p|public_label:"kind" }}', "en", p=mou) == "exchange agreement"
    busan = City.objects.get(slug="busan")
    assert render('[{{ c|public_label:"kind" }}]', "zh-hant", c=busan) == "[]"
    assert PublicLabelChoices.for_field(City._meta.get_field("kind")) is LocalGovernmentKind
    # A field whose choices are not public-label choices shows its display label.
    assert render('{{ e|public_label:"date_precision" }}', "zh-hant", e=Engagement.objects.first()) in (
        "日", "月", "半年", "年")


@pytest.mark.parametrize(("age", "zh", "en"), [(0, "未滿1年", "under a year"), (33, "33年", "33 years"),
                                               (None, "", "")])
def test_age_label(age, zh, en):
    assert render("{{ age|age_label }}", "zh-hant", age=age) == zh
    assert render("{{ age|age_label }}", "en", age=age) == en
