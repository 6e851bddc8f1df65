"""Crawl every public URL on a dataset full of drafts, embargoed records, personal data and
hostile text, and check that nothing leaks and nothing runs.

The dataset: the sample data, where every text field a clerk can enter (in both languages) is
prefixed by one of three hostile strings; half the records of each publishable model turned to
drafts and a third of the rest embargoed, each with a unique token in its title/name; every
person with unique staff-only personal data. The crawl starts at the home pages of both
languages and the open-data addresses (whatever exists on this branch), follows every same-site
link, ``<loc>`` and address in feeds and data, and submits every GET form with a hostile value.

Every response must: not be a server error; not contain a draft or embargo token nor a piece of
personal data; in HTML, contain no script element, event-handler attribute or ``javascript:``
address that came from the data; in CSV, no cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from PIL import Image

from cities.models import City
from core.models import PublicationStatus, PublishableModel
from core.registry import record_models
from exhibitions.models import Exhibition, ExhibitionPhoto, Item
from tests.public_helpers import crawl
from visits.models import Engagement, EngagementPhoto, Person

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://evil.example/","open")',
)
FORMULA_STARTS = ("=", "+", "-", "@")
DRAFT_TOKEN = "DRAFTLEAK"
EMBARGO_TOKEN = "EMBARGOLEAK"
PERSONAL_TOKEN = "PERSONALLEAK"
START_URLS = ["/zh-hant/", "/en/", "/", "/open-data/", "/open-data/partnerships.csv",
              "/open-data/partnerships.json", "/open-data/activities.csv",
              "/open-data/activities.json", "/calendar.ics", "/sitemap.xml"]
MAX_PAGES = 800


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    """The text fields a clerk can type into: editable CharFields and TextFields without
    choices, in their language versions (name_zh_hant, name_en) rather than the original."""
    names = {f.name for f in model._meta.concrete_fields}
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or not field.editable:
            continue
        if field.choices or isinstance(field, (models.SlugField, models.URLField,
                                               models.EmailField, models.FileField)):
            continue
        if f"{field.name}_zh_hant" in names or field.name in Person.PERSONAL_DATA_FIELDS:
            continue
        fields.append(field)
    return fields


def _fit(field: models.Field, text: str) -> str:
    return text[: field.max_length] if field.max_length else text


def make_hostile_dataset() -> dict[str, list[str]]:
    """Change the sample data in place (inside the test's transaction) and return the strings
    that must never appear: ``{"draft": [...], "embargo": [...], "personal": [...]}``."""
    secrets: dict[str, list[str]] = {"draft": [], "embargo": [], "personal": []}
    _add_photos()
    for model in record_models(include_history=True):
        text_fields = _text_fields(model)
        publishable = issubclass(model, PublishableModel)
        for index, obj in enumerate(model.objects.order_by("pk")):
            values = {}
            for number, field in enumerate(text_fields):
                hostile = HOSTILE[(index + number) % len(HOSTILE)]
                values[field.attname] = _fit(field, f"{hostile} {getattr(obj, field.attname) or ''}")
            if publishable and text_fields:
                token = None
                if index % 2 == 0:
                    token = f"{DRAFT_TOKEN}{model._meta.model_name}{obj.pk}X"
                    values["status"] = PublicationStatus.DRAFT
                    secrets["draft"].append(token)
                elif index % 3 == 1:
                    token = f"{EMBARGO_TOKEN}{model._meta.model_name}{obj.pk}X"
                    values["status"] = PublicationStatus.PUBLISHED
                    values["publish_from"] = timezone.now() + datetime.timedelta(days=30)
                    secrets["embargo"].append(token)
                else:
                    values["status"] = PublicationStatus.PUBLISHED
                    values["publish_from"] = None
                if token:
                    for field in text_fields:  # every text field, so any rendering shows it
                        values[field.attname] = _fit(field, f"{token} {values[field.attname]}")
            if model is Person:
                token = f"{PERSONAL_TOKEN}{obj.pk}X"
                values.update(email=f"{token.lower()}@example.org", phone=f"+886-7-{token}",
                              passport_number=f"P{token}", dietary_needs=f"halal {token}",
                              notes=f"{HOSTILE[0]} {token} 對海鮮過敏")
                secrets["personal"].append(token)
            if values:
                _update(model, obj.pk, values)
    return secrets


def _add_photos() -> None:
    """Give every engagement, exhibition, city and item an image, so that captions and
    alternative texts (made hostile below) are rendered too."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    png = buffer.getvalue()
    for engagement in Engagement.objects.all():
        EngagementPhoto(engagement=engagement, alt_text_zh_hant="合影", caption_zh_hant="說明",
                        image=ContentFile(png, name="photo.png")).save()
    for exhibition in Exhibition.objects.all():
        ExhibitionPhoto(exhibition=exhibition, alt_text_zh_hant="展場", caption_zh_hant="說明",
                        image=ContentFile(png, name="photo.png")).save()
    for model in (City, Item):
        for obj in model.objects.all():
            obj.image = ContentFile(png, name="image.png")
            obj.image_alt_text = "圖"
            obj.save()


def _update(model: type[models.Model], pk: int, values: dict) -> None:
    """Write ``values``; where a constraint refuses the whole (an ISO code format...), write
    field by field and keep what the database accepts."""
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**values)
    except IntegrityError:
        for name, value in values.items():
            try:
                with transaction.atomic():
                    model.objects.filter(pk=pk).update(**{name: value})
            except IntegrityError:
                pass


class DangerParser(HTMLParser):
    """Collects GET forms and what would run: scripts, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[str]]] = []
        self.dangers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.dangers.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value and \
                    re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.dangers.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
            if attributes.get("src") and "alert(1)" in attributes["src"]:
                self.dangers.append(f"<script src={attributes['src']!r}>")
        if tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self.forms.append((attributes.get("action") or "", []))
        if tag in ("input", "textarea") and self.forms and attributes.get("name") and \
                attributes.get("type", "text") in ("text", "search"):
            self.forms[-1][1].append(attributes["name"])

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data) -> None:
        if self._in_script and "alert(1)" in data:
            self.dangers.append(f"<script>{data[:80]}</script>")


def _is_number(cell: str) -> bool:
    """A negative number (a longitude) is a number in a spreadsheet, not a formula."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.django_db
def test_crawl_of_every_public_url_leaks_nothing_and_runs_nothing(client):
    secrets = make_hostile_dataset()
    assert secrets["draft"] and secrets["embargo"] and secrets["personal"]
    forbidden = [*secrets["draft"], *secrets["embargo"], *secrets["personal"],
                 DRAFT_TOKEN, EMBARGO_TOKEN, PERSONAL_TOKEN, PERSONAL_TOKEN.lower()]
    problems: list[str] = []
    escaped_hostile_pages = 0

    def check(path: str, response, text: str) -> list[str]:
        """Record what is wrong with one response; return the page's GET forms filled in
        with hostile text."""
        nonlocal escaped_hostile_pages
        if response.status_code >= 500:
            problems.append(f"{path}: HTTP {response.status_code}")
        if response.status_code != 200:
            return []
        for secret in forbidden:
            if secret in text:
                problems.append(f"{path}: shows {secret}")
        content_type = response.headers.get("Content-Type", "")
        if "html" in content_type:
            parser = DangerParser()
            parser.feed(text)
            problems.extend(f"{path}: {danger}" for danger in parser.dangers)
            for raw in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"):
                if raw in text:
                    problems.append(f"{path}: unescaped {raw}")
            escaped_hostile_pages += "&lt;script&gt;alert(1)&lt;/script&gt;" in text
            return [f"{action or path.split('?')[0]}?{urlencode({name: HOSTILE[1] + HOSTILE[0] for name in inputs})}"
                    for action, inputs in parser.forms if inputs]
        if "csv" in content_type:
            for row in csv.reader(io.StringIO(text)):
                problems.extend(f"{path}: formula cell {cell[:40]!r}" for cell in row
                                if cell.startswith(FORMULA_STARTS) and not _is_number(cell))
        if "xml" in content_type:
            try:
                ET.fromstring(text)
            except ET.ParseError as error:
                problems.append(f"{path}: XML does not parse ({error})")
        return []

    pages = crawl(client, START_URLS, check, limit=MAX_PAGES)

    assert problems == []
    if "/zh-hant/" in pages:
        # The public site exists: the hostile text was shown (escaped), so the checks above
        # had something to check; and the crawl reached every published engagement's page.
        assert escaped_hostile_pages > 10
        from visits.models import Engagement

        public_pages = [e.get_absolute_url() for e in Engagement.objects.published()]
        assert public_pages
        for page in public_pages:
            assert page in pages or page.replace("/zh-hant/", "/en/") in pages, page


def test_no_template_turns_escaping_off():
    """Every record text is shown escaped: no template marks data safe or turns autoescape off
    (rich text would need nh3 first)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offending = []
    for template in [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]:
        content = template.read_text(encoding="utf-8")
        if re.search(r"\|\s*safe\b|autoescape\s+off|\|\s*safeseq\b", content):
            offending.append(str(template.relative_to(root)))
    assert offending == []
