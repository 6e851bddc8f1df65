"""The 2022H2 chapter built from the sample data says what the source chapter says."""

import datetime

import pytest

from core.dates import DatePrecision, HalfYear
from core.models import PublicationStatus
from datasets.sample_data import MAIN_GUESTS_2022H2
from reports.builder import build_chapter
from reports.document import Heading
from visits.models import Engagement, EngagementKind, MainGuest, ReportingPeriod

pytestmark = pytest.mark.django_db

H2_2022 = HalfYear(2022, 2)

# The source chapter's outline (tests/data/source_chapter_2022H2.txt), numbered as official
# documents number it; the Brisbane exhibition and lighting are two items here, one in the source.
EXPECTED_HEADINGS = [
    "壹、姊妹市及友好夥伴城市國際交流近況",
    "一、姊妹市及友好夥伴城市主題展",
    "二、高雄市與美國聖安東尼市姊妹市締盟40周年",
    "（一）高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展",
    "（二）姊妹市締盟40周年視訊拜會",
    "三、高雄市與澳洲布里斯本市姊妹市締盟25周年",
    "（一）布里斯本姊妹市25周年交流紀念展",
    "（二）點亮布里斯本市政府代表色慶祝姊妹市締盟25周年",
    "（三）高雄市與布里斯本姊妹市視訊會面慶祝兩市情誼",
    "四、高雄市與大田市締結友好城市5周年展",
    "五、捐贈貝里斯姊妹市賑災物資",
    "貳、重要國際訪賓接待及出訪交流",
    "一、立陶宛交通及通訊部政務次長愛格涅女士訪高",
    "二、友邦聖文森及格瑞那丁總理率團訪高",
    "三、美國前國務卿龐培歐訪高",
    "四、日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流",
    "五、友邦聖露西亞皮耶總理訪高",
    "六、出訪日本東京進行農漁、海洋及觀光產業考察",
    "七、陳其邁市長率團訪問日本東京促進城市及經濟安全交流",
    "參、推展與國際訪賓之友誼互動",
]

# Every dated event of the source, with the first words of its paragraph.
EXPECTED_DATED = [
    ("110年1月至111年4月", "主題展「每月一城"),
    ("111年5月起", "主題展「城市市鑰」"),
    ("111年10月起", "主題展「城市吉祥物」"),
    ("111年8月16日至8月28日", "本府行政暨國際處於高雄市立圖書館總館舉辦"),
    ("111年12月20日", "為慶祝高雄與美國聖安東尼市姊妹市40周年紀念"),
    ("111年9月5日至9月30日", "本府行政暨國際處舉辦「布里斯本姊妹市25周年交流紀念展」"),
    ("111年9月8日", "於大東文化藝術中心及高雄市立圖書館總館"),
    ("111年11月30日", "陳其邁市長與澳洲布里斯本姊妹市艾德里安‧施里納市長（Adrian Schrinner）"),
    ("111年9月16日至10月14日", "本府行政暨國際處於四維行政中心舉辦"),
    ("111年11月", "本市姊妹市貝里斯市於111年11月因颶風侵襲"),
    ("111年8月9日", "羅達生副市長舉辦晚宴"),
    ("111年8月10日", "長年支持我國的友邦"),
    ("111年9月27日", "美國前國務卿龐培歐（Michael Pompeo）訪高"),
    ("111年11月28日", "日本和歌山「日台友好和歌山市議會議員連盟」"),
    ("111年12月1日", "友邦聖露西亞總理皮耶(Philip J. Pierre)"),
    ("111年7月24日至7月28日", "羅達生副市長率行國處、農業局、海洋局、觀光局出訪日本東京"),
    ("111年12月11日至12月13日", "陳其邁市長於國境解封後出訪日本"),
]
SOURCE_GUESTS = [zh for _slug, _key, zh, _en in MAIN_GUESTS_2022H2]


@pytest.fixture(scope="module")
def chapter(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return build_chapter(H2_2022, "zh-hant")


def test_sections_in_the_source_order(chapter):
    assert [b.label for b in chapter.blocks if isinstance(b, Heading)] == EXPECTED_HEADINGS
    assert chapter.title == "行政暨國際處國際交流施政報告（111年7月至12月）"


def test_every_dated_event_with_its_roc_date(chapter):
    paragraphs = [b.text for b in chapter.blocks if not isinstance(b, Heading)]
    for date, opening in EXPECTED_DATED:
        assert f"{date}，{opening}" in "\n".join(paragraphs), date
    # In the order of the source: the series first, then partner cities, then visits.
    positions = [next(i for i, text in enumerate(paragraphs) if text.startswith(f"{date}，{opening}"))
                 for date, opening in EXPECTED_DATED]
    assert positions == sorted(positions)


def test_names_keep_their_original_in_parentheses(chapter):
    text = chapter.text()
    assert "聖市市長朗．尼倫伯格 (Ron Nirenberg)" in text
    assert "愛格涅女士（Agne Vaiciukeviciute）" in text


def test_totals_state_the_reported_figures(chapter):
    assert ("本府行政暨國際處111年7月至12月辦理外賓接待（含線上視訊會議及出訪）業務，計22案、142人次。"
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
    assert headings[0] == "I. Exchanges with sister and partner cities"
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
        "行政暨國際處國際交流施政報告（120年1月至6月）",
        "壹、姊妹市及友好夥伴城市國際交流近況",
        "本期無姊妹市及友好夥伴城市交流紀錄。",
        "貳、重要國際訪賓接待及出訪交流",
        "本期無重要國際訪賓接待及出訪紀錄。",
        "參、推展與國際訪賓之友誼互動",
        "本府行政暨國際處120年1月至6月辦理外賓接待（含線上視訊會議及出訪）業務，計0案、0人次。",
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
    assert headings[headings.index("三、美國前國務卿龐培歐訪高") + 1] == "四、草稿訪團訪高"


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
