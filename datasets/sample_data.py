"""The source chapter's records as sample data (``python manage.py load_sample_data``).

Source: the Kaohsiung City Government half-year administrative report, chapter of the Bureau of
Administration and International Affairs for ROC 111年7月至12月 (2022H2), shipped as
``tests/data/source_chapter_2022H2.txt``. Everything the chapter states is recorded here; where
it does not state a fact, nothing is invented: a guest listed without a date is recorded as known
only to the half-year, a missing venue stays empty.

Partnership types and establishment dates, and the original-script names of guests, are not in
the chapter; they come from public sources (city government and partner-city pages, the ROC
Presidential Office, news agencies), checked for this release. Where no public source gave a
name, the English name is left empty and the Chinese one is shown. Cities' coordinates are
given for the partner cities; the others' come from the offline GeoNames gazetteer
(:func:`cities.gazetteer.fill_coordinates`).

:func:`load_sample_data` is idempotent: records are keyed by slug (or, for people, by Chinese
name) and updated in place, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from cities.gazetteer import fill_coordinates
from cities.models import City, Country, CountryKind, LocalGovernmentKind, Partnership, PartnershipKind
from core.dates import DatePrecision
from core.models import PublicationStatus
from exhibitions.models import (
    ExhibitedItem,
    Exhibition,
    ExhibitionCity,
    ExhibitionSeries,
    Item,
    ItemKind,
    Venue,
)
from gifts.models import Gift, GiftDirection, GiftDonatedItem
from visits.models import (
    Bureau,
    DonatedItem,
    Engagement,
    EngagementCity,
    EngagementKind,
    MainGuest,
    ParticipantRole,
    Participation,
    Person,
    ReportingPeriod,
    Topic,
)

D = datetime.date
DAY, MONTH, HALF, YEAR = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.HALF_YEAR,
                          DatePrecision.YEAR)
PUBLISHED = PublicationStatus.PUBLISHED

# slug, ISO 3166-1 code ("" where none), kind, part of, zh-hant, en
COUNTRIES = [
    ("south-korea", "KR", CountryKind.SOVEREIGN_STATE, None, "韓國", "South Korea"),
    ("japan", "JP", CountryKind.SOVEREIGN_STATE, None, "日本", "Japan"),
    ("united-states", "US", CountryKind.SOVEREIGN_STATE, None, "美國", "United States"),
    ("australia", "AU", CountryKind.SOVEREIGN_STATE, None, "澳洲", "Australia"),
    ("germany", "DE", CountryKind.SOVEREIGN_STATE, None, "德國", "Germany"),
    ("belize", "BZ", CountryKind.SOVEREIGN_STATE, None, "貝里斯", "Belize"),
    ("lithuania", "LT", CountryKind.SOVEREIGN_STATE, None, "立陶宛", "Lithuania"),
    ("saint-vincent-and-the-grenadines", "VC", CountryKind.SOVEREIGN_STATE, None,
     "聖文森及格瑞那丁", "Saint Vincent and the Grenadines"),
    ("saint-lucia", "LC", CountryKind.SOVEREIGN_STATE, None, "聖露西亞", "Saint Lucia"),
    ("eswatini", "SZ", CountryKind.SOVEREIGN_STATE, None, "史瓦帝尼王國", "Eswatini"),
    ("somaliland", "", CountryKind.DE_FACTO_STATE, None, "索馬利蘭共和國", "Somaliland"),
    ("south-africa", "ZA", CountryKind.SOVEREIGN_STATE, None, "南非", "South Africa"),
    ("nigeria", "NG", CountryKind.SOVEREIGN_STATE, None, "奈及利亞", "Nigeria"),
    ("austria", "AT", CountryKind.SOVEREIGN_STATE, None, "奧地利", "Austria"),
    ("united-kingdom", "GB", CountryKind.SOVEREIGN_STATE, None, "英國", "United Kingdom"),
    ("scotland", "", CountryKind.CONSTITUENT_NATION, "united-kingdom", "蘇格蘭", "Scotland"),
    ("new-zealand", "NZ", CountryKind.SOVEREIGN_STATE, None, "紐西蘭", "New Zealand"),
    ("tuvalu", "TV", CountryKind.SOVEREIGN_STATE, None, "吐瓦魯國", "Tuvalu"),
    ("palau", "PW", CountryKind.SOVEREIGN_STATE, None, "帛琉共和國", "Palau"),
    ("haiti", "HT", CountryKind.SOVEREIGN_STATE, None, "海地共和國", "Haiti"),
    ("saint-kitts-and-nevis", "KN", CountryKind.SOVEREIGN_STATE, None, "聖克里斯多福及尼維斯",
     "Saint Kitts and Nevis"),
]


@dataclass
class CitySpec:
    slug: str
    zh: str
    en: str
    native: str
    country: str
    kind: str = LocalGovernmentKind.CITY
    region: tuple[str, str] = ("", "")
    coordinates: tuple[str, str] | None = None


# The 13 cities of the themed series, Belize City, and the other local governments named.
CITIES = [
    CitySpec("busan", "釜山市", "Busan", "부산광역시", "south-korea", coordinates=("35.179554", "129.075642")),
    CitySpec("daegu", "大邱市", "Daegu", "대구광역시", "south-korea", coordinates=("35.871435", "128.601445")),
    CitySpec("daejeon", "大田市", "Daejeon", "대전광역시", "south-korea",
             coordinates=("36.350412", "127.384548")),
    CitySpec("suwon", "水原市", "Suwon", "수원시", "south-korea", region=("京畿道", "Gyeonggi Province"),
             coordinates=("37.263573", "127.028601")),
    CitySpec("kumamoto-prefecture", "熊本縣", "Kumamoto Prefecture", "熊本県", "japan",
             kind=LocalGovernmentKind.PREFECTURE, coordinates=("32.789828", "130.741667")),
    CitySpec("kumamoto-city", "熊本市", "Kumamoto City", "熊本市", "japan",
             region=("熊本縣", "Kumamoto Prefecture"), coordinates=("32.803100", "130.707891")),
    CitySpec("hachioji", "八王子市", "Hachioji", "八王子市", "japan", region=("東京都", "Tokyo"),
             coordinates=("35.655500", "139.338900")),
    CitySpec("portland", "波特蘭市", "Portland", "Portland", "united-states", region=("奧勒岡州", "Oregon"),
             coordinates=("45.515232", "-122.678385")),
    CitySpec("honolulu", "檀香山市", "Honolulu", "Honolulu", "united-states", region=("夏威夷州", "Hawaii"),
             coordinates=("21.306944", "-157.858333")),
    CitySpec("san-antonio", "聖安東尼市", "San Antonio", "San Antonio", "united-states",
             region=("德克薩斯州", "Texas"), coordinates=("29.424122", "-98.493629")),
    CitySpec("tulsa", "陶沙市", "Tulsa", "Tulsa", "united-states", region=("奧克拉荷馬州", "Oklahoma"),
             coordinates=("36.153982", "-95.992775")),
    CitySpec("brisbane", "布里斯本市", "Brisbane", "Brisbane", "australia",
             region=("昆士蘭州", "Queensland"), coordinates=("-27.469771", "153.025124")),
    CitySpec("erzgebirgskreis", "礦山縣", "Erzgebirgskreis", "Erzgebirgskreis", "germany",
             kind=LocalGovernmentKind.DISTRICT, region=("薩克森邦", "Saxony"),
             coordinates=("50.579700", "12.998600")),
    CitySpec("belize-city", "貝里斯市", "Belize City", "Belize City", "belize",
             coordinates=("17.504700", "-88.196200")),
    CitySpec("tokyo", "東京都", "Tokyo", "東京都", "japan", kind=LocalGovernmentKind.PREFECTURE,
             coordinates=("35.689500", "139.691700")),
    CitySpec("wakayama", "和歌山市", "Wakayama", "和歌山市", "japan", region=("和歌山縣", "Wakayama Prefecture")),
    CitySpec("sado", "佐渡市", "Sado", "佐渡市", "japan", region=("新潟縣", "Niigata Prefecture")),
    CitySpec("edinburgh", "愛丁堡市", "Edinburgh", "Edinburgh", "scotland"),
]


@dataclass
class PartnershipSpec:
    city: str
    kind: str
    established_on: datetime.date
    precision: str = DAY
    ordinal: int | None = None
    ended_on: datetime.date | None = None
    replaced_by: str | None = None  # kind of the same city's partnership that replaced it
    note: tuple[str, str] = ("", "")


SISTER, FRIENDSHIP, AGREEMENT = (PartnershipKind.SISTER_CITY, PartnershipKind.FRIENDSHIP_CITY,
                                 PartnershipKind.AGREEMENT)
# Types and dates from the partners' and the city's public pages. San Antonio's 1982 also follows
# from the chapter's 40th anniversary in 2022, Brisbane's 1997 from its 25th, Daejeon's 2017 from
# its 5th. Kaohsiung numbers all its partners in one sequence: Honolulu was the 1st, Belize City
# the 22nd, Hachioji the 23rd; the others' places were not found and are left empty.
KUMAMOTO_NOTE = ("2013年9月9日高雄市與熊本縣、熊本市三方簽署國際交流促進備忘錄，2017年1月11日升格為友好交流協定。",
                 "A three-party MOU on international exchange with Kumamoto Prefecture and Kumamoto City, "
                 "signed 9 September 2013, was upgraded to a friendship exchange agreement on 11 January 2017.")
PARTNERSHIPS = [
    PartnershipSpec("honolulu", SISTER, D(1962, 9, 1), MONTH, ordinal=1),
    PartnershipSpec("busan", SISTER, D(1966, 6, 30)),
    PartnershipSpec("tulsa", SISTER, D(1980, 1, 1), YEAR),
    PartnershipSpec("san-antonio", SISTER, D(1982, 1, 1), YEAR),
    PartnershipSpec("portland", SISTER, D(1988, 10, 11)),
    PartnershipSpec("erzgebirgskreis", SISTER, D(1993, 1, 1), YEAR, note=(
        "原由前高雄縣與德國安娜貝格縣（Landkreis Annaberg）締結，2008年德國縣制改革後由礦山縣承續。",
        "Concluded in 1993 between the former Kaohsiung County and Landkreis Annaberg; continued by "
        "the Erzgebirgskreis after the 2008 district reform.")),
    PartnershipSpec("brisbane", SISTER, D(1997, 9, 9)),
    PartnershipSpec("belize-city", SISTER, D(2005, 2, 25), ordinal=22),
    PartnershipSpec("hachioji", FRIENDSHIP, D(2006, 11, 1), ordinal=23),
    PartnershipSpec("kumamoto-prefecture", AGREEMENT, D(2013, 9, 9), ended_on=D(2017, 1, 11),
                    replaced_by=FRIENDSHIP, note=KUMAMOTO_NOTE),
    PartnershipSpec("kumamoto-prefecture", FRIENDSHIP, D(2017, 1, 11), note=KUMAMOTO_NOTE),
    PartnershipSpec("kumamoto-city", AGREEMENT, D(2013, 9, 9), ended_on=D(2017, 1, 11),
                    replaced_by=FRIENDSHIP, note=KUMAMOTO_NOTE),
    PartnershipSpec("kumamoto-city", FRIENDSHIP, D(2017, 1, 11), note=KUMAMOTO_NOTE),
    PartnershipSpec("daejeon", FRIENDSHIP, D(2017, 6, 20)),
    PartnershipSpec("daegu", FRIENDSHIP, D(2018, 9, 13)),
    PartnershipSpec("suwon", FRIENDSHIP, D(2019, 2, 16)),
]

# slug, zh-hant, en, short zh-hant, short en
BUREAUS = [
    ("administration-and-international-affairs", "行政暨國際處",
     "Bureau of Administration and International Affairs", "行國處", "BAIA"),
    ("agriculture", "農業局", "Agriculture Bureau", "農業局", ""),
    ("marine", "海洋局", "Marine Bureau", "海洋局", ""),
    ("tourism", "觀光局", "Tourism Bureau", "觀光局", ""),
]

TOPICS = {
    "trade-and-investment": ("經貿合作", "trade and investment"),
    "port-and-shipping": ("港區及海運交流", "ports and shipping"),
    "electric-buses": ("電動巴士", "electric buses"),
    "tourism": ("觀光", "tourism"),
    "yachts-and-shipbuilding": ("遊艇及造船", "yachts and shipbuilding"),
    "high-tech-industry": ("高科技產業供應鏈", "high-tech supply chains"),
    "regional-security": ("區域安全", "regional security"),
    "education": ("教育", "education"),
    "industry": ("產業", "industry"),
    "culture": ("文化", "culture"),
    "smart-city": ("智慧城市", "smart city"),
    "youth-economy": ("青年經濟", "youth economy"),
    "climate-change": ("氣候變遷", "climate change"),
    "agriculture": ("農業發展", "agriculture"),
    "fisheries": ("農漁產業", "agriculture and fisheries"),
    "marine-industry": ("海洋產業", "marine industry"),
    "urban-governance": ("城市治理", "urban governance"),
    "digital-transformation": ("數位轉型", "digital transformation"),
    "net-zero-transition": ("淨零轉型", "net-zero transition"),
    "green-industry": ("綠色產業", "green industry"),
    "semiconductors": ("半導體產業", "semiconductors"),
    "library-exchange": ("圖書館際交流", "library exchange"),
    "economic-security": ("經濟安全", "economic security"),
    "cptpp": ("跨太平洋夥伴全面進步協定(CPTPP)", "CPTPP"),
    "taiwan-strait-peace": ("台海和平", "peace in the Taiwan Strait"),
    "taiwan-japan-relations": ("台日關係", "Taiwan–Japan relations"),
}


@dataclass
class PersonSpec:
    zh: str
    en: str
    original: str = ""
    country: str | None = None
    official: bool = False


PEOPLE = {
    "chen-chi-mai": PersonSpec("陳其邁", "Chen Chi-mai", official=True),
    "lo-ta-sheng": PersonSpec("羅達生", "Lo Ta-sheng", official=True),
    "vaiciukeviciute": PersonSpec("愛格涅", "Agnė Vaičiukevičiūtė", "Agnė Vaičiukevičiūtė", "lithuania"),
    "gonsalves": PersonSpec("龔薩福", "Ralph E. Gonsalves", country="saint-vincent-and-the-grenadines"),
    "pompeo": PersonSpec("龐培歐", "Mike Pompeo", "Michael Pompeo", "united-states"),
    "endo": PersonSpec("遠藤富士雄", "Fujio Endo", "遠藤富士雄", "japan"),
    "inoue": PersonSpec("井上直樹", "Naoki Inoue", "井上直樹", "japan"),
    "pierre": PersonSpec("皮耶", "Philip J. Pierre", country="saint-lucia"),
    "koike": PersonSpec("小池百合子", "Yuriko Koike", "小池百合子", "japan"),
    "furuya": PersonSpec("古屋圭司", "Keiji Furuya", "古屋圭司", "japan"),
    "nirenberg": PersonSpec("朗．尼倫伯格", "Ron Nirenberg", country="united-states"),
    "schrinner": PersonSpec("艾德里安‧施里納", "Adrian Schrinner", country="australia"),
    "wagner": PersonSpec("瓦格納", "Bernard Wagner", country="belize"),
    "wong": PersonSpec("黃東偉", "Thomas Wong", country="united-states"),
    "msibi": PersonSpec("恩西比", "Promise Sithembiso Msibi", country="eswatini"),
    "mohamoud": PersonSpec("穆姆德", "Mohamed Omar Hagi Mohamoud", country="somaliland"),
    "anderson": PersonSpec("安德生", "Hugh Graham Anderson", country="south-africa"),
    # No public source gave the English names of the next two; the Chinese name is shown.
    "ahmed-nigeria": PersonSpec("阿邁德", "", country="nigeria"),
    "austria-representative": PersonSpec("歐賀曼", "", country="austria"),
    "oudkirk": PersonSpec("孫曉雅", "Sandra Oudkirk", country="united-states"),
    "day": PersonSpec("凱米‧戴伊", "Cammy Day", country="scotland"),
    "pearson": PersonSpec("馬嘉博", "Mark Pearson", country="new-zealand"),
    "pitts": PersonSpec("碧坎蒂", "Candice Pitts", country="belize"),
    "bowman": PersonSpec("柏安卓", "Andrea Clare Bowman", country="saint-vincent-and-the-grenadines"),
    "paeniu": PersonSpec("潘恩紐", "Bikenibeu Paeniu", country="tuvalu"),
    "orrukem": PersonSpec("歐儒侃", "David Adams Orrukem", country="palau"),
    "penn": PersonSpec("潘恩", "Roudy Stanley Penn", country="haiti"),
    "francis": PersonSpec("范東亞", "Donya L. Francis", country="saint-kitts-and-nevis"),
    "watanabe": PersonSpec("渡邊竜五", "Ryugo Watanabe", "渡辺竜五", "japan"),
}


@dataclass
class Role:
    person: str
    role: str
    title: tuple[str, str] = ("", "")
    organisation: tuple[str, str] = ("", "")


MAYOR = ("市長", "Mayor")
DEPUTY_MAYOR = ("副市長", "Deputy Mayor")


def host_mayor() -> Role:
    return Role("chen-chi-mai", ParticipantRole.HOST, MAYOR)


def host_deputy_mayor() -> Role:
    return Role("lo-ta-sheng", ParticipantRole.HOST, DEPUTY_MAYOR)


@dataclass
class EngagementSpec:
    slug: str
    kind: str
    title: tuple[str, str]
    start: datetime.date
    end: datetime.date | None = None
    precision: str = DAY
    place: tuple[str, str] = ("", "")
    cities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    bureaus: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    summary: tuple[str, str] = ("", "")
    participants: list[Role] = field(default_factory=list)
    donated: list[tuple[str, str]] = field(default_factory=list)


KAOHSIUNG = ("高雄市", "Kaohsiung")
ENGAGEMENTS = [
    EngagementSpec(
        "2022-08-09-lithuanian-vice-minister", EngagementKind.RECEPTION,
        ("立陶宛交通及通訊部政務次長愛格涅女士訪高",
         "Lithuanian Vice Minister of Transport and Communications Agnė Vaičiukevičiūtė visits Kaohsiung"),
        D(2022, 8, 9), place=KAOHSIUNG, countries=["lithuania"],
        topics=["trade-and-investment", "port-and-shipping", "electric-buses"],
        summary=(
            "羅達生副市長舉辦晚宴歡迎立陶宛交通及通訊部政務次長愛格涅女士（Agne Vaiciukeviciute）偕電動巴士企業代表訪高，"
            "羅副市長感謝立國聲援台灣參與國際組織、成立代表處，以及捐贈台灣疫苗。愛格涅女士也表示，台灣與立陶宛作為民主夥伴，"
            "希望立陶宛駐台經貿辦事處的設立能開啟雙邊經貿合作、強化港區及海運交流，並期待有機會促進與高雄的城市互動。",
            "Deputy Mayor Lo Ta-sheng hosted a dinner welcoming Lithuania's Vice Minister of Transport and "
            "Communications, Agnė Vaičiukevičiūtė, who visited Kaohsiung with representatives of electric-bus "
            "companies. Deputy Mayor Lo thanked Lithuania for supporting Taiwan's participation in international "
            "organisations, for opening a representative office and for donating vaccines to Taiwan. The Vice "
            "Minister said that, as democratic partners, Taiwan and Lithuania hoped the Lithuanian Trade "
            "Representative Office in Taiwan would open bilateral economic cooperation and strengthen port and "
            "shipping exchanges, and that she looked forward to closer ties with Kaohsiung."),
        participants=[
            Role("vaiciukeviciute", ParticipantRole.HEAD, ("政務次長", "Vice Minister"),
                 ("立陶宛交通及通訊部", "Ministry of Transport and Communications of Lithuania")),
            host_deputy_mayor(),
        ]),
    EngagementSpec(
        "2022-08-10-saint-vincent-prime-minister", EngagementKind.RECEPTION,
        ("友邦聖文森及格瑞那丁總理率團訪高",
         "Prime Minister Ralph E. Gonsalves of Saint Vincent and the Grenadines leads a delegation to Kaohsiung"),
        D(2022, 8, 10), place=KAOHSIUNG, countries=["saint-vincent-and-the-grenadines"],
        topics=["industry", "tourism", "trade-and-investment", "yachts-and-shipbuilding"],
        summary=(
            "長年支持我國的友邦—聖文森及格瑞那丁龔薩福（Ralph E. Gonsalves）總理訪團訪高，陳其邁市長特別設宴款待，"
            "盼加深兩國產業交流，推動觀光、經貿及遊艇造船等領域之合作機會。龔薩福總理則感謝高雄捐贈快篩試劑，"
            "並向台灣人民捍衛民主和主權之精神表達敬意，亦期盼了解高雄的遊艇業及造船業發展、促進合作及吸引台灣廠商赴聖國投資。",
            "A delegation led by Prime Minister Ralph E. Gonsalves of Saint Vincent and the Grenadines, a "
            "long-standing ally, visited Kaohsiung. Mayor Chen Chi-mai hosted a banquet, hoping to deepen industrial "
            "exchange and open cooperation in tourism, trade and yacht building and shipbuilding. Prime Minister "
            "Gonsalves thanked Kaohsiung for its donation of rapid test kits, paid tribute to the Taiwanese people's "
            "defence of democracy and sovereignty, and hoped to learn about Kaohsiung's yacht and shipbuilding "
            "industries, to cooperate and to attract Taiwanese investment."),
        participants=[
            Role("gonsalves", ParticipantRole.HEAD, ("總理", "Prime Minister"),
                 ("聖文森及格瑞那丁", "Saint Vincent and the Grenadines")),
            host_mayor(),
        ]),
    EngagementSpec(
        "2022-09-27-former-us-secretary-of-state-pompeo", EngagementKind.RECEPTION,
        ("美國前國務卿龐培歐訪高", "Former US Secretary of State Mike Pompeo visits Kaohsiung"),
        D(2022, 9, 27), place=KAOHSIUNG, countries=["united-states"],
        topics=["high-tech-industry", "trade-and-investment", "regional-security"],
        summary=(
            "美國前國務卿龐培歐（Michael Pompeo）訪高，參加「全球台商經貿論壇」並與陳其邁市長會面。"
            "陳市長感謝龐培歐在國務卿任內對台灣的國際參與及台美關係扮演積極的角色，並介紹高雄高科技產業相關供應鏈的蓬勃發展，"
            "強調經貿力量對自由經濟市場或區域安全方面的幫助，龐培歐則回應贊同陳市長看法，也鼓勵優質美商到台投資、優質台商到美投資。",
            "Former US Secretary of State Mike Pompeo visited Kaohsiung for the Global Taiwanese Business Forum "
            "and met Mayor Chen Chi-mai. Mayor Chen thanked him for his active role, as Secretary of State, in "
            "Taiwan's international participation and Taiwan–US relations, presented the growth of Kaohsiung's "
            "high-tech supply chains and stressed what economic strength does for free markets and regional "
            "security. Mr Pompeo agreed, and encouraged good American companies to invest in Taiwan and good "
            "Taiwanese companies to invest in the United States."),
        participants=[
            Role("pompeo", ParticipantRole.GUEST, ("前國務卿", "former Secretary of State"),
                 ("美國", "United States")),
            host_mayor(),
        ]),
    EngagementSpec(
        "2022-11-28-wakayama-city-assembly-league", EngagementKind.RECEPTION,
        ("日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流",
         "Wakayama City Assembly Japan–Taiwan Friendship League visits Kaohsiung"),
        D(2022, 11, 28), place=KAOHSIUNG, cities=["wakayama"], countries=["japan"],
        topics=["taiwan-japan-relations", "education", "tourism", "industry", "culture"],
        summary=(
            "日本和歌山「日台友好和歌山市議會議員連盟」會長遠藤富士雄議員及幹事長井上直樹議員訪高，"
            "與陳其邁市長討論台日兩國關係，以及後續推動兩市間教育、觀光、產業及文化交流等議題。",
            "Councillor Fujio Endo, chair, and Councillor Naoki Inoue, secretary-general, of the Japan–Taiwan "
            "Friendship League of Wakayama City Assembly members visited Kaohsiung and discussed with Mayor Chen "
            "Chi-mai Taiwan–Japan relations and exchanges between the two cities in education, tourism, industry "
            "and culture."),
        participants=[
            Role("endo", ParticipantRole.HEAD, ("會長", "Chair"),
                 ("「日台友好和歌山市議會議員連盟」", "Japan–Taiwan Friendship League of Wakayama City Assembly")),
            Role("inoue", ParticipantRole.MEMBER, ("幹事長", "Secretary-General"),
                 ("「日台友好和歌山市議會議員連盟」", "Japan–Taiwan Friendship League of Wakayama City Assembly")),
            host_mayor(),
        ]),
    EngagementSpec(
        "2022-12-01-saint-lucia-prime-minister", EngagementKind.RECEPTION,
        ("友邦聖露西亞皮耶總理訪高", "Prime Minister Philip J. Pierre of Saint Lucia visits Kaohsiung"),
        D(2022, 12, 1), place=KAOHSIUNG, countries=["saint-lucia"],
        topics=["smart-city", "youth-economy", "climate-change", "agriculture"],
        summary=(
            "友邦聖露西亞總理皮耶(Philip J. Pierre)閣下訪團抵達高雄參訪，陳其邁市長率市府團隊設宴款待，"
            "以豐富的在地佳餚展現高雄的熱情與好客，席間也就智慧城市、青年經濟、氣候變遷、農業發展等議題交換意見，期盼攜手開拓更多合作機會。",
            "A delegation led by Prime Minister Philip J. Pierre of Saint Lucia, an ally, visited Kaohsiung. "
            "Mayor Chen Chi-mai and the city's team hosted a banquet of local dishes, and the two sides exchanged "
            "views on smart cities, the youth economy, climate change and agricultural development, hoping to "
            "open more opportunities for cooperation."),
        participants=[
            Role("pierre", ParticipantRole.HEAD, ("總理", "Prime Minister"), ("聖露西亞", "Saint Lucia")),
            host_mayor(),
        ]),
    EngagementSpec(
        "2022-07-24-tokyo-mission-agriculture-marine-tourism", EngagementKind.OUTBOUND_VISIT,
        ("出訪日本東京進行農漁、海洋及觀光產業考察",
         "Mission to Tokyo on agriculture, fisheries, marine affairs and tourism"),
        D(2022, 7, 24), D(2022, 7, 28), place=("日本東京", "Tokyo, Japan"),
        cities=["tokyo", "hachioji"], countries=["japan"],
        bureaus=["administration-and-international-affairs", "agriculture", "marine", "tourism"],
        topics=["fisheries", "marine-industry", "tourism", "trade-and-investment"],
        summary=(
            "羅達生副市長率行國處、農業局、海洋局、觀光局出訪日本東京，以加強後疫情時代與友好城市八王子市之實質合作、"
            "考察學習疫後觀光策略、招商吸引知名日商企業來高設點，並協助高雄物產開發國際多元行銷通路。",
            "Deputy Mayor Lo Ta-sheng led the Bureau of Administration and International Affairs and the "
            "Agriculture, Marine and Tourism Bureaus to Tokyo, to strengthen practical post-pandemic cooperation "
            "with the friendship city of Hachioji, study post-pandemic tourism strategies, attract well-known "
            "Japanese companies to set up in Kaohsiung, and open international sales channels for Kaohsiung's "
            "products."),
        participants=[host_deputy_mayor()]),
    EngagementSpec(
        "2022-12-11-mayor-tokyo-mission", EngagementKind.OUTBOUND_VISIT,
        ("陳其邁市長率團訪問日本東京促進城市及經濟安全交流",
         "Mayor Chen Chi-mai leads a mission to Tokyo on city and economic-security exchange"),
        D(2022, 12, 11), D(2022, 12, 13), place=("日本東京", "Tokyo, Japan"), cities=["tokyo"],
        countries=["japan"],
        topics=["economic-security", "taiwan-japan-relations", "taiwan-strait-peace", "cptpp"],
        summary=(
            "陳其邁市長於國境解封後出訪日本促進城市國際交流，並拜會東京都知事小池百合子，以及參訪豐洲市場等產業再造建設案例，"
            "期待高雄能以身為台灣重要商港和擁有豐富技術之優勢，發展與東京都及日本各界更多元的互動，並引領城市間之互惠合作，"
            "為雙方民眾帶來台日友情所創造的實質雙贏成果。陳市長此行亦與日本國會重要跨黨派友台團體「日華議員懇談會」會面，"
            "雙方就疫後台日關係展望、台海和平、台灣加入「跨太平洋夥伴全面進步協定(CPTPP) 」等議題交換多項意見。",
            "After the borders reopened, Mayor Chen Chi-mai visited Japan to promote international exchange "
            "between cities. He called on Governor Yuriko Koike of Tokyo and visited Toyosu Market and other "
            "examples of industrial regeneration, hoping that Kaohsiung, as a major Taiwanese commercial port with "
            "deep technical strengths, would build more varied ties with Tokyo and Japan and lead mutually "
            "beneficial cooperation between cities. He also met the Japan–ROC Diet Members' Consultative Council, "
            "an important cross-party group of Taiwan's friends in the Diet, and exchanged views on post-pandemic "
            "Taiwan–Japan relations, peace in the Taiwan Strait and Taiwan's accession to the CPTPP."),
        participants=[
            host_mayor(),
            Role("koike", ParticipantRole.GUEST, ("知事", "Governor"), ("日本東京都", "Tokyo Metropolitan Government")),
            Role("furuya", ParticipantRole.GUEST, ("會長、眾議員", "Chair; Member of the House of Representatives"),
                 ("「日華議員懇談會」", "Japan–ROC Diet Members' Consultative Council")),
        ]),
    EngagementSpec(
        "2022-12-20-san-antonio-40th-anniversary-video-conference", EngagementKind.VIDEO_CONFERENCE,
        ("姊妹市締盟40周年視訊拜會", "Video conference for the 40th anniversary of the San Antonio sister-city partnership"),
        D(2022, 12, 20), cities=["san-antonio"], countries=["united-states"],
        topics=["urban-governance", "smart-city", "climate-change"],
        summary=(
            "為慶祝高雄與美國聖安東尼市姊妹市40周年紀念，陳其邁市長與聖市市長朗．尼倫伯格 (Ron Nirenberg)進行視訊會議，"
            "雙方於城市治理、智慧城市、應對氣候變遷等議題交換意見，並相互介紹兩市互贈之締盟40周年紀念禮品，"
            "象徵雙方綿長情誼跨越時空相連，期盼繼續攜手合作、共同邁向下個40年里程碑。",
            "To celebrate the 40th anniversary of the sister-city partnership between Kaohsiung and San Antonio, "
            "Mayor Chen Chi-mai held a video conference with Mayor Ron Nirenberg of San Antonio. They exchanged "
            "views on urban governance, smart cities and responses to climate change, and presented the "
            "anniversary gifts the two cities gave each other, a sign of a long friendship across time and "
            "distance, looking forward to working together towards the next 40 years."),
        participants=[
            Role("nirenberg", ParticipantRole.GUEST, MAYOR, ("美國聖安東尼市", "City of San Antonio")),
            host_mayor(),
        ]),
    EngagementSpec(
        "2022-11-30-brisbane-video-conference", EngagementKind.VIDEO_CONFERENCE,
        ("高雄市與布里斯本姊妹市視訊會面慶祝兩市情誼",
         "Video meeting with sister city Brisbane celebrating the two cities' friendship"),
        D(2022, 11, 30), cities=["brisbane"], countries=["australia"],
        topics=["library-exchange", "digital-transformation", "net-zero-transition", "green-industry",
                "tourism", "semiconductors"],
        summary=(
            "陳其邁市長與澳洲布里斯本姊妹市艾德里安‧施里納市長（Adrian Schrinner）進行視訊會議，陳市長回顧今年雙方共同辦理締盟25周年活動，"
            "並促成圖書館際交流，並談及高雄現著重發展「數位轉型」與「淨零轉型」兩大政策，期待兩市持續開拓綠色產業、經濟、觀光等多元領域的合作。"
            "施里納市長則回應樂見未來雙方市民互訪，對於高雄積極強化科技及半導體產業表示期待。",
            "Mayor Chen Chi-mai held a video conference with Lord Mayor Adrian Schrinner of sister city Brisbane, "
            "Australia. Mayor Chen looked back on the 25th-anniversary events the two cities held together this "
            "year and the exchange between their libraries, and described Kaohsiung's two main policies, digital "
            "transformation and the net-zero transition, hoping for cooperation in green industry, the economy, "
            "tourism and more. Lord Mayor Schrinner welcomed future visits between the two cities' residents and "
            "looked forward to Kaohsiung's growth in technology and semiconductors."),
        participants=[
            Role("schrinner", ParticipantRole.GUEST, ("市長", "Lord Mayor"), ("布里斯本", "Brisbane City Council")),
            host_mayor(),
        ]),
    EngagementSpec(
        "2022-09-08-brisbane-colours-lighting", EngagementKind.CEREMONY,
        ("點亮布里斯本市政府代表色慶祝姊妹市締盟25周年",
         "Buildings lit in Brisbane's colours for the 25th sister-city anniversary"),
        D(2022, 9, 8), place=("大東文化藝術中心、高雄市立圖書館總館", "Dadong Arts Center and Kaohsiung Main Public Library"),
        cities=["brisbane"], countries=["australia"],
        summary=(
            "於大東文化藝術中心及高雄市立圖書館總館兩處分別點亮布里斯本市政府代表色藍色及黃色，以慶祝雙方姊妹市情誼。",
            "The Dadong Arts Center and the Kaohsiung Main Public Library were lit in blue and yellow, the colours "
            "of Brisbane City Council, to celebrate the sister-city friendship."),
    ),
    EngagementSpec(
        "2022-11-belize-city-hurricane-relief", EngagementKind.DONATION,
        ("捐贈貝里斯姊妹市賑災物資", "Relief supplies donated to sister city Belize City"),
        D(2022, 11, 1), precision=MONTH, cities=["belize-city"], countries=["belize"],
        summary=(
            "本市姊妹市貝里斯市於111年11月因颶風侵襲造成嚴重災情，陳其邁市長致函向貝市瓦格納市長(Bernard Wagner)表達高雄慰問及提供援助之意，"
            "本市並就貝市亟需之民生盥洗用品捐贈牙刷、牙膏及毛巾等賑災物資。",
            "When a hurricane struck sister city Belize City in November 2022, causing severe damage, Mayor Chen "
            "Chi-mai wrote to Mayor Bernard Wagner to express Kaohsiung's sympathy and offer help, and the city "
            "donated the toiletries Belize City most needed, including toothbrushes, toothpaste and towels."),
        participants=[
            Role("wagner", ParticipantRole.GUEST, MAYOR, ("貝里斯市", "Belize City Council")),
            host_mayor(),
        ],
        donated=[("牙刷", "toothbrushes"), ("牙膏", "toothpaste"), ("毛巾", "towels")]),
]

# Guests the chapter lists among the main foreign guests of 2022H2 without saying when they
# were received: one reception each, known only to the half-year.
# key, kind, organisation (zh, en), title (zh, en), city, country
UNDATED_GUESTS = [
    ("wong", EngagementKind.RECEPTION, ("美國在台協會高雄分處", "American Institute in Taiwan, Kaohsiung Branch Office"),
     ("處長", "Branch Chief"), None, "united-states"),
    ("msibi", EngagementKind.RECEPTION, ("史瓦帝尼王國", "Kingdom of Eswatini"), ("大使", "Ambassador"), None,
     "eswatini"),
    ("mohamoud", EngagementKind.RECEPTION, ("索馬利蘭共和國駐台灣代表處", "Republic of Somaliland Representative Office in Taiwan"),
     ("代表", "Representative"), None, "somaliland"),
    ("anderson", EngagementKind.RECEPTION, ("南非聯絡辦事處", "Liaison Office of South Africa in Taipei"),
     ("代表", "Representative"), None, "south-africa"),
    ("ahmed-nigeria", EngagementKind.RECEPTION, ("奈及利亞駐華商務辦事處", "Nigeria Trade Office in Taiwan"),
     ("處長", "Director"), None, "nigeria"),
    ("oudkirk", EngagementKind.RECEPTION, ("美國在台協會", "American Institute in Taiwan"), ("處長", "Director"), None,
     "united-states"),
    ("austria-representative", EngagementKind.RECEPTION, ("奧地利商務代表辦事處", "Austrian commercial office in Taipei"),
     ("商務代表", "Commercial Representative"), None, "austria"),
    ("day", EngagementKind.VIDEO_CONFERENCE, ("蘇格蘭愛丁堡市議會", "City of Edinburgh Council"),
     ("議長", "Council Leader"), "edinburgh", "scotland"),
    ("pearson", EngagementKind.RECEPTION, ("紐西蘭商工辦事處", "New Zealand Commerce and Industry Office"),
     ("代表", "Representative"), None, "new-zealand"),
    ("pitts", EngagementKind.RECEPTION, ("貝里斯", "Belize"), ("大使", "Ambassador"), None, "belize"),
    ("bowman", EngagementKind.RECEPTION, ("聖文森及格瑞納丁", "Saint Vincent and the Grenadines"),
     ("大使", "Ambassador"), None, "saint-vincent-and-the-grenadines"),
    ("paeniu", EngagementKind.RECEPTION, ("吐瓦魯國", "Tuvalu"), ("大使", "Ambassador"), None, "tuvalu"),
    ("orrukem", EngagementKind.RECEPTION, ("帛琉共和國", "Republic of Palau"), ("大使", "Ambassador"), None, "palau"),
    ("penn", EngagementKind.RECEPTION, ("海地共和國", "Republic of Haiti"), ("大使", "Ambassador"), None, "haiti"),
    ("francis", EngagementKind.RECEPTION, ("聖克里斯多福及尼維斯", "Saint Kitts and Nevis"),
     ("大使", "Ambassador"), None, "saint-kitts-and-nevis"),
    ("watanabe", EngagementKind.RECEPTION, ("日本新潟縣佐渡市", "Sado City, Niigata Prefecture, Japan"),
     ("市長", "Mayor"), "sado", "japan"),
]

# The 25 main foreign guests of 2022H2 in the chapter's order and wording:
# engagement slug (None: the person's undated reception), person key, listed as (zh, en).
MAIN_GUESTS_2022H2 = [
    ("2022-08-09-lithuanian-vice-minister", "vaiciukeviciute", "立陶宛交通及通訊部政務次長愛格涅女士",
     "Agnė Vaičiukevičiūtė, Vice Minister of Transport and Communications of Lithuania"),
    ("2022-08-10-saint-vincent-prime-minister", "gonsalves", "聖文森及格瑞那丁龔薩福總理",
     "Ralph E. Gonsalves, Prime Minister of Saint Vincent and the Grenadines"),
    (None, "wong", "美國在台協會高雄分處黃東偉處長", "Thomas Wong, Branch Chief, AIT Kaohsiung Branch Office"),
    (None, "msibi", "史瓦帝尼王國恩西比大使", "Promise Sithembiso Msibi, Ambassador of Eswatini"),
    (None, "mohamoud", "索馬利蘭共和國駐台灣代表處穆姆德代表",
     "Mohamed Omar Hagi Mohamoud, Representative of Somaliland in Taiwan"),
    (None, "anderson", "南非聯絡辦事處安德生代表", "Hugh Graham Anderson, Representative, Liaison Office of South Africa"),
    (None, "ahmed-nigeria", "奈及利亞駐華商務辦事處阿邁德處長", "Director 阿邁德, Nigeria Trade Office in Taiwan"),
    ("2022-11-30-brisbane-video-conference", "schrinner", "布里斯本艾德里安‧施里納市長（視訊）",
     "Adrian Schrinner, Lord Mayor of Brisbane (video)"),
    (None, "oudkirk", "美國在台協會孫曉雅處長", "Sandra Oudkirk, Director, American Institute in Taiwan"),
    ("2022-09-27-former-us-secretary-of-state-pompeo", "pompeo", "美國前國務卿龐培歐",
     "Mike Pompeo, former US Secretary of State"),
    (None, "austria-representative", "奧地利商務代表辦事處歐賀曼商務代表",
     "Commercial Representative 歐賀曼, Austrian commercial office in Taipei"),
    (None, "day", "蘇格蘭愛丁堡市議會凱米‧戴伊議長（視訊）", "Cammy Day, Leader of the City of Edinburgh Council, Scotland (video)"),
    (None, "pearson", "紐西蘭商工辦事處馬嘉博代表", "Mark Pearson, Representative, New Zealand Commerce and Industry Office"),
    ("2022-11-28-wakayama-city-assembly-league", "endo", "「日台友好和歌山市議會議員連盟」會長遠藤富士雄議員",
     "Councillor Fujio Endo, Chair of the Japan–Taiwan Friendship League of Wakayama City Assembly"),
    ("2022-12-01-saint-lucia-prime-minister", "pierre", "聖露西亞皮耶總理", "Philip J. Pierre, Prime Minister of Saint Lucia"),
    (None, "pitts", "貝里斯碧坎蒂大使", "Candice Pitts, Ambassador of Belize"),
    (None, "bowman", "聖文森及格瑞納丁柏安卓大使", "Andrea Clare Bowman, Ambassador of Saint Vincent and the Grenadines"),
    (None, "paeniu", "吐瓦魯國潘恩紐大使", "Bikenibeu Paeniu, Ambassador of Tuvalu"),
    (None, "orrukem", "帛琉共和國歐儒侃大使", "David Adams Orrukem, Ambassador of Palau"),
    (None, "penn", "海地共和國潘恩大使", "Roudy Stanley Penn, Ambassador of Haiti"),
    (None, "francis", "聖克里斯多福及尼維斯范東亞大使", "Donya L. Francis, Ambassador of Saint Kitts and Nevis"),
    ("2022-12-11-mayor-tokyo-mission", "koike", "日本東京都小池百合子知事", "Yuriko Koike, Governor of Tokyo"),
    ("2022-12-11-mayor-tokyo-mission", "furuya", "「日華議員懇談會」會長古屋圭司眾議員",
     "Keiji Furuya, Member of the House of Representatives, Chair of the Japan–ROC Diet Members' Consultative Council"),
    ("2022-12-20-san-antonio-40th-anniversary-video-conference", "nirenberg", "美國聖安東尼市朗．尼倫伯格市長（視訊）",
     "Ron Nirenberg, Mayor of San Antonio (video)"),
    (None, "watanabe", "日本新潟縣佐渡市渡邊竜五市長", "Ryugo Watanabe, Mayor of Sado, Niigata Prefecture, Japan"),
]

# The half-year's officially reported totals: 外賓接待（含線上視訊會議及出訪）計22案、142人次, and
# the sentence on the half-year's context that opens part 3 of the chapter.
REPORTED_2022H2 = {
    "year": 2022, "half": 2, "reported_cases": 22, "reported_person_times": 142,
    "part3_opening_zh_hant": "隨著當前全球COVID-19疫情逐漸緩減，各國開始放寬邊境檢疫政策，連帶亦使國際訪賓來高頻率有上升趨勢，"
                             "並持續搭配視訊會議等方式拓展本市和國際之交流。",
    "part3_opening_en": "As the COVID-19 pandemic eased and countries relaxed their border quarantine, foreign "
                        "visitors came to Kaohsiung more often, and video conferences continued to widen the "
                        "city's international exchange.",
}

VENUES = [
    ("siwei-atrium-display-windows", "四維行政中心中庭櫥窗", "Siwei Administration Center atrium display windows",
     "高雄市苓雅區四維三路2號", "No. 2, Siwei 3rd Road, Lingya District, Kaohsiung"),
    ("siwei-administration-center", "四維行政中心", "Siwei Administration Center",
     "高雄市苓雅區四維三路2號", "No. 2, Siwei 3rd Road, Lingya District, Kaohsiung"),
    ("kaohsiung-main-public-library", "高雄市立圖書館總館", "Kaohsiung Main Public Library",
     "高雄市前鎮區新光路61號", "No. 61, Xinguang Road, Qianzhen District, Kaohsiung"),
]

SERIES_SLUG = "partner-city-themed-exhibitions"
SERIES = dict(
    slug=SERIES_SLUG, start_date=D(2021, 1, 1), date_precision=MONTH,
    title_zh_hant="姊妹市及友好夥伴城市主題展", title_en="Sister and partner city themed exhibitions",
    description_zh_hant=(
        "本府行政暨國際處以每月一個姊妹市及友好夥伴城市為主題，於四維行政中心中庭櫥窗以城市介紹文案、搭配特色工藝品、文宣、照片、"
        "市長問候影片或宣傳影片等，增進市民對姊妹市及友好夥伴城市之認識。"),
    description_en=(
        "In the atrium display windows of the Siwei Administration Center, the Bureau of Administration and "
        "International Affairs introduces the sister and partner cities with texts, crafts, brochures, photos "
        "and greeting or promotional videos from their mayors."),
)
SERIES_CITIES = ["busan", "daegu", "daejeon", "suwon", "kumamoto-prefecture", "kumamoto-city", "hachioji",
                 "portland", "honolulu", "san-antonio", "tulsa", "brisbane", "erzgebirgskreis"]


@dataclass
class ItemSpec:
    key: str
    zh: str
    en: str
    kind: str
    native: str = ""
    maker: str = ""
    # Received as a gift (the register's GIFTS record who gave it).
    is_gift: bool = False
    description: tuple[str, str] = ("", "")


ITEMS = [
    ItemSpec("busan-key", "釜山市市鑰", "Key to the City of Busan", ItemKind.KEY_TO_THE_CITY, is_gift=True),
    ItemSpec("belize-city-key", "貝里斯市市鑰", "Key to Belize City", ItemKind.KEY_TO_THE_CITY,
             is_gift=True),
    ItemSpec("san-antonio-painting", "聖安東尼市世界文化遺產紀念畫作",
             "Painting of San Antonio's World Heritage missions", ItemKind.PAINTING, maker="Richard Arredondo",
             is_gift=True, description=(
                 "聖安東尼市政府為慶祝兩市長年情誼，特別邀請當地藝術家以該市世界文化遺產為主題創作並贈予高雄之紀念畫作。",
                 "Commissioned by the City of San Antonio from a local artist to celebrate the two cities' long "
                 "friendship, on the theme of the city's World Heritage site, and given to Kaohsiung.")),
    ItemSpec("brisbane-city-hall-picture", "布里斯本市政廳掛畫", "Picture of Brisbane City Hall", ItemKind.PAINTING),
    ItemSpec("brisbane-aboriginal-crafts", "原住民藝品", "Aboriginal crafts", ItemKind.CRAFT),
    ItemSpec("baekje-gold-crown-ornament", "百濟金製冠飾(複製品)", "Baekje gold crown ornaments (replica)",
             ItemKind.REPLICA, native="금제관식", description=(
                 "列為韓國國寶文物的百濟金製冠飾複製品。",
                 "Replica of the Baekje gold crown ornaments, a National Treasure of Korea.")),
    ItemSpec("hahoe-mask", "民俗木製河回面具", "Hahoe wooden folk masks", ItemKind.CRAFT, native="하회탈"),
    ItemSpec("samul-nori-models", "傳統四物打擊樂器迷你模型", "Miniature models of the four samul nori instruments",
             ItemKind.MODEL, native="사물놀이"),
    ItemSpec("expo-bridge-plate", "繪製大田地標世博橋的紀念盤", "Commemorative plate showing Daejeon's Expo Bridge",
             ItemKind.SOUVENIR, native="엑스포다리"),
    ItemSpec("kumdori", "夢精靈", "Kumdori, mascot of the 1993 Daejeon Expo", ItemKind.MASCOT, native="꿈돌이"),
]


@dataclass
class ExhibitionSpec:
    slug: str
    title: tuple[str, str]
    start: datetime.date
    end: datetime.date | None
    precision: str
    venue: str | None
    cities: list[str]
    summary: tuple[str, str]
    items: list[str] = field(default_factory=list)
    in_series: bool = False
    report_heading: tuple[str, str] = ("", "")


EXHIBITIONS = [
    ExhibitionSpec(
        "partner-city-of-the-month-2021-2022", ("每月一城：姊妹市及友好夥伴城市系列展", "Partner city of the month"),
        D(2021, 1, 1), D(2022, 4, 1), MONTH, "siwei-atrium-display-windows", SERIES_CITIES,
        ("本案共5國13個城市響應，計有韓國釜山市、大邱市、大田市、水原市、日本熊本縣、熊本市、八王子市、"
         "美國波特蘭市、檀香山市、聖安東尼市、陶沙市、澳洲布里斯本市、德國礦山縣等，自110年1月起至111年4月止進行系列展覽。",
         "One sister or partner city a month: 13 cities in 5 countries took part, namely Busan, Daegu, Daejeon "
         "and Suwon in Korea; Kumamoto Prefecture, Kumamoto City and Hachioji in Japan; Portland, Honolulu, San "
         "Antonio and Tulsa in the United States; Brisbane in Australia; and the Erzgebirgskreis in Germany."),
        in_series=True),
    ExhibitionSpec(
        "keys-to-the-city", ("城市市鑰", "Keys to the City"), D(2022, 5, 1), None, MONTH,
        "siwei-atrium-display-windows", ["busan", "belize-city"],
        ("自111年5月起，接續規劃主題展「城市市鑰」，展示釜山市、貝里斯市等贈予本市之市鑰。",
         "Shows the keys to the city that Busan, Belize City and other partners gave Kaohsiung."),
        items=["busan-key", "belize-city-key"], in_series=True),
    ExhibitionSpec(
        "city-mascots", ("城市吉祥物", "City Mascots"), D(2022, 10, 1), None, MONTH, "siwei-atrium-display-windows",
        [],
        ("自111年10月起，以「城市吉祥物」為主軸，展出姊妹市及友好夥伴城市為行銷及營造城市形象，所推出之深具城市特徵吉祥物，"
         "讓市民朋友透過吉祥物可愛又討喜的造型認識各個城市之特色。",
         "Shows the mascots that sister and partner cities created to market themselves, so that residents "
         "get to know each city through its endearing mascot."),
        in_series=True),
    ExhibitionSpec(
        "san-antonio-40th-anniversary-exhibition",
        ("高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展",
         "Kaohsiung–San Antonio, Texas: 40th Sister City Anniversary Exhibition"),
        D(2022, 8, 16), D(2022, 8, 28), DAY, "kaohsiung-main-public-library", ["san-antonio"],
        ("為慶祝高雄市與美國德克薩斯州聖安東尼市締盟40周年姊妹市情誼，本府行政暨國際處於111年8月16日至8月28日於高雄市立圖書總館"
         "舉辦「高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展」，展出聖安東尼市政府為慶祝兩市長年情誼，"
         "特別邀請當地藝術家Richard Arredondo以該市世界文化遺產為主題創作並贈予高雄之紀念畫作，現場亦展出聖安東尼市歷年贈予高雄的紀念禮品，"
         "以生動立體的方式讓觀展民眾深入認識聖安東尼姊妹市魅力，以及雙方城市堅定的友好關係，美國在台協會高雄分處文化新聞組蔡南亭組長亦到場觀展。",
         "To celebrate 40 years as sister cities, the exhibition showed the painting that the City of San "
         "Antonio commissioned from local artist Richard Arredondo on the theme of the city's World Heritage "
         "site and gave to Kaohsiung, together with the gifts San Antonio has given Kaohsiung over the years, "
         "showing visitors the charm of the sister city and the two cities' firm friendship. The chief of the "
         "Cultural and Press Section of the AIT Kaohsiung Branch Office also visited."),
        items=["san-antonio-painting"],
        report_heading=("姊妹市締盟40周年紀念展", "40th sister city anniversary exhibition")),
    ExhibitionSpec(
        "brisbane-25th-anniversary-exhibition", ("布里斯本姊妹市25周年交流紀念展",
                                                 "Brisbane Sister City 25th Anniversary Exhibition"),
        D(2022, 9, 5), D(2022, 9, 30), DAY, None, ["brisbane"],
        ("本府行政暨國際處為紀念高雄市與澳洲布里斯本市姊妹市締盟25周年，自111年9月5日至30日舉辦「布里斯本姊妹市25周年交流紀念展」，"
         "展示布里斯本市政廳掛畫、原住民藝品等特色紀念品，向市民介紹布里斯本市特色及與本市互動亮點。",
         "Marking 25 years as sister cities, the exhibition showed a picture of Brisbane City Hall, Aboriginal "
         "crafts and other mementos, introducing residents to Brisbane and the highlights of its ties with "
         "Kaohsiung."),
        items=["brisbane-city-hall-picture", "brisbane-aboriginal-crafts"],
        report_heading=("姊妹市25周年紀念活動", "25th sister city anniversary events")),
    ExhibitionSpec(
        "daejeon-5th-anniversary-exhibition", ("高雄市與大田市締結友好城市5周年展",
                                               "Kaohsiung–Daejeon Friendship City 5th Anniversary Exhibition"),
        D(2022, 9, 16), D(2022, 10, 14), DAY, "siwei-administration-center", ["daejeon"],
        ("為紀念高雄市與韓國大田市締結友好城市5周年情誼，本府行政暨國際處自111年9月16日至10月14日於本府四維行政中心舉辦紀念展覽，"
         "展出被列為韓國國寶文物的百濟金製冠飾(複製品)及民俗木製河回面具、傳統四物打擊樂器迷你模型、"
         "繪製大田地標世博橋的紀念盤、大田主辦1993世界博覽會吉祥物夢精靈等深具韓國歷史及大田市特色的文物，"
         "並介紹該市觀光景點、文化及過往兩市交流軌跡等，讓市民朋友認識大田市的優美文化與城市特色。",
         "Marking five years as friendship cities with Daejeon, Korea, the exhibition showed a replica of the "
         "Baekje gold crown ornaments, a Korean National Treasure, Hahoe wooden folk masks, miniature models of "
         "the four samul nori percussion instruments, a commemorative plate showing Daejeon's Expo Bridge and "
         "Kumdori, the mascot of the 1993 Daejeon Expo, and introduced the city's sights, culture and the two "
         "cities' exchanges."),
        items=["baekje-gold-crown-ornament", "hahoe-mask", "samul-nori-models", "expo-bridge-plate", "kumdori"]),
]


@dataclass
class GiftSpec:
    """A gift the chapter tells of: which way it went, the counterpart city, the engagement and
    the item where the chapter names them. No value, date, disposition or place of custody: the
    chapter gives none."""

    slug: str
    direction: str
    name: tuple[str, str]
    city: str | None
    item: str | None = None
    engagement: str | None = None
    donation: bool = False


SAN_ANTONIO_VIDEO_CONFERENCE = "2022-12-20-san-antonio-40th-anniversary-video-conference"
BELIZE_RELIEF = "2022-11-belize-city-hurricane-relief"
RECEIVED, GIVEN = GiftDirection.RECEIVED, GiftDirection.GIVEN

# Gifts the chapter tells of. The keys "贈予本市" and the painting "贈予高雄" were given to the city;
# Brisbane's picture and crafts are "特色紀念品" (mementos) shown as the city's, from a giver the
# chapter does not name; the two cities
# "互贈" (gave each other) the 40th-anniversary gifts presented on the video conference; the
# relief supplies were donated to Belize City. The items shown at the Daejeon and mascot
# exhibitions are "文物" and mascots the chapter does not say the city was given, so they are not
# on the register.
GIFTS = [
    GiftSpec("key-to-the-city-of-busan", RECEIVED, ("釜山市市鑰", "Key to the City of Busan"), "busan",
             item="busan-key"),
    GiftSpec("key-to-belize-city", RECEIVED, ("貝里斯市市鑰", "Key to Belize City"), "belize-city",
             item="belize-city-key"),
    GiftSpec("san-antonio-world-heritage-painting", RECEIVED,
             ("聖安東尼市世界文化遺產紀念畫作", "Painting of San Antonio's World Heritage missions"), "san-antonio",
             item="san-antonio-painting"),
    GiftSpec("brisbane-city-hall-picture", RECEIVED, ("布里斯本市政廳掛畫", "Picture of Brisbane City Hall"),
             None, item="brisbane-city-hall-picture"),
    GiftSpec("brisbane-aboriginal-crafts", RECEIVED, ("原住民藝品", "Aboriginal crafts"), None,
             item="brisbane-aboriginal-crafts"),
    GiftSpec("san-antonio-40th-anniversary-gift", RECEIVED,
             ("聖安東尼市締盟40周年紀念禮品", "San Antonio's 40th sister city anniversary gift"), "san-antonio",
             engagement=SAN_ANTONIO_VIDEO_CONFERENCE),
    GiftSpec("kaohsiung-40th-anniversary-gift-to-san-antonio", GIVEN,
             ("致聖安東尼市締盟40周年紀念禮品", "40th sister city anniversary gift to San Antonio"), "san-antonio",
             engagement=SAN_ANTONIO_VIDEO_CONFERENCE),
    GiftSpec("belize-city-hurricane-relief-supplies", GIVEN,
             ("捐贈貝里斯市賑災物資", "Hurricane relief supplies for Belize City"), "belize-city",
             engagement=BELIZE_RELIEF, donation=True),
]


def _by_slug(model, slug: str, **defaults):
    obj, _ = model.objects.update_or_create(slug=slug, defaults=defaults)
    return obj


@transaction.atomic
def load_sample_data() -> dict[str, int]:
    """Create or update every record of the source chapter; return counts per model name.

    Idempotent (a second run leaves the database as it was). Runs in one transaction, so a
    failure leaves nothing half-loaded. Raises whatever the database raises on a conflict with
    records already there (e.g. a city with the same slug but another country is updated).
    """
    countries = {}
    for slug, iso, kind, parent, zh, en in COUNTRIES:
        countries[slug] = _by_slug(Country, slug, iso_code=iso, kind=kind,
                                   parent=countries.get(parent), name_zh_hant=zh, name_en=en)

    cities = {}
    for spec in CITIES:
        # Coordinates not given here come from the offline gazetteer (cities.gazetteer), below.
        coordinates = dict(zip(("latitude", "longitude"), spec.coordinates, strict=True)) if spec.coordinates else {}
        cities[spec.slug] = _by_slug(
            City, spec.slug, name_zh_hant=spec.zh, name_en=spec.en, native_name=spec.native,
            kind=spec.kind, country=countries[spec.country], region_zh_hant=spec.region[0],
            region_en=spec.region[1], status=PUBLISHED, **coordinates)
    fill_coordinates(City.objects.filter(slug__in=cities))

    partnerships = {}
    for spec in PARTNERSHIPS:
        partnerships[spec.city, spec.kind], _ = Partnership.objects.update_or_create(
            city=cities[spec.city], kind=spec.kind, defaults=dict(
                established_on=spec.established_on, established_precision=spec.precision,
                ordinal=spec.ordinal, ended_on=spec.ended_on, note_zh_hant=spec.note[0],
                note_en=spec.note[1]))
    for spec in PARTNERSHIPS:
        if spec.replaced_by:
            old = partnerships[spec.city, spec.kind]
            old.replaced_by = partnerships[spec.city, spec.replaced_by]
            old.save(update_fields=["replaced_by"])

    bureaus = {slug: _by_slug(Bureau, slug, name_zh_hant=zh, name_en=en, short_name_zh_hant=szh,
                              short_name_en=sen)
               for slug, zh, en, szh, sen in BUREAUS}
    topics = {slug: _by_slug(Topic, slug, name_zh_hant=zh, name_en=en) for slug, (zh, en) in TOPICS.items()}

    people = {}
    for key, spec in PEOPLE.items():
        people[key], _ = Person.objects.update_or_create(name_zh_hant=spec.zh, defaults=dict(
            name_en=spec.en, original_name=spec.original, is_city_official=spec.official,
            country=countries.get(spec.country)))

    specs = list(ENGAGEMENTS)
    undated = {}
    for key, kind, organisation, title, city, country in UNDATED_GUESTS:
        listed = next(zh for _, k, zh, _ in MAIN_GUESTS_2022H2 if k == key)
        listed_en = next(en for _, k, _, en in MAIN_GUESTS_2022H2 if k == key)
        verb = ("視訊會議：", "Video conference with ") if kind == EngagementKind.VIDEO_CONFERENCE else (
            "接待", "Reception of ")
        slug = f"2022h2-{key}"
        undated[key] = slug
        specs.append(EngagementSpec(
            slug, kind, (f"{verb[0]}{listed.removesuffix('（視訊）')}", f"{verb[1]}{listed_en.removesuffix(' (video)')}"),
            D(2022, 7, 1), precision=HALF, cities=[city] if city else [], countries=[country],
            participants=[Role(key, ParticipantRole.GUEST, title, organisation)]))

    engagements = {}
    for spec in specs:
        engagement = _by_slug(
            Engagement, spec.slug, kind=spec.kind, title_zh_hant=spec.title[0], title_en=spec.title[1],
            start_date=spec.start, end_date=spec.end, date_precision=spec.precision,
            place_zh_hant=spec.place[0], place_en=spec.place[1], summary_zh_hant=spec.summary[0],
            summary_en=spec.summary[1], status=PUBLISHED)
        engagements[spec.slug] = engagement
        for city in spec.cities:
            EngagementCity.objects.get_or_create(engagement=engagement, city=cities[city])
        EngagementCity.objects.filter(engagement=engagement).exclude(
            city__slug__in=spec.cities).delete()
        engagement.countries.set([countries[c] for c in spec.countries])
        engagement.bureaus.set([bureaus[b] for b in spec.bureaus])
        engagement.topics.set([topics[t] for t in spec.topics])
        for position, role in enumerate(spec.participants):
            Participation.objects.update_or_create(
                engagement=engagement, person=people[role.person], defaults=dict(
                    role=role.role, title_zh_hant=role.title[0], title_en=role.title[1],
                    organisation_zh_hant=role.organisation[0], organisation_en=role.organisation[1],
                    position=position))
        for position, (zh, en) in enumerate(spec.donated):
            DonatedItem.objects.update_or_create(engagement=engagement, name_zh_hant=zh, defaults=dict(
                name_en=en, position=position))

    reported = dict(REPORTED_2022H2)
    period, _ = ReportingPeriod.objects.update_or_create(year=reported.pop("year"), half=reported.pop("half"),
                                                         defaults=reported)
    for position, (slug, key, zh, en) in enumerate(MAIN_GUESTS_2022H2):
        participation = Participation.objects.get(engagement=engagements[slug or undated[key]],
                                                  person=people[key])
        MainGuest.objects.update_or_create(period=period, participation=participation, defaults=dict(
            position=position, listed_as_zh_hant=zh, listed_as_en=en))

    venues = {slug: _by_slug(Venue, slug, name_zh_hant=zh, name_en=en, address_zh_hant=azh, address_en=aen)
              for slug, zh, en, azh, aen in VENUES}
    series = _by_slug(ExhibitionSeries, venue=venues["siwei-atrium-display-windows"], status=PUBLISHED,
                      **SERIES)

    items = {}
    for spec in ITEMS:
        items[spec.key], _ = Item.objects.update_or_create(name_zh_hant=spec.zh, defaults=dict(
            name_en=spec.en, native_name=spec.native, kind=spec.kind, maker_zh_hant=spec.maker,
            maker_en=spec.maker, is_gift=spec.is_gift, description_zh_hant=spec.description[0],
            description_en=spec.description[1]))

    for spec in EXHIBITIONS:
        exhibition = _by_slug(
            Exhibition, spec.slug, title_zh_hant=spec.title[0], title_en=spec.title[1],
            start_date=spec.start, end_date=spec.end, date_precision=spec.precision,
            venue=venues.get(spec.venue), series=series if spec.in_series else None,
            summary_zh_hant=spec.summary[0], summary_en=spec.summary[1],
            report_heading_zh_hant=spec.report_heading[0], report_heading_en=spec.report_heading[1],
            status=PUBLISHED)
        for city in spec.cities:
            ExhibitionCity.objects.get_or_create(exhibition=exhibition, city=cities[city])
        ExhibitionCity.objects.filter(exhibition=exhibition).exclude(city__slug__in=spec.cities).delete()
        for position, key in enumerate(spec.items):
            ExhibitedItem.objects.update_or_create(exhibition=exhibition, item=items[key],
                                                   defaults={"position": position})

    gifts = {}
    for spec in GIFTS:
        engagement = engagements.get(spec.engagement)
        city = cities.get(spec.city)
        # The register's migration may have put an item or a donation on it already: that gift
        # is this one.
        gift = (Gift.objects.filter(item=items[spec.item]).first() if spec.item else None) or (
            Gift.objects.filter(donation_lines__donated_item__engagement=engagement).first()
            if spec.donation else None) or Gift.objects.filter(slug=spec.slug).first() or Gift()
        for name, value in dict(
                slug=spec.slug, direction=spec.direction, name_zh_hant=spec.name[0], name_en=spec.name[1],
                description_zh_hant="", description_en="", counterpart_organisation_zh_hant="",
                counterpart_organisation_en="", disposition_note_zh_hant="", disposition_note_en="",
                item=items.get(spec.item), engagement=engagement, counterpart_city=city,
                counterpart_country=city.country if city else None,
                given_on=engagement.start_date if spec.donation else None,
                given_on_precision=engagement.date_precision if spec.donation else DAY,
                status=PUBLISHED).items():
            setattr(gift, name, value)
        gift.save()
        gifts[spec.slug] = gift
        if spec.donation:
            for donated in engagement.donated_items.all():
                GiftDonatedItem.objects.update_or_create(donated_item=donated, defaults={"gift": gift})

    return {
        "countries": len(countries), "cities": len(cities), "partnerships": len(partnerships),
        "people": len(people), "engagements": len(engagements), "exhibitions": len(EXHIBITIONS),
        "items": len(items), "gifts": len(gifts), "main guests": len(MAIN_GUESTS_2022H2),
    }
