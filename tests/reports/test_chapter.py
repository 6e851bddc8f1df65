"""The 2022H2 chapter built from the sample data says what the source chapter says; other
half-years' chapters announce their new partnerships, number from the chosen outline level and
open their parts with the period's texts."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import translation

from cities.models import PartnershipKind
from core.dates import DatePrecision, HalfYear
from core.models import PublicationStatus
from datasets.sample_data import MAIN_GUESTS_2022H2
from exhibitions.models import Venue
from reports.builder import PARTNERSHIP_VERBS, build_chapter
from reports.document import Heading
from tests import factories
from visits.models import Engagement, EngagementKind, MainGuest, ReportingPeriod

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[1] / "data" / "source_chapter_2022H2.txt"

H2_2022 = HalfYear(2022, 2)

# The source chapter's outline (tests/data/source_chapter_2022H2.txt), numbered as the source
# numbers it (1、 / （1） / 1.); the Brisbane exhibition and lighting are two items here, one in the
# source (tests/reports/test_source_comparison.py says why).
EXPECTED_HEADINGS = [
    "1、姊妹市及友好夥伴城市國際交流近況",
    "（1）姊妹市及友好夥伴城市主題展",
    "（2）高雄市與美國聖安東尼市姊妹市締盟40周年",
    "1. 姊妹市締盟40周年紀念展",
    "2. 姊妹市締盟40周年視訊拜會",
    "（3）高雄市與澳洲布里斯本市姊妹市締盟25周年",
    "1. 姊妹市25周年紀念活動",
    "2. 點亮布里斯本市政府代表色慶祝姊妹市締盟25周年",
    "3. 高雄市與布里斯本姊妹市視訊會面慶祝兩市情誼",
    "（4）高雄市與大田市締結友好城市5周年展",
    "（5）捐贈貝里斯姊妹市賑災物資",
    "2、重要國際訪賓接待及出訪交流",
    "（1）立陶宛交通及通訊部政務次長愛格涅女士訪高",
    "（2）友邦聖文森及格瑞那丁總理率團訪高",
    "（3）美國前國務卿龐培歐訪高",
    "（4）日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流",
    "（5）友邦聖露西亞皮耶總理訪高",
    "（6）出訪日本東京進行農漁、海洋及觀光產業考察",
    "（7）陳其邁市長率團訪問日本東京促進城市及經濟安全交流",
    "3、推展與國際訪賓之友誼互動",
]

# Every dated event of the source: its date, as the chapter writes it, and the first words of
# its paragraph, in the source's order. The date is in front where the summary does not give it,
# inside where it does (the source's own wording).
EXPECTED_DATED = [
    ("110年1月起至111年4月止", "本府行政暨國際處以每月一個姊妹市及友好夥伴城市為主題"),
    ("111年8月16日至8月28日", "為慶祝高雄市與美國德克薩斯州聖安東尼市締盟40周年姊妹市情誼"),
    ("111年12月20日", "111年12月20日，為慶祝高雄與美國聖安東尼市姊妹市40周年紀念"),
    ("111年9月5日至30日", "本府行政暨國際處為紀念高雄市與澳洲布里斯本市姊妹市締盟25周年"),
    ("111年9月8日", "111年9月8日，於大東文化藝術中心及高雄市立圖書館總館"),
    ("111年11月30日", "111年11月30日，陳其邁市長與澳洲布里斯本姊妹市艾德里安‧施里納市長（Adrian Schrinner）"),
    ("111年9月16日至10月14日", "為紀念高雄市與韓國大田市締結友好城市5周年情誼"),
    ("111年11月", "本市姊妹市貝里斯市於111年11月因颶風侵襲"),
    ("111年8月9日", "111年8月9日，羅達生副市長舉辦晚宴"),
    ("111年8月10日", "111年8月10日，長年支持我國的友邦"),
    ("111年9月27日", "111年9月27日，美國前國務卿龐培歐（Michael Pompeo）訪高"),
    ("111年11月28日", "111年11月28日，日本和歌山「日台友好和歌山市議會議員連盟」"),
    ("111年12月1日", "111年12月1日，友邦聖露西亞總理皮耶(Philip J. Pierre)"),
    ("111年7月24日至7月28日", "111年7月24日至7月28日，羅達生副市長率行國處、農業局、海洋局、觀光局出訪日本東京"),
    ("111年12月11日至12月13日", "111年12月11日至12月13日，陳其邁市長於國境解封後出訪日本"),
]
SOURCE_GUESTS = [zh for _slug, _key, zh, _en in MAIN_GUESTS_2022H2]


@pytest.fixture(scope="module")
def chapter(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return build_chapter(H2_2022, "zh-hant")


def test_sections_in_the_source_order(chapter):
    assert [b.label for b in chapter.blocks if isinstance(b, Heading)] == EXPECTED_HEADINGS
    assert chapter.title == "行政暨國際處國際交流施政報告（111年7月至12月）"
    # A section of the bureau's part of the city's report: the title is metadata, not printed.
    assert chapter.outline_level == 4 and not chapter.prints_title
    assert not chapter.text().startswith(chapter.title)


def test_every_dated_event_with_its_roc_date_once(chapter):
    paragraphs = [b.text for b in chapter.blocks if not isinstance(b, Heading)]
    positions = []
    for date, opening in EXPECTED_DATED:
        found = [i for i, text in enumerate(paragraphs) if opening in text and date in text]
        assert found, (date, opening)
        positions.append(found[0])
    # In the order of the source: the series first, then partner cities, then visits.
    assert positions == sorted(positions)
    # No paragraph states its own date twice (「111年11月，本市姊妹市貝里斯市於111年11月…」).
    for text in paragraphs:
        if match := re.match(r"^(\d+年[^，]*?)，", text):
            assert match.group(1) not in text[match.end():], text


def test_paragraphs_the_source_prints_are_printed_word_for_word(chapter):
    source = SOURCE.read_text(encoding="utf-8").splitlines()
    paragraphs = [b.text for b in chapter.blocks if not isinstance(b, Heading)]
    # Belize (L17: the date inside the summary), San Antonio's exhibition (L6), Daejeon's (L15):
    # office, venue and date told by the summary, so no lead in front.
    for line in (6, 15, 17, 21, 23, 26, 28, 30, 32, 37, 38):
        assert source[line - 1].strip() in paragraphs, line


def test_names_keep_their_original_in_parentheses(chapter):
    text = chapter.text()
    assert "聖市市長朗．尼倫伯格 (Ron Nirenberg)" in text
    assert "愛格涅女士（Agne Vaiciukeviciute）" in text


def test_totals_state_the_reported_figures(chapter):
    assert ("本年度本府行政暨國際處7月至12月辦理外賓接待（含線上視訊會議及出訪）業務，計22案、142人次。"
            in chapter.text())
    # Counted by hand from the sample data: the 16 guests known only to the half-year (15
    # receptions, 1 video conference; 1 person each), 2 outbound visits to Tokyo (0 and 2 foreign
    # participants), 5 receptions (1, 1, 1, 2, 1) and 2 more video conferences (1, 1) are 25
    # cases and 26 person-times; the ceremony and the donation are not reception cases.
    assert (chapter.totals.computed_cases, chapter.totals.computed_person_times) == (25, 26)
    assert (chapter.totals.reported_cases, chapter.totals.reported_person_times) == (22, 142)
    assert chapter.totals.differs


def test_main_guests_in_the_source_order(chapter):
    assert chapter.guests == SOURCE_GUESTS
    assert len(chapter.guests) == 25
    assert f"主要外賓代表為：{'、'.join(SOURCE_GUESTS)}等。" in chapter.text()
    assert chapter.text().endswith("日本新潟縣佐渡市渡邊竜五市長等。")


def test_english_chapter_is_a_parallel():
    chapter = build_chapter(H2_2022, "en")
    headings = [b.label for b in chapter.blocks if isinstance(b, Heading)]
    assert len(headings) == len(EXPECTED_HEADINGS)
    # A translation stands alone: numbered from I., under its title.
    assert chapter.outline_level == 1 and chapter.text().startswith("International exchange, July–December 2022")
    assert headings[0] == "I. Exchanges with sister and partner cities"
    assert headings[3] == "(a) 40th sister city anniversary exhibition"
    assert headings[2] == ("2. 40th anniversary of the sister city partnership between Kaohsiung City and "
                           "San Antonio, United States")
    text = chapter.text()
    assert ("16–28 August 2022: the Bureau of Administration and International Affairs held the exhibition"
            in text)
    assert "9 August 2022: Deputy Mayor Lo Ta-sheng hosted a dinner" in text
    assert "22 cases, 142 person-times" in text
    assert "Ron Nirenberg, Mayor of San Antonio (video)" in text


def test_a_period_without_records_gives_a_short_honest_chapter():
    chapter = build_chapter(HalfYear(2031, 1), "zh-hant")
    assert chapter.text().splitlines() == [
        "1、姊妹市及友好夥伴城市國際交流近況",
        "本期無姊妹市及友好夥伴城市交流紀錄。",
        "2、重要國際訪賓接待及出訪交流",
        "本期無重要國際訪賓接待及出訪紀錄。",
        "3、推展與國際訪賓之友誼互動",
        "本年度本府行政暨國際處1月至6月辦理外賓接待（含線上視訊會議及出訪）業務，計0案、0人次。",
        "本期無主要外賓紀錄。",
    ]
    assert chapter.guests == []
    assert chapter.totals.reported_cases is None


def _draft_reception() -> Engagement:
    return Engagement.objects.create(
        kind=EngagementKind.RECEPTION, title="草稿訪團訪高", slug="draft-reception-2022-10-05",
        start_date=datetime.date(2022, 10, 5), date_precision=DatePrecision.DAY,
        summary="某國訪團訪高，尚待確認。", status=PublicationStatus.DRAFT, headcount=4,
    )


def test_drafts_are_left_out_unless_asked_for():
    _draft_reception()
    assert "草稿訪團訪高" not in build_chapter(H2_2022).text()
    with_drafts = build_chapter(H2_2022, include_drafts=True)
    assert "【草稿】111年10月5日，某國訪團訪高，尚待確認。" in with_drafts.text()
    assert with_drafts.drafts_included == 1
    # Between the 27 September and 28 November receptions, chronologically.
    headings = [b.label for b in with_drafts.blocks if isinstance(b, Heading)]
    assert headings[headings.index("（3）美國前國務卿龐培歐訪高") + 1] == "（4）草稿訪團訪高"


def test_without_reported_figures_the_computed_ones_are_stated():
    ReportingPeriod.objects.filter(year=2022, half=2).update(reported_cases=None, reported_person_times=None)
    chapter = build_chapter(H2_2022)
    assert "計25案、26人次。" in chapter.text()  # counted in test_totals_state_the_reported_figures
    assert not chapter.totals.differs


def test_without_a_guest_list_the_guests_come_from_the_reception_cases():
    MainGuest.objects.filter(period__year=2022, period__half=2).delete()
    guests = build_chapter(H2_2022).guests
    # Heads and guests (not members such as 井上直樹), in date order, （視訊） for video conferences.
    assert "美國聖安東尼市朗．尼倫伯格市長（視訊）" in guests
    assert "布里斯本艾德里安‧施里納市長（視訊）" in guests
    assert not any("井上直樹" in guest for guest in guests)
    assert guests.index("立陶宛交通及通訊部愛格涅政務次長") < guests.index("聖露西亞皮耶總理")
    assert guests.index("聖露西亞皮耶總理") < guests.index("日本東京都小池百合子知事")


def test_receptions_without_a_narrative_are_counted_not_told():
    Engagement.objects.create(
        kind=EngagementKind.RECEPTION, title="某國大使拜會", slug="2030-03-02-ambassador",
        start_date=datetime.date(2030, 3, 2), status=PublicationStatus.PUBLISHED, headcount=3)
    chapter = build_chapter(HalfYear(2030, 1))
    text = chapter.text()
    assert "本期外賓接待及出訪案件尚未撰寫敘述。" in text
    assert "計1案、3人次。" in text
    assert [record.slug for record in chapter.without_narrative] == ["2030-03-02-ambassador"]


def test_records_without_a_narrative_are_listed_for_staff(chapter):
    untold = Engagement.objects.filter(status=PublicationStatus.PUBLISHED, summary="").in_period(H2_2022)
    assert {record.pk for record in chapter.without_narrative} == set(untold.values_list("pk", flat=True))
    assert all(record.title not in chapter.text() for record in chapter.without_narrative)


def _texts(chapter) -> list[str]:
    return [b.label if isinstance(b, Heading) else b.text for b in chapter.blocks]


def test_an_exhibition_whose_summary_tells_nothing_gets_the_lead():
    venue = Venue.objects.get(slug="siwei-administration-center")
    factories.exhibition("2030-gifts", "各城市禮品展", "Gifts of the cities", start_date=datetime.date(2030, 3, 1),
                         end_date=datetime.date(2030, 3, 31), venue=venue, summary="展出各城市禮品。",
                         status=factories.PUBLISHED)
    assert "119年3月1日至3月31日，本府行政暨國際處於四維行政中心舉辦「各城市禮品展」，展出各城市禮品。" in _texts(
        build_chapter(HalfYear(2030, 1)))


def test_a_summary_telling_the_office_but_not_the_date_gets_the_date_alone():
    factories.exhibition("2030-gifts", "各城市禮品展", start_date=datetime.date(2030, 3, 1),
                         end_date=datetime.date(2030, 3, 31), summary="本府行政暨國際處舉辦特展，展出各城市禮品。",
                         status=factories.PUBLISHED)
    assert "119年3月1日至3月31日，本府行政暨國際處舉辦特展，展出各城市禮品。" in _texts(build_chapter(HalfYear(2030, 1)))


def test_the_2017H1_chapter_announces_the_upgrades_and_the_new_friendship_city():
    # Sample data: Kumamoto City and Kumamoto Prefecture upgraded their 2013 MOU to friendship
    # cities on 2017-01-11; Daejeon became a friendship city on 2017-06-20. None has an ordinal.
    chapter = build_chapter(HalfYear(2017, 1))
    assert _texts(chapter)[:7] == [
        "1、姊妹市及友好夥伴城市國際交流近況",
        "（1）高雄市與日本熊本市交流協定升格為友好城市",  # same day: by slug, kumamoto-city first
        "106年1月11日，高雄市與日本熊本市由交流協定升格為友好城市。",
        "（2）高雄市與日本熊本縣交流協定升格為友好城市",
        "106年1月11日，高雄市與日本熊本縣由交流協定升格為友好城市。",
        "（3）高雄市與韓國大田市締結友好城市",
        "106年6月20日，高雄市與韓國大田市締結為友好城市。",
    ]
    english = _texts(build_chapter(HalfYear(2017, 1), "en"))
    assert "3. Kaohsiung City and Daejeon, South Korea, become friendship cities" in english
    assert ("11 January 2017: Kaohsiung City and Kumamoto City, Japan, upgraded their exchange agreement to a "
            "friendship city partnership.") in english


@pytest.fixture
def poland_2025():
    """The 2025 trial's new partners (not facts of the source): Gdynia, the 43rd partner, a
    sister city from 14 September 2025 with a signing ceremony that day; Katowice, an exchange
    agreement of 1 August 2025 upgraded to a friendship city, the 44th partner, on 20 November."""
    poland = factories.country("poland", "波蘭", "Poland", "PL")
    gdynia = factories.city("gdynia", "格丁尼亞市", "Gdynia", country=poland, status=factories.PUBLISHED)
    factories.partnership(gdynia, PartnershipKind.SISTER_CITY, datetime.date(2025, 9, 14), ordinal=43)
    katowice = factories.city("katowice", "卡托維治市", "Katowice", country=poland, status=factories.PUBLISHED)
    friendship = factories.partnership(katowice, PartnershipKind.FRIENDSHIP_CITY, datetime.date(2025, 11, 20),
                                       ordinal=44)
    factories.partnership(katowice, PartnershipKind.AGREEMENT, datetime.date(2025, 8, 1),
                          ended_on=datetime.date(2025, 11, 20), replaced_by=friendship)
    factories.engagement("2025-09-14-gdynia-signing", "高雄市與格丁尼亞市締結姊妹市簽約儀式",
                         start_date=datetime.date(2025, 9, 14), kind=EngagementKind.CEREMONY, cities=(gdynia,),
                         summary="陳其邁市長與格丁尼亞市長於市府簽署姊妹市協定。", status=factories.PUBLISHED)
    return gdynia, katowice


def test_new_and_upgraded_partners_lead_part_1_with_their_ordinal(poland_2025):
    assert _texts(build_chapter(HalfYear(2025, 2)))[:9] == [
        "1、姊妹市及友好夥伴城市國際交流近況",
        "（1）高雄市與波蘭卡托維治市交流協定升格為友好城市",
        "114年8月1日，高雄市與波蘭卡托維治市簽署交流協定。",
        "114年11月20日，高雄市與波蘭卡托維治市由交流協定升格為友好城市，為本市第44個姊妹市及友好夥伴城市。",
        "（2）高雄市與波蘭格丁尼亞市締結姊妹市",
        "114年9月14日，高雄市與波蘭格丁尼亞市締結為姊妹市，為本市第43個姊妹市及友好夥伴城市。",
        "1. 高雄市與格丁尼亞市締結姊妹市簽約儀式",
        "114年9月14日，陳其邁市長與格丁尼亞市長於市府簽署姊妹市協定。",
        "2、重要國際訪賓接待及出訪交流",
    ]
    english = _texts(build_chapter(HalfYear(2025, 2), "en"))
    assert ("14 September 2025: Kaohsiung City and Gdynia, Poland, became sister cities; Gdynia is Kaohsiung "
            "City's 43rd partner city.") in english


def test_a_city_is_a_partner_city_only_once_its_partnership_is_signed(poland_2025):
    gdynia, _katowice = poland_2025
    factories.engagement("2024-10-gdynia-video", "與格丁尼亞市視訊會議", start_date=datetime.date(2024, 10, 1),
                         kind=EngagementKind.VIDEO_CONFERENCE, cities=(gdynia,), summary="雙方洽談締盟事宜。",
                         status=factories.PUBLISHED)
    texts = _texts(build_chapter(HalfYear(2024, 2)))
    # Told among the visits of part 2, not as an exchange with a partner city.
    assert texts.index("2、重要國際訪賓接待及出訪交流") < texts.index("（1）與格丁尼亞市視訊會議")
    assert not any("格丁尼亞市之交流" in text for text in texts)


def test_a_partnership_known_only_to_the_year_is_listed_for_staff_not_announced():
    # Tulsa's sister-city partnership is known only as 1980 (sample data).
    for half in (1, 2):
        chapter = build_chapter(HalfYear(1980, half))
        assert "陶沙市" not in chapter.text()
        assert [p.city.slug for p in chapter.unplaced_partnerships] == ["tulsa"]


def test_every_kind_of_partnership_has_the_chapters_words():
    for kind in PartnershipKind:
        assert set(PARTNERSHIP_VERBS[kind]) == {"zh-hant", "en"}, kind
        for language in ("zh-hant", "en"):
            with translation.override(language):
                assert PartnershipKind.public_label_of(kind), (kind, language)


def test_each_part_opens_with_the_periods_text():
    ReportingPeriod.objects.filter(year=2022, half=2).update(part1_opening_zh_hant="測試開場。",
                                                              part2_opening_zh_hant="第二部分開場。")
    texts = _texts(build_chapter(H2_2022))
    assert texts[texts.index("1、姊妹市及友好夥伴城市國際交流近況") + 1] == "測試開場。"
    assert texts[texts.index("2、重要國際訪賓接待及出訪交流") + 1] == "第二部分開場。"
    # Part 3 opens its totals paragraph, as the source's L37 does (sample data).
    assert texts[texts.index("3、推展與國際訪賓之友誼互動") + 1].startswith(
        "隨著當前全球COVID-19疫情逐漸緩減，") and "。本年度本府行政暨國際處7月至12月" in texts[-2]
    # An opening not written in English is left out of the English chapter.
    assert "測試開場。" not in build_chapter(H2_2022, "en").text()


@pytest.mark.parametrize("level, headings, title", [
    (1, ["壹、姊妹市及友好夥伴城市國際交流近況", "一、姊妹市及友好夥伴城市主題展", "二、高雄市與美國聖安東尼市姊妹市締盟40周年",
         "（一）姊妹市締盟40周年紀念展"], True),
    (2, ["一、姊妹市及友好夥伴城市國際交流近況", "（一）姊妹市及友好夥伴城市主題展", "（二）高雄市與美國聖安東尼市姊妹市締盟40周年",
         "1、姊妹市締盟40周年紀念展"], False),
    (3, ["（一）姊妹市及友好夥伴城市國際交流近況", "1、姊妹市及友好夥伴城市主題展", "2、高雄市與美國聖安東尼市姊妹市締盟40周年",
         "（1）姊妹市締盟40周年紀念展"], False),
])
def test_the_numbering_starts_at_the_chosen_level(level, headings, title):
    chapter = build_chapter(H2_2022, outline_level=level)
    blocks = [b for b in chapter.blocks if isinstance(b, Heading)]
    assert [b.label for b in blocks[:4]] == headings
    assert [(b.level, b.depth) for b in blocks[:4]] == [(level, 1), (level + 1, 2), (level + 1, 2), (level + 2, 3)]
    assert chapter.text().startswith(chapter.title) is title


def test_another_outline_level_is_refused():
    with pytest.raises(ValueError, match="outline level 1 to 4"):
        build_chapter(H2_2022, outline_level=5)
