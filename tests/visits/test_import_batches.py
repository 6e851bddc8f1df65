"""An import reads and writes its file a batch of rows at a time (core.imports.BatchedRows,
StaffImportResource.start_batch) inside one transaction: whatever the batch size, the result,
the errors' row numbers and what is written are those of one batch, and an error in the last
batch leaves nothing of the first."""

import copy
import csv
import io

import pytest
from django.utils import translation

from core.imports import import_file
from visits.models import Engagement, Participation, Person
from visits.resources import EngagementResource, VisitorListResource

SAN_ANTONIO_VIDEO = "2022-12-20-san-antonio-40th-anniversary-video-conference"
WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def batched(resource, size: int):
    resource._meta = copy.copy(resource._meta)
    resource._meta.batch_size = size
    return resource


ENGAGEMENT_HEADER = ["slug", "kind", "title_zh_hant", "start_date", "countries"]


def engagement(slug: str, start: str = "111/08/16", country: str = "JP") -> list[str]:
    return [slug, "reception", f"接待 {slug}", start, country]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 3, 1000])
def test_engagements_in_batches_give_the_rows_errors_and_records_of_one_batch(size):
    data = csv_bytes(ENGAGEMENT_HEADER, [
        engagement("batch-1"), engagement("batch-2"), engagement("batch-3", "112/02/29"),  # row 4
        [], engagement("batch-4"),                    # a blank row 5 is skipped, numbers kept
        engagement("batch-1", "111/08/20"),           # row 7 repeats row 2, in another batch
        engagement(SAN_ANTONIO_VIDEO, "111/12/20", "united-states"),  # an update, row 8
        engagement("batch-5", country="Japn"),        # row 9: a suggestion
    ])
    with translation.override("en"):
        result = import_file(batched(EngagementResource(), size), data, "csv")
        assert result.messages() == [
            "row 4, column D “start_date”: “112/02/29” is not a real day: 2023 has no 2/29.",
            "row 7, column A “slug”: “batch-1” is already on row 2 of this file.",
            "row 9, column E “countries”: No country or territory is “Japn” (write its code, ISO code "
            "or name). Did you mean “Japan (japan, JP)”?",
        ]
    assert not Engagement.objects.filter(slug__startswith="batch-").exists()  # all or nothing

    valid = csv_bytes(ENGAGEMENT_HEADER, [engagement("batch-1"), engagement("batch-2"), [],
                                          engagement(SAN_ANTONIO_VIDEO, "111/12/20", "united-states"),
                                          engagement("batch-4", country="日本")])
    result = import_file(batched(EngagementResource(), size), valid, "csv")
    assert result.messages() == []
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (3, 1, 1)
    assert sorted(Engagement.objects.filter(slug__startswith="batch-").values_list("slug", "countries__slug")) == [
        ("batch-1", "japan"), ("batch-2", "japan"), ("batch-4", "japan")]
    assert list(Engagement.objects.get(slug=SAN_ANTONIO_VIDEO).countries.values_list("slug", flat=True)) == [
        "united-states"]


@pytest.mark.django_db
def test_an_error_in_the_last_batch_rolls_back_the_batches_written_before_it():
    people, participations = Person.objects.count(), Participation.objects.count()
    rows = [[SAN_ANTONIO_VIDEO, f"批次訪客{n}", "member"] for n in range(5)]
    rows.append(["no-such-engagement", "批次訪客5", "member"])  # row 7, alone in the third batch
    resource = batched(VisitorListResource(), 3)
    with translation.override("en"):
        result = import_file(resource, csv_bytes(["engagement", "name_zh_hant", "role"], rows), "csv")
        assert [message.split(":")[0] for message in result.messages()] == ["row 7, column A “engagement”"]
    assert resource._written  # the first two batches were written, then rolled back with the file
    assert (Person.objects.count(), Participation.objects.count()) == (people, participations)
    assert not Person.objects.filter(name_zh_hant__startswith="批次訪客").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 1000])
def test_a_new_person_named_in_two_batches_is_one_person_and_a_repeat_across_batches_is_flagged(size):
    people = Person.objects.count()
    header = ["engagement", "name_zh_hant", "name_en", "role"]
    rows = [[SAN_ANTONIO_VIDEO, "林批次", "Lin Batch", "head"],
            [SAN_ANTONIO_VIDEO, "陳批次", "", "member"],
            [WAKAYAMA, "", "LIN BATCH", "member"]]  # the same new person, by the English name only
    result = import_file(batched(VisitorListResource(), size), csv_bytes(header, rows), "csv")
    assert result.messages() == []
    assert Person.objects.count() == people + 2
    lin = Person.objects.get(name_en="Lin Batch")
    assert sorted(lin.participations.values_list("engagement__slug", "role")) == [
        (WAKAYAMA, "member"), (SAN_ANTONIO_VIDEO, "head")]

    repeated = rows + [[SAN_ANTONIO_VIDEO, "", "Lin  Batch", "member"]]  # row 5 = row 2's person
    with translation.override("en"):
        result = import_file(batched(VisitorListResource(), size), csv_bytes(header, repeated), "csv",
                             dry_run=True)
        assert result.messages() == [
            "row 5, column C “name_en”: Lin Batch is already on row 2 of this file, in the same "
            "engagement: list each person once."]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 1000])
def test_repeats_are_found_by_their_folded_text_even_when_every_key_has_the_same_hash(size, monkeypatch):
    # The file's keys are kept by hash (core.filekeys); one hash for every key must neither hide
    # a repeat nor make one: rows naming other records stay fine, spellings folded alike repeat.
    from core import filekeys

    monkeypatch.setattr(filekeys, "digest", lambda key: 7)
    data = csv_bytes(ENGAGEMENT_HEADER, [engagement("hash-1"), engagement("hash-2"),
                                         engagement("\u3000hash-1 ", "111/08/20")])  # row 4 = row 2
    visitors = csv_bytes(["engagement", "name_zh_hant", "name_en", "role"], [
        [SAN_ANTONIO_VIDEO, "朗·尼倫伯格", "", "guest"],            # a known person (U+00B7)
        [SAN_ANTONIO_VIDEO, "林雜湊", "Lin Hash", "head"],          # a new one
        [WAKAYAMA, "林雜湊", "", "member"],                          # the same one elsewhere: fine
        [SAN_ANTONIO_VIDEO, "", "LIN HASH", "member"],               # row 5 = row 3's person
        [SAN_ANTONIO_VIDEO, "朗．尼倫伯格", "", "member"],          # row 6 = row 2's (U+FF0E)
    ])
    with translation.override("en"):
        assert import_file(batched(EngagementResource(), size), data, "csv").messages() == [
            "row 4, column A “slug”: “hash-1” is already on row 2 of this file."]
        assert import_file(batched(VisitorListResource(), size), visitors, "csv").messages() == [
            "row 5, column C “name_en”: LIN HASH is already on row 3 of this file, in the same "
            "engagement: list each person once.",
            "row 6, column B “name_zh_hant”: 朗．尼倫伯格 is already on row 2 of this file, in the "
            "same engagement: list each person once."]
    assert not Engagement.objects.filter(slug__startswith="hash-").exists()
    assert not Person.objects.filter(name_zh_hant="林雜湊").exists()
