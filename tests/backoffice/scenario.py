"""What the backup tests do to a scratch database, run in a child process
(``manage.py shell -c "from tests.backoffice import scenario; scenario.office_history()"``), so
that backups read a database the test process holds no transaction on, as in real use.
"""

from __future__ import annotations

import datetime
import io
import json
import time
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import connection, transaction
from PIL import Image

from backoffice.backup import counted_models
from backoffice.roles import EDITOR
from cities.models import City, Country
from datasets.sample_data import load_sample_data
from visits.models import Engagement, EngagementPhoto, Participation, Person, Topic

# The colours of the three images Busan's record had, oldest first.
BUSAN_IMAGES = ("red", "green", "blue")


def png(color: str | tuple, size: tuple[int, int] = (8, 8)) -> bytes:
    """A PNG of one colour."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def office_history(photos: int = 0) -> None:
    """The sample data, then a working week on top of it: a clerk's edit, Busan's image
    replaced twice (so history alone refers to two images and their thumbnails), a country
    added to an engagement, an import dry run that was rolled back (gaps in the sequences), a
    deleted participation, and ``photos`` photos of the first engagement (uploaded as the admin
    does, so each gets its thumbnail)."""
    load_sample_data()
    clerk = User.objects.create_user("clerk", password="long enough password", is_staff=True)
    clerk.groups.add(Group.objects.get(name=EDITOR))
    busan = City.objects.get(slug="busan")
    busan.name_en, busan.region_zh_hant = "Busan Metropolitan City", "慶尚南道"
    busan._history_user = clerk
    busan.save()
    for number, color in enumerate(BUSAN_IMAGES):
        busan.image = ContentFile(png(color), name=f"busan{number}.png")
        busan.save()
    engagement = Engagement.objects.order_by("pk").first()
    engagement.countries.add(Country.objects.exclude(engagements=engagement).order_by("pk").first())
    try:
        with transaction.atomic():
            Person.objects.create(name_zh_hant="試匯入", name_en="Dry run")
            raise RuntimeError("rolled back, as an import's dry run is")
    except RuntimeError:
        pass
    engagement.participations.order_by("pk").last().delete()
    for number in range(photos):
        photo = EngagementPhoto(engagement=engagement, alt_text_zh_hant=f"照片{number}",
                                alt_text_en=f"Photo {number}", position=number)
        photo.image = ContentFile(png((number * 6 % 256, 80, 160), (64, 48)), name=f"visit{number}.png")
        photo.save()


def max_keys() -> dict[str, int]:
    """Table -> its largest primary key (0 when empty), of every table a backup counts."""
    tables = [model._meta for model in counted_models()]
    quote = connection.ops.quote_name
    union = " UNION ALL ".join(
        f"SELECT '{meta.db_table}', MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)}"  # noqa: S608
        for meta in tables)
    with connection.cursor() as cursor:
        cursor.execute(union)
        return {table: value or 0 for table, value in cursor.fetchall()}


def writer(stop: str) -> None:
    """Keep saving visits until the file ``stop`` exists (two minutes at most), each in one
    transaction: a guest, an engagement with two topics, the guest's participation, and every
    fifth time a photo. After each commit, print one JSON line: ``n`` (0, 1, ...), ``t``
    (``time.monotonic()``) and ``max`` (:func:`max_keys`), so a test knows which rows each
    transaction wrote."""
    topics = list(Topic.objects.order_by("pk")[:2])
    deadline = time.monotonic() + 120
    n = 0
    while not Path(stop).exists() and time.monotonic() < deadline:
        with transaction.atomic():
            person = Person.objects.create(name_zh_hant=f"訪客{n}", name_en=f"Guest {n}")
            engagement = Engagement.objects.create(
                kind="reception", title_zh_hant=f"接待{n}", slug=f"w-{n}",
                start_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n))
            engagement.topics.set(topics)
            Participation.objects.create(person=person, engagement=engagement, role="guest")
            if n % 5 == 0:
                photo = EngagementPhoto(engagement=engagement, alt_text_zh_hant=f"接待{n}")
                photo.image = ContentFile(png((n % 256, 0, 0)), name=f"w{n}.png")
                photo.save()
        print(json.dumps({"n": n, "t": time.monotonic(), "max": max_keys()}), flush=True)
        n += 1

