"""Crawl the whole public site in both languages: every page answers, is structured for
assistive technology, never shows an unpublished record, names choices by their public labels
and joins Chinese lists with 、."""

import datetime
import html as html_module
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cities.models import City
from core.models import PublicLabelChoices
from tests import factories
from tests.public_helpers import assert_accessible_structure, crawl

# What marks an admin label written for the clerk choosing: an explanation or alternatives.
EXPLAINED = re.compile(r"[（(]|e\.g\.|例如|\bor\b|或")
# An ASCII comma after Chinese text: a Chinese list joined the English way (「市長, 波蘭」).
ASCII_COMMA_IN_CHINESE = re.compile(r"[\u4e00-\u9fff）」], ")


def _all_public_label_choices() -> list[type[PublicLabelChoices]]:
    pending, found = list(PublicLabelChoices.__subclasses__()), []
    while pending:
        choices = pending.pop()
        found.append(choices)
        pending.extend(choices.__subclasses__())
    return found


def _admin_labels_replaced(language: str) -> tuple[set[str], set[str]]:
    """The admin labels, in ``language``, of the choices whose public label differs: those that
    explain themselves (never on a public page), and the short ones that have a public label
    instead (never as a text of their own). A choice not shown publicly (a city is not labelled
    "city") is left to the template check below: its label is an ordinary word too (城市)."""
    explained, short = set(), set()
    with translation.override(language):
        for choices in _all_public_label_choices():
            for member in choices:
                label = str(member.label)
                if label == member.public_label:
                    continue
                if EXPLAINED.search(label):
                    explained.add(label)
                elif member.public_label:
                    short.add(label)
    return explained, short


def _text(html: str) -> str:
    """The page's text nodes and attribute values as a reader or a screen reader gets them."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", "\n", body))

pytestmark = pytest.mark.django_db


def _answers_200(path: str, response, text: str) -> None:
    assert response.status_code == 200, f"{path}: {response.status_code}"


def _language_page(source: str, target: str) -> bool:
    """The pages of both languages, unfiltered (a list's pages are followed, not its filters)."""
    path, _, query = target.partition("?")
    return path.startswith(("/zh-hant/", "/en/")) and (not query or query.startswith("page="))


def test_crawl_every_public_page(client):
    san_antonio = City.objects.get(slug="san-antonio")
    factories.engagement("unpublished-reception", "未公開接待", "Unpublished reception",
                         cities=(san_antonio,))
    factories.engagement("embargoed-visit", "保密訪問", "Embargoed visit",
                         start_date=datetime.date(2022, 12, 19), status=factories.PUBLISHED,
                         publish_from=factories.later(days=30), cities=(san_antonio,))
    factories.exhibition("unpublished-show", "未公開展", "Unpublished exhibition")
    factories.city("hiddenburg", "未公開市", "Hiddenburg", country=san_antonio.country)

    pages = crawl(client, ["/zh-hant/", "/en/"], _answers_200, limit=400, follow=_language_page)

    # Both languages of every detail page of the sample data were reached by following links.
    assert "/zh-hant/cities/san-antonio/" in pages and "/en/cities/erzgebirgskreis/" in pages
    assert "/en/engagements/2022-11-belize-city-hurricane-relief/" in pages
    assert "/zh-hant/exhibitions/city-mascots/" in pages
    assert "/en/activities/2021/01/" in pages and "/zh-hant/activities/?page=2" in pages
    assert len(pages) > 150
    for url, html in pages.items():
        assert_accessible_structure(html, url)
        for secret in (
            "未公開",
            "Unpublished",
            "保密訪問",
            "Embargoed",
            "Hiddenburg",
            "unpublished-",
            "embargoed-",
            "hiddenburg",
        ):
            assert secret not in html, (url, secret)

    # No admin label on a public page where a public label replaces it (built from the enums,
    # so a new choice is covered): the explained ones nowhere, the others not as a whole text.
    for language in ("zh-hant", "en"):
        explained, short = _admin_labels_replaced(language)
        assert {"其他協議（合作備忘錄、交流協定）", "縣（例如德國之 Landkreis）", "本府接待或率團首長"} <= explained or (
            language == "en" and "district (e.g. German Landkreis)" in explained)
        for url, html in pages.items():
            if not url.startswith(f"/{language}/"):
                continue
            texts = {line.strip() for line in _text(html).splitlines()}
            for label in explained:
                assert label not in html, (url, label)
            for label in short:
                assert label not in texts, (url, label)
    for url, html in pages.items():
        if url.startswith("/zh-hant/"):
            assert not ASCII_COMMA_IN_CHINESE.findall(_text(html)), url


def test_every_public_label_is_short_in_both_languages():
    for choices in _all_public_label_choices():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for member in choices:
                    label = member.public_label
                    assert not EXPLAINED.search(label), (choices.__name__, member, language, label)
                    assert label not in ("其他", "other"), (choices.__name__, member, language)


def test_public_templates_show_choices_by_their_public_labels():
    """``get_FOO_display`` shows the admin's label; public templates use ``public_label``."""
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [str(path.relative_to(templates)) for path in templates.rglob("*.html")
                 if re.search(r"get_\w+_display", path.read_text(encoding="utf-8"))]
    assert offenders == []
