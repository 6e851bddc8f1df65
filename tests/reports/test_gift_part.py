"""The chapter's optional gift part (``build_chapter(with_gifts=...)``, ``export_report
--with-gifts``, the report page's checkbox), from the sample data's gifts of 2022H2.

The seed's gifts of 2022H2 (worked out from datasets/sample_data.py): received on the San
Antonio video conference of 20 December 2022, its 40th-anniversary gift; given, the relief
supplies for Belize City (the donation of November 2022, toothbrushes, toothpaste, towels) and
the 40th-anniversary gift to San Antonio. The keys from Busan and Belize City, the San Antonio
painting and Brisbane's picture and crafts have neither a date nor an engagement (the chapter
gives none), so no half-year lists them: the page names them for staff instead.
"""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.dates import DatePrecision, HalfYear
from core.models import PublicationStatus
from gifts.models import Disposition, Gift
from reports.builder import build_chapter
from reports.document import Heading

pytestmark = pytest.mark.django_db

H2 = HalfYear(2022, 2)
PAGE = reverse("admin:reports_halfyearreport_changelist")
DOWNLOAD = reverse("admin:reports_halfyearreport_download")

PART_ZH = [
    "4、禮品受贈及致贈",
    "（1）受贈禮品",
    "1. 聖安東尼市締盟40周年紀念禮品",
    "111年12月20日，美國聖安東尼市於「姊妹市締盟40周年視訊拜會」贈予高雄市。處置：尚未決定。",
    "（2）致贈禮品",
    "1. 捐贈貝里斯市賑災物資",
    "111年11月，高雄市於「捐贈貝里斯姊妹市賑災物資」贈予貝里斯貝里斯市：牙刷、牙膏、毛巾。",
    "2. 致聖安東尼市締盟40周年紀念禮品",
    "111年12月20日，高雄市於「姊妹市締盟40周年視訊拜會」贈予美國聖安東尼市。",
]

PART_EN = [
    "IV. Gifts received and given",
    "1. Gifts received",
    "(a) San Antonio's 40th sister city anniversary gift",
    "20 December 2022: from San Antonio, United States, to Kaohsiung City, at “Video conference for the "
    "40th anniversary of the San Antonio sister-city partnership”. Disposition: not yet decided.",
    "2. Gifts given",
    "(a) Hurricane relief supplies for Belize City",
    "November 2022: from Kaohsiung City to Belize City, Belize, at “Relief supplies donated to sister city "
    "Belize City”: toothbrushes, toothpaste, towels.",
    "(b) 40th sister city anniversary gift to San Antonio",
    "20 December 2022: from Kaohsiung City to San Antonio, United States, at “Video conference for the 40th "
    "anniversary of the San Antonio sister-city partnership”.",
]

UNPLACED = {"key-to-the-city-of-busan", "key-to-belize-city", "san-antonio-world-heritage-painting",
            "brisbane-city-hall-picture", "brisbane-aboriginal-crafts"}


def _tail(chapter, count):
    return chapter.text().splitlines()[-count:]


def test_the_part_lists_the_half_years_gifts_received_then_given_in_chinese():
    chapter = build_chapter(H2, "zh-hant", with_gifts=True)
    assert _tail(chapter, len(PART_ZH)) == PART_ZH
    # The part comes after the source's three and takes the next number at the parts' depth.
    parts = [block.label for block in chapter.blocks if isinstance(block, Heading) and block.depth == 1]
    assert parts == ["1、姊妹市及友好夥伴城市國際交流近況", "2、重要國際訪賓接待及出訪交流", "3、推展與國際訪賓之友誼互動",
                     "4、禮品受贈及致贈"]


def test_the_part_in_english():
    assert _tail(build_chapter(H2, "en", with_gifts=True), len(PART_EN)) == PART_EN


def test_without_the_option_the_chapter_is_the_source_one():
    plain = build_chapter(H2, "zh-hant")
    with_gifts = build_chapter(H2, "zh-hant", with_gifts=True)
    assert with_gifts.blocks[:len(plain.blocks)] == plain.blocks
    assert "禮品受贈及致贈" not in plain.text()
    assert plain.unplaced_gifts == [] and not plain.with_gifts


def test_gifts_no_half_year_can_list_are_named_for_staff():
    chapter = build_chapter(H2, "zh-hant", with_gifts=True)
    assert {gift.slug for gift in chapter.unplaced_gifts} == UNPLACED
    text = chapter.text()
    assert "釜山市市鑰" not in text and "聖安東尼市世界文化遺產紀念畫作" not in text


def test_the_numbering_follows_the_chosen_outline_level():
    lines = build_chapter(H2, "zh-hant", outline_level=1, with_gifts=True).text().splitlines()
    assert lines[-9:-6] == ["肆、禮品受贈及致贈", "一、受贈禮品", "（一）聖安東尼市締盟40周年紀念禮品"]


def test_values_only_when_asked_for_and_the_disposition_of_a_received_gift():
    gift = Gift.objects.get(slug="san-antonio-40th-anniversary-gift")
    gift.estimated_value, gift.currency, gift.value_in_home_currency = Decimal("500"), "USD", Decimal("15250.50")
    gift.disposition, gift.disposition_on = Disposition.KEPT_BY_GOVERNMENT, datetime.date(2022, 12, 28)
    gift.save()
    given = Gift.objects.get(slug="kaohsiung-40th-anniversary-gift-to-san-antonio")
    given.estimated_value, given.currency = Decimal("3000"), "TWD"
    given.full_clean()  # a value in the home currency is its value in the home currency
    given.save()

    lines = build_chapter(H2, "zh-hant", with_gifts=True, with_gift_values=True).text().splitlines()
    assert lines[-6] == ("111年12月20日，美國聖安東尼市於「姊妹市締盟40周年視訊拜會」贈予高雄市。處置：歸公。"
                         "估計價值：USD 500，折合TWD 15,250.50。")
    assert lines[-3].endswith("牙刷、牙膏、毛巾。估計價值：未估價。")
    assert lines[-1] == "111年12月20日，高雄市於「姊妹市締盟40周年視訊拜會」贈予美國聖安東尼市。估計價值：TWD 3,000。"
    english = build_chapter(H2, "en", with_gifts=True, with_gift_values=True).text().splitlines()
    assert english[-6].endswith("Disposition: kept by the government (歸公). "
                                "Estimated value: USD 500 (TWD 15,250.50).")
    # Without the second option, no value is printed.
    assert "估計價值" not in build_chapter(H2, "zh-hant", with_gifts=True).text()
    with pytest.raises(ValueError):
        build_chapter(H2, "zh-hant", with_gift_values=True)


def test_a_gifts_own_date_and_description_and_drafts_marked():
    key = Gift.objects.get(slug="key-to-the-city-of-busan")
    key.given_on, key.given_on_precision = datetime.date(2022, 9, 7), DatePrecision.DAY
    key.status = PublicationStatus.DRAFT
    key.description = "釜山市長致贈之市鑰"
    key.save()
    assert "釜山市市鑰" not in build_chapter(H2, "zh-hant", with_gifts=True).text()
    chapter = build_chapter(H2, "zh-hant", with_gifts=True, include_drafts=True)
    lines = chapter.text().splitlines()
    # Dated 7 September, before the video conference: first among the gifts received.
    assert lines[-9:-7] == ["1. 釜山市市鑰", "【草稿】111年9月7日，韓國釜山市贈予高雄市。釜山市長致贈之市鑰。處置：尚未決定。"]
    assert chapter.drafts_included == build_chapter(H2, "zh-hant", include_drafts=True).drafts_included + 1


def test_a_gift_dated_to_the_year_is_in_no_half_year():
    gift = Gift.objects.get(slug="san-antonio-40th-anniversary-gift")
    gift.given_on, gift.given_on_precision = datetime.date(2022, 1, 1), DatePrecision.YEAR
    gift.save()
    for period in (HalfYear(2022, 1), H2):
        chapter = build_chapter(period, "zh-hant", with_gifts=True)
        assert not any(line.endswith(" 聖安東尼市締盟40周年紀念禮品") for line in chapter.text().splitlines())
        assert gift in chapter.unplaced_gifts


def test_a_half_year_without_gifts_says_so():
    assert _tail(build_chapter(HalfYear(2023, 1), "zh-hant", with_gifts=True), 2) == [
        "4、禮品受贈及致贈", "本期無受贈及致贈禮品紀錄。"]


def test_the_command_adds_the_part_on_request(tmp_path):
    output = tmp_path / "chapter.docx"
    call_command("export_report", "2022H2", "--with-gifts", "--output", str(output), stdout=io.StringIO())
    paragraphs = [p.text for p in docx.Document(str(output)).paragraphs]
    assert paragraphs[-len(PART_ZH):] == PART_ZH
    call_command("export_report", "2022H2", "--output", str(output), stdout=io.StringIO())
    assert "4、禮品受贈及致贈" not in [p.text for p in docx.Document(str(output)).paragraphs]
    with pytest.raises(CommandError) as error:
        call_command("export_report", "2022H2", "--with-gift-values", "--output", str(tmp_path / "x.docx"))
    assert str(error.value) == "--with-gift-values 須與 --with-gifts 併用：價值列於禮品部分"


def test_the_page_offers_the_part_and_carries_it_to_the_downloads(admin_client_zh):
    response = admin_client_zh.get(PAGE, {"period": "2022H2", "language": "zh-hant", "with_gifts": "on"})
    html = response.content.decode()
    assert "<h4>4、禮品受贈及致贈</h4>" in html and "<h6>1. 捐贈貝里斯市賑災物資</h6>" in html
    assert "with_gifts=on" in html and "with_gift_values" not in html.split("report-downloads")[1]
    for slug in UNPLACED:
        assert reverse("admin:gifts_gift_change", args=[Gift.objects.get(slug=slug).pk]) in html
    download = admin_client_zh.get(DOWNLOAD, {"period": "2022H2", "language": "zh-hant", "format": "docx",
                                              "with_gifts": "on"})
    assert [p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs][-len(PART_ZH):] == PART_ZH
    refused = admin_client_zh.get(PAGE, {"period": "2022H2", "language": "zh-hant", "with_gift_values": "on"})
    assert refused.context["chapter"] is None
    assert refused.context["form"].errors["with_gift_values"] == ["估計價值只印在禮品部分：請一併勾選「加入禮品」。"]


def test_staff_who_may_not_read_the_gifts_get_no_gift_part(client, django_user_model):
    user = django_user_model.objects.create_user("reporter", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="export_report"))
    client.force_login(user)
    response = client.get(PAGE, {"period": "2022H2", "language": "zh-hant", "with_gifts": "on"})
    assert response.status_code == 200
    assert "with_gifts" not in response.context["form"].fields
    assert "禮品受贈及致贈" not in response.content.decode()
    user.user_permissions.add(Permission.objects.get(codename="view_gift"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert "禮品受贈及致贈" in client.get(PAGE, {"period": "2022H2", "language": "zh-hant",
                                           "with_gifts": "on"}).content.decode()
