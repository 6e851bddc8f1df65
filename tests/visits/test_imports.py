"""Imports of engagements and visitor lists from CSV and XLSX (core.imports,
visits.resources): ROC dates, matching of existing people, errors by row and column, and
nothing written unless the whole file is valid."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import translation

from core.imports import column_letter, import_file
from visits.models import Engagement, Participation, Person
from visits.resources import EngagementResource, VisitorListResource

SAN_ANTONIO_VIDEO = "2022-12-20-san-antonio-40th-anniversary-video-conference"


def csv_bytes(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(header: list[str], rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def engagement_row(slug: str, start: str, **extra) -> dict:
    return {"slug": slug, "kind": "reception", "title_zh_hant": f"接待 {slug}", "title_en": "",
            "start_date": start, "end_date": "", "date_precision": "day", "countries": "japan",
            "topics": "tourism", **extra}


@pytest.mark.django_db
def test_visitor_list_matches_an_existing_person_whatever_the_middle_dot():
    nirenberg = Person.objects.get(name_zh_hant="朗．尼倫伯格")
    people_before = Person.objects.count()
    participations_before = Participation.objects.count()
    data = csv_bytes([
        {"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "朗·尼倫伯格", "name_en": "",
         "country": "", "role": "guest", "title_zh_hant": "市長", "organisation_zh_hant": "美國聖安東尼市",
         "email": "mayor-nirenberg-4242@example.org", "dietary_needs": "vegetarian"},
        {"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "艾瑞克・華許", "name_en": "  Erik   Walsh ",
         "country": "united-states", "role": "member", "title_zh_hant": "市政經理",
         "organisation_zh_hant": "美國聖安東尼市", "email": "", "dietary_needs": ""},
    ])
    result = import_file(VisitorListResource(), data, "csv")
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert Person.objects.count() == people_before + 1
    assert Participation.objects.count() == participations_before + 1
    nirenberg.refresh_from_db()
    assert nirenberg.name_zh_hant == "朗．尼倫伯格"  # the stored spelling is kept
    assert nirenberg.email == "mayor-nirenberg-4242@example.org"
    assert nirenberg.dietary_needs == "vegetarian"
    walsh = Person.objects.get(name_en="Erik Walsh")  # white space tidied on the way in
    assert walsh.country.slug == "united-states"
    assert walsh.participations.get().engagement.slug == SAN_ANTONIO_VIDEO
    assert walsh.participations.get().role == "member"


@pytest.mark.django_db
def test_visitor_list_dry_run_writes_nothing():
    people_before = Person.objects.count()
    data = csv_bytes([{"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "新訪賓", "role": "member"}])
    result = import_file(VisitorListResource(), data, "csv", dry_run=True)
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new"]
    assert Person.objects.count() == people_before


@pytest.mark.django_db
def test_visitor_list_errors_name_row_and_column_and_nothing_is_written():
    people_before = Person.objects.count()
    participations_before = Participation.objects.count()
    data = csv_bytes([
        {"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "甲訪賓", "country": "", "role": "member",
         "email": ""},
        {"engagement": "no-such-engagement", "name_zh_hant": "乙訪賓", "country": "atlantis",
         "role": "member", "email": "not-an-email"},
        {"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "", "country": "", "role": "boss",
         "email": ""},
    ])
    with translation.override("en"):
        result = import_file(VisitorListResource(), data, "csv")
        messages = result.messages()
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(errors) == [3, 4]  # the spreadsheet's rows: the header is row 1
    assert set(errors[3]) == {"engagement", "country", "email"}
    assert set(errors[4]) == {"name_zh_hant", "role"}
    assert messages == [
        "row 3, column A “engagement”: No engagement is “no-such-engagement” (write its code).",
        "row 3, column C “country”: No country or territory is “atlantis” (write its code, ISO code or name).",
        "row 3, column E “email”: Enter a valid email address.",
        "row 4, column B “name_zh_hant”: Give the person's name.",
        "row 4, column D “role”: “boss” is not one of: head (head of delegation), member (member "
        "of delegation), guest (guest or counterpart), host (host or leader for the city), "
        "city_delegate (member for the city), dignitary (Taiwanese dignitary (legislator, councillor)).",
    ]
    assert Person.objects.count() == people_before  # row 1 was valid, but not written either
    assert Participation.objects.count() == participations_before


@pytest.mark.django_db
def test_engagements_from_xlsx_accept_iso_roc_and_real_date_cells():
    header = ["slug", "kind", "title_zh_hant", "title_en", "start_date", "end_date",
              "date_precision", "countries", "cities", "topics"]
    data = xlsx_bytes(header, [
        ["import-test-roc", "reception", "接待測試甲", "Test A", "111/08/16", "民國111年8月18日",
         "day", "united-states", "san-antonio", "smart-city、tourism"],
        ["import-test-cell", "video conference", "視訊測試乙", "Test B",
         datetime.datetime(2022, 12, 1), None, "day", "australia", "brisbane", ""],
        ["import-test-month", "outbound_visit", "出訪測試丙", "", "111年7月24日", "", "month",
         "japan", "", ""],
    ])
    result = import_file(EngagementResource(), data, "xlsx")
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    first = Engagement.objects.get(slug="import-test-roc")
    assert (first.start_date, first.end_date) == (datetime.date(2022, 8, 16), datetime.date(2022, 8, 18))
    assert first.status == "draft"
    assert list(first.cities.values_list("slug", flat=True)) == ["san-antonio"]
    assert set(first.topics.values_list("slug", flat=True)) == {"smart-city", "tourism"}
    second = Engagement.objects.get(slug="import-test-cell")
    assert second.kind == "video_conference" and second.start_date == datetime.date(2022, 12, 1)
    third = Engagement.objects.get(slug="import-test-month")
    assert third.start_date == datetime.date(2022, 7, 1)  # stored as the first day of the month


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_bad_date_in_the_third_data_row_is_row_4_column_e_and_nothing_is_written(file_format):
    before = Engagement.objects.count()
    rows = [engagement_row("import-bad-1", "111/08/16"), engagement_row("import-bad-2", "2022-08-17"),
            engagement_row("import-bad-3", "112/02/29")]
    if file_format == "csv":
        data = csv_bytes(rows)
    else:
        data = xlsx_bytes(list(rows[0]), [list(row.values()) for row in rows])
    with translation.override("en"):
        result = import_file(EngagementResource(), data, file_format)
        assert result.messages() == [
            "row 4, column E “start_date”: “112/02/29” is not a real day: 2023 has no 2/29."]
    assert [row.number for row in result.invalid_rows] == [4]
    assert list(result.invalid_rows[0].error_dict) == ["start_date"]
    assert Engagement.objects.count() == before


@pytest.mark.django_db
def test_errors_are_in_the_clerks_language():
    data = csv_bytes([engagement_row("import-lang", "112/02/29")])
    for language, words in (("zh-hant", "不是實際存在的日子"), ("en", "is not a real day")):
        with translation.override(language):
            (row,) = import_file(EngagementResource(), data, "csv").invalid_rows
            assert words in row.error_dict["start_date"][0]


@pytest.mark.django_db
def test_unknown_slug_in_a_many_to_many_column_is_a_row_error_not_a_crash():
    before = Engagement.objects.count()
    data = csv_bytes([engagement_row("import-m2m", "111/09/01", countries="japan,narnia")])
    result = import_file(EngagementResource(), data, "csv")
    assert not result.has_errors()
    (row,) = result.invalid_rows
    assert list(row.error_dict) == ["countries"] and "narnia" in row.error_dict["countries"][0]
    assert Engagement.objects.count() == before


@pytest.mark.django_db
def test_end_before_start_is_reported_on_its_column():
    data = csv_bytes([engagement_row("import-backwards", "111/09/10", end_date="111/09/01")])
    result = import_file(EngagementResource(), data, "csv")
    (row,) = result.invalid_rows
    assert "end_date" in row.error_dict


@pytest.mark.django_db
def test_existing_slug_updates_the_engagement_instead_of_duplicating_it():
    engagement = Engagement.objects.get(slug=SAN_ANTONIO_VIDEO)
    before = Engagement.objects.count()
    data = csv_bytes([{"slug": SAN_ANTONIO_VIDEO, "place_zh_hant": "高雄市政府四維行政中心"}])
    result = import_file(EngagementResource(), data, "csv")
    assert not result.has_validation_errors(), result.invalid_rows
    engagement.refresh_from_db()
    assert engagement.place_zh_hant == "高雄市政府四維行政中心"
    assert engagement.start_date == datetime.date(2022, 12, 20)
    assert Engagement.objects.count() == before


@pytest.mark.django_db
def test_engagement_export_neutralises_formula_injection():
    engagement = Engagement.objects.get(slug=SAN_ANTONIO_VIDEO)
    engagement.place_zh_hant = '=HYPERLINK("http://evil.example","點我")'
    engagement.save()
    dataset = EngagementResource().export(Engagement.objects.filter(pk=engagement.pk))
    assert dataset.dict[0]["place_zh_hant"] == '\'=HYPERLINK("http://evil.example","點我")'
    assert dataset.dict[0]["start_date"] == "2022-12-20"


@pytest.mark.django_db
def test_admin_import_previews_errors_by_row_and_column_then_imports_a_valid_file(admin_client_zh):
    url = "/admin/visits/engagement/import/"
    assert admin_client_zh.get(url).status_code == 200
    bad = csv_bytes([engagement_row("admin-import-1", "111/08/16"),
                     engagement_row("admin-import-2", "111/08/17"),
                     engagement_row("admin-import-3", "112/02/29")])
    page = admin_client_zh.post(url, {"format": "0", "import_file": _upload("visits.csv", bad)})
    assert page.status_code == 200
    result = page.context["result"]
    assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [(4, ["start_date"])]
    html = page.content.decode()
    assert "<td>4 </td>" in html  # the spreadsheet's row, said so above the table:
    assert "列號與試算表相同：標題列為第 1 列，第一筆資料為第 2 列。" in html
    assert ('<span class="validation-error-field-label">E 欄「start_date」</span>' in html)
    assert "<li>「112/02/29」不是實際存在的日子：西元2023年沒有2月29日。</li>" in html
    assert "不是實際存在的日子" in html  # the clerk's language: the zh-hant admin
    assert "部分資料列未通過檢查" in html  # django-import-export's page too (locale_thirdparty)
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None
    assert not Engagement.objects.filter(slug__startswith="admin-import-").exists()

    good = csv_bytes([engagement_row("admin-import-1", "111/08/16"),
                      engagement_row("admin-import-2", "民國111年8月17日")])
    preview = admin_client_zh.post(url, {"format": "0", "import_file": _upload("visits.csv", good)})
    confirm = preview.context["confirm_form"]
    assert not Engagement.objects.filter(slug__startswith="admin-import-").exists()  # dry run
    previewed = preview.content.decode()  # dates as the admin's forms write them, not ISO
    assert "111/08/16" in previewed and "111/08/17" in previewed and "2022-08-1" not in previewed
    done = admin_client_zh.post("/admin/visits/engagement/process_import/", {
        name: confirm[name].value() for name in confirm.fields
    })
    assert done.status_code == 302
    assert Engagement.objects.get(slug="admin-import-2").start_date == datetime.date(2022, 8, 17)
    message = admin_client_zh.get(done["Location"]).content.decode()
    assert "匯入完成：新增 2 筆、更新 0 筆、略過 0 筆交流活動。" in message  # was English


@pytest.mark.django_db
def test_admin_visitor_list_preview_shows_the_person_found(admin_client_zh):
    url = "/admin/visits/participation/import/"
    page = admin_client_zh.get(url)
    assert page.status_code == 200
    for column in ("engagement", "name_zh_hant", "passport_number", "role"):
        assert column in page.content.decode()
    data = xlsx_bytes(["engagement", "name_zh_hant", "role", "passport_number"],
                      [[SAN_ANTONIO_VIDEO, "朗‧尼倫伯格", "guest", "A12345678"]])
    preview = admin_client_zh.post(url, {"format": "1", "import_file": _upload("list.xlsx", data)})
    assert preview.context["confirm_form"] is not None
    (row,) = preview.context["result"].rows
    assert row.import_type == "update"  # his participation exists: updated, not duplicated
    html = preview.content.decode()
    assert "朗．尼倫伯格" in html and "A12345678" in html  # the stored spelling, matched
    assert "外賓或會談對象" in html and ">guest<" not in html  # the role's label, not its code
    assert Person.objects.get(name_zh_hant="朗．尼倫伯格").passport_number == ""  # a dry run


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.django_db
def test_only_users_who_may_add_and_change_can_import(client):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer-clerk", password="pw-viewer-1234", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_engagement", "view_participation"]))
    client.force_login(viewer)
    assert client.get("/admin/visits/engagement/").status_code == 200
    assert client.get("/admin/visits/engagement/import/").status_code == 403
    assert client.get("/admin/visits/engagement/export/").status_code == 200
    editor = User.objects.create_user("editor-clerk", password="pw-editor-1234", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_participation", "add_participation", "change_participation"]))
    client.force_login(editor)
    assert client.get("/admin/visits/participation/import/").status_code == 403  # no add_person
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["add_person", "change_person"]))
    editor = User.objects.get(pk=editor.pk)  # fresh permission cache
    client.force_login(editor)
    assert client.get("/admin/visits/participation/import/").status_code == 200


@pytest.mark.django_db
def test_import_command_prints_each_error_and_exits_non_zero(tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "engagements.csv"
    bad.write_bytes(csv_bytes([engagement_row("cmd-1", "111/08/16"), engagement_row("cmd-2", "111/08/17"),
                               engagement_row("cmd-3", "112/02/29")]))
    errors = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as failure:
        call_command("import_records", "engagements", str(bad), stderr=errors)
    assert errors.getvalue() == "row 4, column E “start_date”: “112/02/29” is not a real day: 2023 has no 2/29.\n"
    assert str(failure.value) == (f"{bad}: 1 error(s); nothing was imported (rows are numbered as in "
                                  "the spreadsheet: the header is row 1)")
    assert not Engagement.objects.filter(slug__startswith="cmd-").exists()
    good = tmp_path / "engagements.csv"
    good.write_bytes(csv_bytes([engagement_row("cmd-1", "111/08/16")]))
    out = io.StringIO()
    call_command("import_records", "engagements", str(good), stdout=out)
    assert "imported 1 new, 0 updated" in out.getvalue()
    assert Engagement.objects.filter(slug="cmd-1").exists()


ENGAGEMENT_COLUMNS = ("slug, kind, title_zh_hant, title_en, start_date, end_date, date_precision, "
                      "place_zh_hant, place_en, summary_zh_hant, summary_en, headcount, countries, "
                      "cities, bureaus, topics")


def test_column_letters_are_those_of_excel_and_libreoffice():
    assert [column_letter(i) for i in (0, 4, 25, 26, 27, 701, 702)] == [
        "A", "E", "Z", "AA", "AB", "ZZ", "AAA"]


@pytest.mark.django_db
def test_missing_required_column_is_named_before_any_row_is_read():
    before = Engagement.objects.count()
    rows = [engagement_row("import-no-title-1", "111/08/16"), engagement_row("import-no-title-2", "111/08/17")]
    for row in rows:
        del row["title_zh_hant"]
    with translation.override("en"):
        result = import_file(EngagementResource(), csv_bytes(rows), "csv")
        assert result.messages() == [
            "The file has no “title_zh_hant” column, which a new record needs (row 2 adds one); "
            f"expected columns: {ENGAGEMENT_COLUMNS}."]
    assert result.rows == [] and result.invalid_rows == []  # no row was read
    assert Engagement.objects.count() == before
    with translation.override("zh-hant"):
        (message,) = import_file(EngagementResource(), csv_bytes(rows), "csv").messages()
    assert message.startswith("檔案沒有「title_zh_hant」欄，新增資料時必須填寫（第 2 列為新增）；應有的欄位：slug、kind、")


@pytest.mark.django_db
def test_an_update_may_leave_out_the_columns_only_a_new_record_needs():
    data = csv_bytes([{"slug": SAN_ANTONIO_VIDEO, "place_zh_hant": "高雄市政府四維行政中心"},
                      {"slug": "import-new-without-kind", "place_zh_hant": "高雄展覽館"}])
    with translation.override("en"):
        messages = import_file(EngagementResource(), data, "csv").messages()
    assert [message.split(";")[0] for message in messages] == [
        "The file has no “kind” column, which a new record needs (row 3 adds one)",
        "The file has no “title_zh_hant” column, which a new record needs (row 3 adds one)",
        "The file has no “start_date” column, which a new record needs (row 3 adds one)"]


@pytest.mark.django_db
def test_visitor_list_without_engagement_or_name_column_is_refused_whole():
    with translation.override("en"):
        result = import_file(VisitorListResource(), csv_bytes([{"name": "朗．尼倫伯格", "role": "guest"}]), "csv")
        expected = ("engagement, name_zh_hant, name_en, original_name, country, email, phone, "
                    "passport_number, dietary_needs, notes, role, organisation_zh_hant, "
                    "organisation_en, title_zh_hant, title_en")
        assert result.messages() == [
            f"The file has no “engagement” column; expected columns: {expected}.",
            "The file has none of the columns “name_zh_hant”, “name_en”, “original_name” (one is "
            f"needed); expected columns: {expected}.",
            "The file has columns this import does not know, whose values would be lost: column A "
            f"“name” (did you mean “name_en”?). Rename or delete them; expected columns: {expected}.",
        ]


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_misspelt_header_is_an_error_not_silently_lost_data(file_format):
    rows = [engagement_row("import-misspelt", "111/08/16", place_zh_hnat="高雄展覽館")]
    data = (csv_bytes(rows) if file_format == "csv"
            else xlsx_bytes(list(rows[0]), [list(rows[0].values())]))
    with translation.override("en"):
        result = import_file(EngagementResource(), data, file_format)
        assert result.messages() == [
            "The file has columns this import does not know, whose values would be lost: column J "
            f"“place_zh_hnat” (did you mean “place_zh_hant”?). Rename or delete them; expected columns: "
            f"{ENGAGEMENT_COLUMNS}."]
    assert not Engagement.objects.filter(slug="import-misspelt").exists()


@pytest.mark.django_db
def test_duplicated_header_and_unnamed_column_with_values_are_errors():
    data = xlsx_bytes(["slug", "place_zh_hant", None, "place_zh_hant"],
                      [[SAN_ANTONIO_VIDEO, "高雄展覽館", "高雄市", ""]])
    with translation.override("en"):
        messages = import_file(EngagementResource(), data, "xlsx").messages()
    assert messages[0] == "Columns B, D are all named “place_zh_hant”: keep one."
    assert messages[1].startswith("Column C has values but no header: give it one of the expected "
                                  "headers or delete it; expected columns: slug, kind,")
    assert len(messages) == 2


@pytest.mark.django_db
def test_blank_lines_count_as_rows_and_are_skipped():
    """Excel shows a blank line of a CSV file as an empty row: the next error is numbered after
    it, and the empty row itself is no error."""
    other = Engagement.objects.exclude(slug=SAN_ANTONIO_VIDEO).order_by("slug").first().slug
    data = (f"slug,place_zh_hant\n\n{SAN_ANTONIO_VIDEO},高雄展覽館\n\n"
            f"{other},{'x' * 300}\n").encode()
    with translation.override("en"):
        result = import_file(EngagementResource(), data, "csv")
        assert result.messages() == [
            "row 5, column B “place_zh_hant”: Ensure this value has at most 200 characters (it has 300)."]
    assert result.totals["skip"] == 2


@pytest.mark.django_db
def test_one_new_person_typed_in_two_rows_is_one_person():
    """艾瑞克・華許 (katakana middle dot) and 艾瑞克·華許 (Latin middle dot) have one search key: the
    second row finds the person the first row added, as it would find an existing person."""
    other = Engagement.objects.exclude(slug=SAN_ANTONIO_VIDEO).order_by("start_date", "slug").first()
    people_before = Person.objects.count()
    data = csv_bytes([
        {"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "艾瑞克・華許", "name_en": "Erik Walsh",
         "role": "member"},
        {"engagement": other.slug, "name_zh_hant": "艾瑞克·華許", "name_en": "",
         "role": "guest"},
    ])
    preview = import_file(VisitorListResource(), data, "csv", dry_run=True)
    assert [row.import_type for row in preview.rows] == ["new", "new"]  # two participations
    assert Person.objects.count() == people_before
    result = import_file(VisitorListResource(), data, "csv")
    assert not result.has_errors() and not result.has_validation_errors(), result.messages()
    assert Person.objects.count() == people_before + 1
    walsh = Person.objects.get(search_key__startswith="艾瑞克華許")
    assert walsh.name_zh_hant == "艾瑞克・華許" and walsh.name_en == "Erik Walsh"
    assert sorted(walsh.participations.values_list("engagement__slug", "role")) == [
        (SAN_ANTONIO_VIDEO, "member"), (other.slug, "guest")]


@pytest.mark.django_db
def test_admin_import_shows_a_header_error_and_offers_no_confirm(admin_client_zh):
    url = "/admin/visits/engagement/import/"
    data = csv_bytes([engagement_row("admin-import-misspelt", "111/08/16", titel="接待")])
    page = admin_client_zh.post(url, {"format": "0", "import_file": _upload("visits.csv", data)})
    assert page.status_code == 200
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None
    html = page.content.decode()
    assert ("檔案有本匯入不認得的欄位，其內容將會遺失：J 欄「titel」（是否指「title_en」？）。請更正欄名或刪除這些欄位；"
            "應有的欄位：slug、kind、title_zh_hant、") in html
    assert "Traceback" not in html
    assert not Engagement.objects.filter(slug="admin-import-misspelt").exists()


@pytest.mark.django_db
def test_the_same_slug_twice_in_one_file_is_an_error_naming_the_earlier_row():
    before = Engagement.objects.count()
    data = csv_bytes([engagement_row("imp-1", "111/08/16"), engagement_row("imp-1", "111/08/17"),
                      engagement_row("imp-2", "111/08/18"), engagement_row(" imp-1 ", "111/08/19")])
    with translation.override("en"):
        preview = import_file(EngagementResource(), data, "csv", dry_run=True)
        assert preview.messages() == [
            "row 3, column A “slug”: “imp-1” is already on row 2 of this file.",
            "row 5, column A “slug”: “imp-1” is already on row 2 of this file."]
        result = import_file(EngagementResource(), data, "csv")
        assert result.messages() == preview.messages()
    with translation.override("zh-hant"):
        assert import_file(EngagementResource(), data, "csv").messages()[0] == (
            "第 3 列，A 欄「slug」：「imp-1」已在本檔案第 2 列出現。")
    assert Engagement.objects.count() == before
    # An existing engagement named once is still an update, not an error.
    updated = import_file(EngagementResource(), csv_bytes([{"slug": SAN_ANTONIO_VIDEO, "headcount": "12"}]), "csv")
    assert updated.messages() == [] and updated.totals["update"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_headcount_must_be_a_whole_number(file_format):
    engagement = Engagement.objects.get(slug=SAN_ANTONIO_VIDEO)
    before = engagement.headcount
    values = ["3.5", "3,5", "three", "-4"] if file_format == "csv" else [3.5, "3,5", "three", -4]
    header = ["slug", "headcount"]
    rows = [[SAN_ANTONIO_VIDEO, value] for value in values]
    data = (csv_bytes([dict(zip(header, row, strict=True)) for row in rows]) if file_format == "csv"
            else xlsx_bytes(header, rows))
    with translation.override("en"):
        messages = import_file(EngagementResource(), data, file_format).messages()
    repeated = f"row %d, column A “slug”: “{SAN_ANTONIO_VIDEO}” is already on row 2 of this file."
    assert messages == [
        "row 2, column B “headcount”: “3.5” is not a whole number.",
        repeated % 3, "row 3, column B “headcount”: “3,5” is not a whole number.",
        repeated % 4, "row 4, column B “headcount”: “three” is not a whole number.",
        repeated % 5, "row 5, column B “headcount”: Ensure this value is greater than or equal to 0.",
    ]
    engagement.refresh_from_db()
    assert engagement.headcount == before
    whole = ([{"slug": SAN_ANTONIO_VIDEO, "headcount": " 12 "}] if file_format == "csv" else None)
    data = csv_bytes(whole) if whole else xlsx_bytes(header, [[SAN_ANTONIO_VIDEO, 12.0]])
    assert import_file(EngagementResource(), data, file_format).messages() == []
    engagement.refresh_from_db()
    assert engagement.headcount == 12


@pytest.mark.django_db
def test_admin_import_of_a_big5_csv_says_to_save_it_as_csv_utf8(admin_client_zh):
    url = "/admin/visits/engagement/import/"
    big5 = "slug,kind,title_zh_hant,start_date\nimport-big5,reception,接待高雄市長,111/08/16\n".encode("cp950")
    page = admin_client_zh.post(url, {"format": "0", "import_file": _upload("visits.csv", big5)})
    assert page.status_code == 200
    assert page.context["form"].errors["import_file"] == [
        "此CSV檔案不是UTF-8編碼：請重新另存為「CSV UTF-8」（Excel）或以UTF-8編碼儲存。"]
    assert "UnicodeDecodeError" not in page.content.decode()
    not_xlsx = admin_client_zh.post(url, {"format": "1", "import_file": _upload("visits.xlsx", big5)})
    assert not_xlsx.context["form"].errors["import_file"] == [
        "此檔案不是有效的XLSX活頁簿：請以Excel或LibreOffice開啟後，重新另存為.xlsx。"]
    assert not Engagement.objects.filter(slug="import-big5").exists()


@pytest.mark.django_db
def test_admin_csv_export_has_a_byte_order_mark_for_excel_and_imports_back(admin_client_zh):
    url = "/admin/visits/engagement/export/"
    form = admin_client_zh.get(url).context["form"]
    fields = {name: "on" for name in form.fields if name.startswith("engagementresource_")}
    response = admin_client_zh.post(url, {"resource": "0", "format": "0", **fields})
    assert response.status_code == 200
    data = response.content
    assert data[:3] == b"\xef\xbb\xbf"  # UTF-8 BOM: Excel then reads the Chinese as UTF-8
    text = data[3:].decode("utf-8")
    assert text.startswith("slug,kind,title_zh_hant,")
    assert "聖安東尼市" in text
    with translation.override("en"):
        result = import_file(EngagementResource(), data, "csv", dry_run=True)
    assert result.messages() == [] and result.totals["update"] == Engagement.objects.count()


@pytest.mark.django_db
def test_visitor_matching_several_people_says_how_to_fix_it_in_the_spreadsheet():
    from cities.models import Country

    japan = Country.objects.get(slug="japan")
    first = Person.objects.create(name_zh_hant="王大明", name_en="Wang Da-ming", country=japan)
    Participation.objects.create(person=first, engagement=Engagement.objects.get(slug=SAN_ANTONIO_VIDEO),
                                 role="guest", organisation_zh_hant="大阪市役所", organisation_en="Osaka City Hall")
    second = Person.objects.create(name_zh_hant="王大明", name_en="David Wang")
    participations_before = Participation.objects.count()
    data = csv_bytes([{"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "王大明", "name_en": "",
                       "role": "member"}])
    with translation.override("en"):
        assert import_file(VisitorListResource(), data, "csv").messages() == [
            f"row 2, column B “name_zh_hant”: Several people match “王大明”: 王大明 / Wang Da-ming "
            f"(Japan, Osaka City Hall, #{first.pk}); 王大明 / David Wang (#{second.pk}). Fill in only "
            "a name that belongs to the right one alone (e.g. just their name_en, leaving the other "
            "name columns empty), or, if they are one person, correct the duplicate records under "
            "People in the admin; then import again."]
    with translation.override("zh-hant"):
        assert import_file(VisitorListResource(), data, "csv").messages() == [
            f"第 2 列，B 欄「name_zh_hant」：有多位人員符合「王大明」：王大明 / Wang Da-ming（日本、大阪市役所、"
            f"#{first.pk}）；王大明 / David Wang（#{second.pk}）。請只填寫正確人員獨有的姓名（例如只填其 "
            "name_en，其他姓名欄留空）；若為同一人，請先於管理介面「人員」更正重複資料，再重新匯入。"]
    assert Participation.objects.count() == participations_before
    # What the message says to do works: only the English name of the right person.
    fixed = csv_bytes([{"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "", "name_en": "David Wang",
                        "role": "member"}])
    assert import_file(VisitorListResource(), fixed, "csv").messages() == []
    assert second.participations.get().role == "member"


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["japan", "JP", "jp", "日本", "Japan", " ＪＰ "])
def test_a_country_may_be_named_by_code_iso_code_or_name(written):
    data = csv_bytes([engagement_row("natural-key-country", "114/07/01", countries=written, cities="熊本市")])
    result = import_file(EngagementResource(), data, "csv")
    assert result.messages() == []
    engagement = Engagement.objects.get(slug="natural-key-country")
    assert list(engagement.countries.values_list("slug", flat=True)) == ["japan"]
    assert list(engagement.cities.values_list("slug", flat=True)) == ["kumamoto-city"]


@pytest.mark.django_db
def test_an_unknown_country_suggests_the_closest_one():
    data = csv_bytes([engagement_row("natural-key-typo", "114/07/01", countries="Japn")])
    with translation.override("zh-hant"):
        messages = import_file(EngagementResource(), data, "csv").messages()
    assert len(messages) == 1 and messages[0].endswith(
        "找不到「Japn」這個國家或地區（請寫代碼、ISO 代碼或名稱）。是否指「日本（japan, JP）」？")


def _visitor_rows(*rows) -> bytes:
    return csv_bytes([{"engagement": engagement, "name_zh_hant": name, "role": role, "title_zh_hant": title}
                      for engagement, name, role, title in rows])


@pytest.mark.django_db
def test_a_visitor_list_naming_one_person_twice_in_an_engagement_is_refused():
    # Was {"new": 1, "update": 3} and no message: rows 2 and 4 silently lost.
    data = _visitor_rows(
        (SAN_ANTONIO_VIDEO, "王大明", "head", "團長"),
        (SAN_ANTONIO_VIDEO, "王大明", "member", "團員"),
        (SAN_ANTONIO_VIDEO, "朗·尼倫伯格", "guest", "前市長"),   # U+00B7
        (SAN_ANTONIO_VIDEO, "朗．尼倫伯格", "member", "市長"),   # U+FF0E: the same person
    )
    participations_before = Participation.objects.count()
    with translation.override("zh-hant"):
        messages = import_file(VisitorListResource(), data, "csv").messages()
    assert messages == [
        "第 3 列，B 欄「name_zh_hant」：王大明已在本檔第 2 列（同一交流活動）：每人只列一次。",
        "第 5 列，B 欄「name_zh_hant」：朗．尼倫伯格已在本檔第 4 列（同一交流活動）：每人只列一次。",
    ]
    assert Participation.objects.count() == participations_before


@pytest.mark.django_db
def test_a_person_named_twice_in_english_only_is_refused_on_the_english_name_cell():
    # A trial's US legislators had English names only; the error stood on column B, which was empty.
    data = csv_bytes([{"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": "", "name_en": "John Smith",
                       "role": "member"}] * 2)
    with translation.override("zh-hant"):
        messages = import_file(VisitorListResource(), data, "csv").messages()
    assert messages == ["第 3 列，C 欄「name_en」：John Smith已在本檔第 2 列（同一交流活動）：每人只列一次。"]


@pytest.mark.django_db
def test_one_new_person_on_two_engagements_is_one_person():
    other = Engagement.objects.get(slug="2022-11-28-wakayama-city-assembly-league")
    data = _visitor_rows((SAN_ANTONIO_VIDEO, "王大明", "member", ""), (other.slug, "王大明", "member", ""))
    assert import_file(VisitorListResource(), data, "csv").messages() == []
    person = Person.objects.get(name_zh_hant="王大明")
    assert person.participations.count() == 2


@pytest.mark.django_db
def test_a_home_city_participant_in_a_visitor_list_is_an_official_without_the_foreign_country():
    data = _visitor_rows((SAN_ANTONIO_VIDEO, "林小明", "city_delegate", "秘書"),
                         (SAN_ANTONIO_VIDEO, "史密斯", "member", ""))
    assert import_file(VisitorListResource(), data, "csv").messages() == []
    clerk, guest = Person.objects.get(name_zh_hant="林小明"), Person.objects.get(name_zh_hant="史密斯")
    assert (clerk.country, clerk.is_city_official) == (None, True)  # no home country recorded here
    assert (guest.country.slug, guest.is_city_official) == ("united-states", False)


def _engagement_rows(count: int, prefix: str) -> bytes:
    return csv_bytes([engagement_row(f"{prefix}-{n}", "114/07/01", countries="JP, 美國", cities="釜山市",
                                     topics="culture") for n in range(count)])


@pytest.mark.django_db
def test_an_imported_engagement_has_one_version_with_its_links_user_and_file():
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.create_user("clerk-import", password="a-long-pass-phrase-42")
    dataset = __import__("core.imports", fromlist=["FORMATS"]).FORMATS["csv"]().create_dataset(
        _engagement_rows(2, "history-import"))
    result = EngagementResource().import_data(dataset, dry_run=False, use_transactions=True,
                                              rollback_on_validation_errors=True, user=clerk,
                                              file_name="114H2.csv")
    assert result.messages() == []
    engagement = Engagement.objects.get(slug="history-import-1")
    [version] = engagement.history.all()
    assert (version.history_type, version.history_user, version.history_change_reason) == (
        "+", clerk, "匯入 114H2.csv")  # the reason is written in the language of the import
    assert sorted(version.countries.values_list("country__slug", flat=True)) == ["japan", "united-states"]
    assert list(engagement.cities.values_list("slug", flat=True)) == ["busan"]
    # The search key is refreshed although bulk_create bypasses save(): the title finds it.
    assert list(Engagement.objects.matching("接待 history-import-1")) == [engagement]


@pytest.mark.django_db
def test_import_queries_do_not_grow_with_the_rows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (10, 50):
        with CaptureQueriesContext(connection) as queries:
            assert import_file(EngagementResource(), _engagement_rows(rows, f"q{rows}"), "csv").messages() == []
        counts.append(len(queries))
    assert counts[1] - counts[0] <= 4  # a batch, not a query per row (was 45 a row)
    visitors = []
    for rows in (10, 50):
        data = csv_bytes([{"engagement": SAN_ANTONIO_VIDEO, "name_zh_hant": f"訪客{rows}-{n}", "role": "member"}
                          for n in range(rows)])
        with CaptureQueriesContext(connection) as queries:
            assert import_file(VisitorListResource(), data, "csv").messages() == []
        visitors.append(len(queries))
    # People are looked up once for the file (PersonIndex), not once a row.
    assert visitors[1] - visitors[0] <= 4


# Names as a clerk types them, and the people of the source chapter they name.
NAMES_AND_PEOPLE = [
    ({"name_zh_hant": "朗·尼倫伯格"}, ["朗．尼倫伯格"]),  # another middle dot
    ({"name_en": "RON  NIRENBERG"}, ["朗．尼倫伯格"]),
    ({"original_name": "渡辺竜五"}, ["渡邊竜五"]),  # the Japanese spelling, stored as original name
    ({"name_en": "Michael Pompeo"}, ["龐培歐"]),  # the original name, written in the English column
    ({"name_en": "Agne Vaiciukeviciute"}, ["愛格涅"]),  # without the diacritics
    ({"name_zh_hant": "陳其邁", "name_en": "Ron Nirenberg"}, ["陳其邁", "朗．尼倫伯格"]),  # by id
    ({"name_zh_hant": "尼倫伯格"}, []),  # a part of a name is not a name
    ({"name_en": ""}, []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("names", "people"), NAMES_AND_PEOPLE)
def test_the_files_person_index_finds_whom_a_query_by_name_finds(names, people):
    from visits.services import PersonIndex, person_matches

    index = PersonIndex(name for names, _people in NAMES_AND_PEOPLE for name in names.values())
    assert [person.name_zh_hant for person in index.matches(**names)] == people
    assert index.matches(**names) == person_matches(**names)


@pytest.mark.django_db
def test_a_visitor_list_updates_the_participation_a_known_person_already_has():
    nirenberg = Person.objects.get(name_zh_hant="朗．尼倫伯格")
    participation = nirenberg.participations.get(engagement__slug=SAN_ANTONIO_VIDEO)
    participations_before = Participation.objects.count()
    person_versions = nirenberg.history.count()
    data = csv_bytes([{"engagement": SAN_ANTONIO_VIDEO, "name_en": "Ron Nirenberg", "role": "guest",
                       "title_zh_hant": "聖安東尼市市長", "title_en": "Mayor of San Antonio",
                       "email": "mayor@sanantonio.example"}])
    result = import_file(VisitorListResource(), data, "csv")
    assert result.messages() == [] and dict(result.totals)["update"] == 1
    participation.refresh_from_db()
    assert (participation.title_zh_hant, participation.title_en) == ("聖安東尼市市長", "Mayor of San Antonio")
    assert participation.history.first().history_type == "~"
    assert Participation.objects.count() == participations_before
    # The person's staff-only data is written with the batch, with a version of its own.
    nirenberg.refresh_from_db()
    assert nirenberg.email == "mayor@sanantonio.example"
    assert nirenberg.history.count() == person_versions + 1
    assert nirenberg.history.first().email == "mayor@sanantonio.example"


WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"


@pytest.mark.django_db
def test_a_file_changing_stored_engagements_records_one_version_each_and_empties_the_cache_once(monkeypatch):
    import core.cache
    import core.imports
    from visits.models import EngagementCity

    emptied = []
    monkeypatch.setattr(core.cache, "invalidate_public_pages", lambda **kwargs: emptied.append("signal"))
    monkeypatch.setattr(core.imports, "invalidate_public_pages", lambda **kwargs: emptied.append("import"))
    video, wakayama = Engagement.objects.get(slug=SAN_ANTONIO_VIDEO), Engagement.objects.get(slug=WAKAYAMA)
    video_versions, wakayama_versions = video.history.count(), wakayama.history.count()
    data = csv_bytes([
        {"slug": SAN_ANTONIO_VIDEO, "title_zh_hant": "姊妹市締盟40周年視訊會議", "cities": "釜山市",
         "topics": "smart-city, climate-change"},
        # The stored values again: nothing changes.
        {"slug": WAKAYAMA, "title_zh_hant": "日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流",
         "cities": "wakayama", "topics": "culture, education, industry, taiwan-japan-relations, tourism"},
    ])
    result = import_file(EngagementResource(), data, "csv")
    assert result.messages() == [] and result.totals["update"] == 2
    assert emptied == ["import"]  # once for the file, no signal a row
    video.refresh_from_db()
    assert video.title_zh_hant == "姊妹市締盟40周年視訊會議"
    assert video.title_en == "Video conference for the 40th anniversary of the San Antonio sister-city partnership"
    assert sorted(video.topics.values_list("slug", flat=True)) == ["climate-change", "smart-city"]
    assert list(video.cities.values_list("slug", flat=True)) == ["busan"]
    assert list(Engagement.objects.matching("40周年視訊會議")) == [video]  # the search key follows
    assert video.history.count() == video_versions + 1
    latest, previous = video.history.all()[:2]
    assert (latest.history_type, latest.history_change_reason) == ("~", "匯入 -")
    assert (latest.title_zh_hant, previous.title_zh_hant) == ("姊妹市締盟40周年視訊會議", "姊妹市締盟40周年視訊拜會")
    assert sorted(latest.topics.values_list("topic__slug", flat=True)) == ["climate-change", "smart-city"]
    assert sorted(previous.topics.values_list("topic__slug", flat=True)) == [
        "climate-change", "smart-city", "urban-governance"]
    # The partner-city links have a history of their own: San Antonio's removed, Busan's added.
    links = EngagementCity.history.filter(engagement_id=video.pk).order_by("-history_id")
    assert [(link.city.slug, link.history_type) for link in links[:2]] == [("busan", "+"), ("san-antonio", "-")]
    assert wakayama.history.count() == wakayama_versions


@pytest.mark.django_db
def test_a_confirmed_import_keeps_totals_and_errors_not_a_result_a_row():
    data = _engagement_rows(3, "kept")
    preview = import_file(EngagementResource(), data, "csv", dry_run=True)
    assert [row.import_type for row in preview.rows] == ["new", "new", "new"]
    done = import_file(EngagementResource(), data, "csv")
    assert done.rows == [] and (done.totals["new"], done.totals["invalid"]) == (3, 0)
    bad = csv_bytes([engagement_row("kept-0", "114/07/01"), engagement_row("kept-9", "114/13/01")])
    failed = import_file(EngagementResource(), bad, "csv")
    assert [row.number for row in failed.invalid_rows] == [3]
    assert failed.messages()[0].startswith("第 3 列，E 欄「start_date」")
