"""A large, realistic, deterministic data set for benchmarks (``python manage.py generate_data``).

At scale 1 it holds what a national ministry or a large city accumulates over 40 years (1986–2025):
300 partner cities in 80 countries, 20,000 engagements, 60,000 people, 150,000 participations,
3,000 exhibitions and 10,000 items. Every count scales linearly with ``scale`` (at least one of
each). Shapes follow the source chapter: names in Chinese and in their own script (Hangul, kanji
and kana, Latin with diacritics) with varying middle-dot separators, dates known to the day,
month, half-year or year, most records published and some drafts or embargoed, more engagements
in recent years, a few busy cities and people who appear again and again.

Rows are written with ``bulk_create`` in batches, which bypasses ``save()``: the search keys of
cities, people, engagements and exhibitions are computed here with
:func:`core.names.search_key`, as their ``save()`` would. The same ``seed``
gives the same records (slugs, names, dates and links; primary keys depend on the database).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext

from cities.models import City, Country, LocalGovernmentKind, Partnership, PartnershipKind
from core.cache import invalidate_public_pages
from core.dates import DatePrecision, truncate
from core.models import PublicationStatus
from core.names import search_key
from exhibitions.models import (
    ExhibitedItem,
    Exhibition,
    ExhibitionCity,
    ExhibitionSeries,
    Item,
    ItemKind,
    Venue,
)
from gifts.models import Gift, GiftDirection
from visits.models import (
    Bureau,
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

# Counts at scale 1 (benchmarks/README.md).
COUNTS = {
    "countries": 80, "cities": 300, "engagements": 20_000, "people": 60_000,
    "participations": 150_000, "exhibitions": 3_000, "items": 10_000,
}
FIRST_YEAR, LAST_YEAR = 1986, 2025
BATCH = 2000
# Far enough ahead that an embargoed record stays embargoed whenever the data set is used.
EMBARGO_UNTIL = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)

# ISO code | zh-hant | en | script of its people's and places' names
_COUNTRY_TABLE = """
KR | 韓國 | South Korea | ko
JP | 日本 | Japan | ja
US | 美國 | United States | en
AU | 澳洲 | Australia | en
DE | 德國 | Germany | de
FR | 法國 | France | fr
ES | 西班牙 | Spain | es
PT | 葡萄牙 | Portugal | pt
PL | 波蘭 | Poland | pl
CZ | 捷克 | Czechia | cs
LT | 立陶宛 | Lithuania | lt
VN | 越南 | Vietnam | vi
TR | 土耳其 | Türkiye | tr
GB | 英國 | United Kingdom | en
CA | 加拿大 | Canada | fr
NZ | 紐西蘭 | New Zealand | en
AT | 奧地利 | Austria | de
CH | 瑞士 | Switzerland | de
BE | 比利時 | Belgium | fr
NL | 荷蘭 | Netherlands | nl
SE | 瑞典 | Sweden | sv
NO | 挪威 | Norway | sv
DK | 丹麥 | Denmark | sv
FI | 芬蘭 | Finland | fi
IS | 冰島 | Iceland | sv
IE | 愛爾蘭 | Ireland | en
IT | 義大利 | Italy | it
GR | 希臘 | Greece | el
HU | 匈牙利 | Hungary | hu
SK | 斯洛伐克 | Slovakia | cs
SI | 斯洛維尼亞 | Slovenia | cs
HR | 克羅埃西亞 | Croatia | cs
RO | 羅馬尼亞 | Romania | ro
EE | 愛沙尼亞 | Estonia | fi
LV | 拉脫維亞 | Latvia | lt
UA | 烏克蘭 | Ukraine | pl
MX | 墨西哥 | Mexico | es
GT | 瓜地馬拉 | Guatemala | es
BZ | 貝里斯 | Belize | en
HN | 宏都拉斯 | Honduras | es
SV | 薩爾瓦多 | El Salvador | es
NI | 尼加拉瓜 | Nicaragua | es
CR | 哥斯大黎加 | Costa Rica | es
PA | 巴拿馬 | Panama | es
PY | 巴拉圭 | Paraguay | es
CL | 智利 | Chile | es
AR | 阿根廷 | Argentina | es
BR | 巴西 | Brazil | pt
PE | 秘魯 | Peru | es
CO | 哥倫比亞 | Colombia | es
HT | 海地 | Haiti | fr
DO | 多明尼加 | Dominican Republic | es
VC | 聖文森及格瑞那丁 | Saint Vincent and the Grenadines | en
LC | 聖露西亞 | Saint Lucia | en
KN | 聖克里斯多福及尼維斯 | Saint Kitts and Nevis | en
SZ | 史瓦帝尼 | Eswatini | en
ZA | 南非 | South Africa | en
NG | 奈及利亞 | Nigeria | en
KE | 肯亞 | Kenya | en
PW | 帛琉 | Palau | en
MH | 馬紹爾群島 | Marshall Islands | en
TV | 吐瓦魯 | Tuvalu | en
FJ | 斐濟 | Fiji | en
PG | 巴布亞紐幾內亞 | Papua New Guinea | en
PH | 菲律賓 | Philippines | en
ID | 印尼 | Indonesia | vi
MY | 馬來西亞 | Malaysia | en
SG | 新加坡 | Singapore | en
TH | 泰國 | Thailand | vi
IN | 印度 | India | en
MN | 蒙古 | Mongolia | tr
IL | 以色列 | Israel | en
AE | 阿拉伯聯合大公國 | United Arab Emirates | en
SA | 沙烏地阿拉伯 | Saudi Arabia | en
JO | 約旦 | Jordan | en
EG | 埃及 | Egypt | fr
MA | 摩洛哥 | Morocco | fr
SN | 塞內加爾 | Senegal | fr
LU | 盧森堡 | Luxembourg | fr
MT | 馬爾他 | Malta | it
CY | 賽普勒斯 | Cyprus | el
"""
COUNTRIES: list[tuple[str, ...]] = [
    tuple(cell.strip() for cell in line.split("|")) for line in _COUNTRY_TABLE.strip().splitlines()
]

# Korean: (Hangul, romanisation, hanja as Chinese documents write it).
KO_FAMILY = [("김", "Kim", "金"), ("이", "Lee", "李"), ("박", "Park", "朴"), ("최", "Choi", "崔"),
             ("정", "Jung", "鄭"), ("강", "Kang", "姜"), ("조", "Cho", "趙"), ("윤", "Yoon", "尹")]
KO_GIVEN = [("민", "min", "民"), ("준", "jun", "俊"), ("서", "seo", "瑞"), ("연", "yeon", "妍"),
            ("지", "ji", "智"), ("현", "hyun", "賢"), ("수", "su", "秀"), ("영", "young", "英"),
            ("호", "ho", "浩"), ("우", "woo", "宇"), ("성", "seong", "成"), ("희", "hee", "熙")]
KO_PLACE = [("부", "Bu", "釜"), ("산", "san", "山"), ("대", "Dae", "大"), ("전", "jeon", "田"),
            ("광", "Gwang", "光"), ("주", "ju", "州"), ("원", "won", "原"), ("천", "cheon", "川")]
# Japanese: (kanji, kana, romanisation with macrons).
JA_FAMILY = [("佐藤", "さとう", "Satō"), ("鈴木", "すずき", "Suzuki"), ("高橋", "たかはし", "Takahashi"),
             ("田中", "たなか", "Tanaka"), ("伊藤", "いとう", "Itō"), ("渡辺", "わたなべ", "Watanabe"),
             ("山本", "やまもと", "Yamamoto"), ("中村", "なかむら", "Nakamura"), ("小池", "こいけ", "Koike"),
             ("大野", "おおの", "Ōno")]
JA_GIVEN = [("花子", "はなこ", "Hanako"), ("太郎", "たろう", "Tarō"), ("百合子", "ゆりこ", "Yuriko"),
            ("健一", "けんいち", "Ken'ichi"), ("翔太", "しょうた", "Shōta"), ("さくら", "さくら", "Sakura"),
            ("由美", "ゆみ", "Yumi"), ("誠", "まこと", "Makoto"), ("陽菜", "ひな", "Hina"),
            ("浩二", "こうじ", "Kōji")]
JA_PLACE = [("熊本", "Kumamoto"), ("八王子", "Hachiōji"), ("和歌山", "Wakayama"), ("佐渡", "Sado"),
            ("高松", "Takamatsu"), ("函館", "Hakodate"), ("長崎", "Nagasaki"), ("豊中", "Toyonaka"),
            ("大分", "Ōita"), ("仙台", "Sendai"), ("静岡", "Shizuoka"), ("青森", "Aomori")]
# Latin-script names, with the diacritics of each language.
LATIN_GIVEN = {
    "en": ["John", "Mary", "Robert", "Linda", "Michael", "Sarah", "David", "Emma", "James", "Olivia"],
    "de": ["Jürgen", "Jörg", "Günther", "Käthe", "Lukas", "Anna", "Björn", "Uwe", "Sören", "Lena"],
    "fr": ["François", "Hélène", "Jérôme", "Renée", "Gaël", "Zoé", "Noël", "Cécile", "Léon", "Anaïs"],
    "es": ["José", "María", "Iñaki", "Begoña", "Raúl", "Sofía", "Ramón", "Inés", "Andrés", "Lucía"],
    "pt": ["João", "Conceição", "Estêvão", "Inês", "Sebastião", "Luís", "Graça", "Tomás", "Mário", "Ana"],
    "pl": ["Łukasz", "Małgorzata", "Paweł", "Zoﬁa", "Michał", "Agnieszka", "Wojciech", "Bożena"],
    "cs": ["Jiří", "Lucie", "Tomáš", "Zdeněk", "Božena", "Petr", "Kateřina", "Miloš"],
    "lt": ["Agnė", "Jonas", "Rūta", "Mindaugas", "Gintarė", "Žygimantas", "Eglė", "Tomas"],
    "vi": ["Văn", "Thị", "Hùng", "Lan", "Dũng", "Hương", "Minh", "Phương"],
    "tr": ["Şükrü", "Ayşe", "Gökhan", "Çağla", "İsmail", "Özlem", "Barış", "Gül"],
    "nl": ["Daan", "Sanne", "Joëlle", "Ruud", "Maaike", "Sjoerd", "Eva", "Bram"],
    "sv": ["Åsa", "Björn", "Søren", "Ingrid", "Lars", "Märta", "Øystein", "Karin"],
    "fi": ["Päivi", "Jyrki", "Sanna", "Mikko", "Kärt", "Tõnu", "Aino", "Jüri"],
    "it": ["Niccolò", "Giulia", "Andrea", "Francesca", "Lorenzo", "Chiara", "Nicolò", "Elena"],
    "el": ["Giorgos", "Eleni", "Dimitris", "Maria", "Kostas", "Katerina", "Nikos", "Sofia"],
    "hu": ["Zoltán", "Erzsébet", "Gábor", "Ágnes", "László", "Zsófia", "Péter", "Ildikó"],
    "ro": ["Ștefan", "Ioana", "Mihai", "Andreea", "Răzvan", "Elena", "Tudor", "Ilinca"],
}
LATIN_FAMILY = {
    "en": ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Nirenberg", "Clarke", "Evans", "Walker"],
    "de": ["Müller", "Schröder", "Weiß", "Groß", "Köhler", "Schäfer", "Bäcker", "Hoffmann", "Krüger"],
    "fr": ["Lefèvre", "Dupré", "Bénard", "Mérieux", "Leclère", "Gaillard", "Rousseau", "Perrault"],
    "es": ["Núñez", "García", "Pérez", "Muñoz", "Gómez", "Martínez", "Ibáñez", "Sáenz", "Rodríguez"],
    "pt": ["Gonçalves", "Simões", "Magalhães", "Araújo", "Conceição", "Brandão", "Falcão", "Louçã"],
    "pl": ["Wójcik", "Kowalczyk", "Łęcki", "Nowak", "Wiśniewski", "Dąbrowski", "Żukowski", "Sikorski"],
    "cs": ["Dvořák", "Novák", "Černý", "Procházka", "Kučera", "Veselý", "Růžička", "Horák"],
    "lt": ["Vaičiukevičiūtė", "Kazlauskas", "Petrauskienė", "Jankauskas", "Žukauskas", "Butkutė"],
    "vi": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng"],
    "tr": ["Öztürk", "Yılmaz", "Çelik", "Şahin", "Doğan", "Aydın", "Güneş", "Kılıç"],
    "nl": ["de Vries", "van Dijk", "Bakker", "Jansen", "van den Berg", "Visser", "Smit", "Meijer"],
    "sv": ["Åkesson", "Lindström", "Sørensen", "Ødegård", "Nyström", "Bergström", "Hansen", "Berg"],
    "fi": ["Häkkinen", "Virtanen", "Mäkinen", "Tamm", "Saar", "Järvinen", "Kõiv", "Lehtonen"],
    "it": ["Rossi", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino"],
    "el": ["Papadopoulos", "Georgiou", "Nikolaou", "Dimitriou", "Ioannou", "Konstantinou"],
    "hu": ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár"],
    "ro": ["Popescu", "Ionescu", "Țurcanu", "Dumitrescu", "Stănescu", "Constantinescu"],
}
LATIN_PLACE_START = {
    "en": ["Spring", "Oak", "River", "Bright", "Fair", "Port", "Green", "Lake"],
    "de": ["Neu", "Ober", "Groß", "Bad", "Sankt", "Kö", "Mühl", "Über"],
    "fr": ["Saint-Étienne", "Bois", "Mont", "Pré", "Beau", "Château", "Fontaine", "Val"],
    "es": ["San", "Villa", "Puerto", "Peñas", "Santa", "Río", "Monte", "Nueva"],
    "pt": ["São", "Vila", "Porto", "Ribeirão", "Santa", "Conceição", "Campo", "Serra"],
    "pl": ["Łódź", "Nowy", "Biała", "Gdańsk", "Stary", "Zielona", "Wrocław", "Kraśnik"],
    "cs": ["Český", "Nové", "Hradec", "Ústí", "Týn", "Brno", "Plzeň", "Dvůr"],
    "lt": ["Šiau", "Kau", "Pane", "Klai", "Vil", "Ute", "Mari", "Ali"],
    "vi": ["Hà", "Đà", "Hải", "Cần", "Biên", "Nha", "Quy", "Vũng"],
    "tr": ["Çanak", "İzmir", "Gazi", "Kuşa", "Eskişe", "Muğ", "Ayvalı", "Şile"],
    "nl": ["Nieuw", "Oud", "Zuid", "Noord", "Groot", "Klein", "West", "Oost"],
    "sv": ["Göte", "Ålands", "Norr", "Sønder", "Øster", "Väster", "Lille", "Stor"],
    "fi": ["Järven", "Tam", "Kuo", "Pärnu", "Tartu", "Seinä", "Vaa", "Rova"],
    "it": ["San", "Monte", "Castel", "Borgo", "Porto", "Villa", "Roc", "Fonte"],
    "el": ["Ano", "Kato", "Neo", "Palaio", "Agios", "Limni", "Kali", "Agia"],
    "hu": ["Székes", "Debre", "Győr", "Pécs", "Nyír", "Kecs", "Szol", "Eger"],
    "ro": ["Târgu", "Brașov", "Sibiu", "Iași", "Cluj", "Timiș", "Constanța", "Galați"],
}
LATIN_PLACE_END = ["burg", "ville", "field", "stadt", "polis", "dorf", "haven", "berg", "ia", "ów",
                   "ice", "ás", "ò", "ė", "ốc", "ıköy", "hoven", "ås", "lä", "ano", "ida", "háza", "ești"]
# Characters Chinese documents use to transliterate foreign names (a small, common subset).
TRANSLIT = "安巴布卡德艾菲格哈伊傑克拉馬納歐佩羅薩泰烏維沃澤爾斯特里尼森倫堡蘭柏莫希亞芬諾娜琳蒂瓦"
# Separators the source chapter uses between a foreign given and family name.
NAME_SEPARATORS = ["．", "‧", "·", "・"]

TITLES = [("市長", "Mayor"), ("副市長", "Deputy Mayor"), ("議長", "Speaker"), ("議員", "Councillor"),
          ("局長", "Director-General"), ("處長", "Director"), ("大使", "Ambassador"),
          ("代表", "Representative"), ("總領事", "Consul General"), ("教授", "Professor"),
          ("執行長", "Chief Executive"), ("秘書長", "Secretary-General"), ("董事長", "Chair"),
          ("部長", "Minister"), ("次長", "Vice Minister"), ("團員", "Member")]
ORGANISATION_KINDS = [("市政府", "City Government"), ("市議會", "City Council"),
                      ("商會", "Chamber of Commerce"),
                      ("大學", "University"), ("港務局", "Port Authority"), ("觀光局", "Tourism Board")]
BUREAUS = [("economic-development", "經濟發展局", "Economic Development Bureau"),
           ("education", "教育局", "Education Bureau"), ("culture", "文化局", "Culture Bureau"),
           ("urban-development", "都市發展局", "Urban Development Bureau"),
           ("environmental-protection", "環境保護局", "Environmental Protection Bureau"),
           ("health", "衛生局", "Health Bureau"),
           ("sports-development", "運動發展局", "Sports Development Bureau"),
           ("youth", "青年局", "Youth Bureau"), ("transportation", "交通局", "Transportation Bureau"),
           ("information", "新聞局", "Information Bureau"), ("fire", "消防局", "Fire Bureau"),
           ("water-resources", "水利局", "Water Resources Bureau")]
TOPICS = [("ports", "港埠", "ports"), ("smart-city", "智慧城市", "smart city"),
          ("tourism", "觀光", "tourism"),
          ("trade", "經貿", "trade"), ("education", "教育", "education"), ("culture", "文化", "culture"),
          ("sports", "體育", "sports"), ("climate", "氣候變遷", "climate change"),
          ("public-health", "公共衛生", "public health"), ("youth-exchange", "青年交流", "youth exchange"),
          ("energy", "能源轉型", "energy transition"), ("agriculture", "農業", "agriculture"),
          ("transport", "交通", "transport"), ("disaster-relief", "防災救災", "disaster relief"),
          ("technology", "科技", "technology"), ("art", "藝術", "art")]
VENUES = [("city-hall-lobby", "市政府大廳", "City Hall lobby"),
          ("atrium-display-windows", "行政中心中庭櫥窗", "Administration Center atrium display windows"),
          ("main-public-library", "市立總圖書館", "Main Public Library"),
          ("museum-of-history", "市立歷史博物館", "Museum of History"),
          ("fine-arts-museum", "市立美術館", "Museum of Fine Arts"),
          ("port-terminal", "港埠旅運中心", "Port Terminal"),
          ("exhibition-center", "展覽館", "Exhibition Center"),
          ("airport-gallery", "機場藝廊", "Airport Gallery")]
ITEM_NAMES = {
    ItemKind.KEY_TO_THE_CITY: ("市鑰", "key to the city"), ItemKind.MASCOT: ("吉祥物", "mascot"),
    ItemKind.PAINTING: ("畫作", "painting"), ItemKind.CRAFT: ("工藝品", "craft"),
    ItemKind.REPLICA: ("複製品", "replica"), ItemKind.MODEL: ("模型", "model"),
    ItemKind.SOUVENIR: ("紀念品", "souvenir"), ItemKind.OTHER: ("禮品", "gift"),
}
# (kind, share, zh verb, en verb)
ENGAGEMENT_KINDS = [
    (EngagementKind.RECEPTION, 50, "接待{place}訪團", "Reception of a delegation from {place}"),
    (EngagementKind.OUTBOUND_VISIT, 15, "出訪{place}", "Outbound visit to {place}"),
    (EngagementKind.VIDEO_CONFERENCE, 15, "與{place}視訊會議", "Video conference with {place}"),
    (EngagementKind.CEREMONY, 10, "{place}締盟紀念活動", "Partnership ceremony with {place}"),
    (EngagementKind.DONATION, 5, "捐贈{place}賑災物資", "Relief supplies donated to {place}"),
    (EngagementKind.OTHER, 5, "與{place}交流", "Exchange with {place}"),
]
# (precision, share): most dates known to the day; some only to the month, half-year or year.
PRECISIONS = [(DatePrecision.DAY, 85), (DatePrecision.MONTH, 8), (DatePrecision.HALF_YEAR, 4),
              (DatePrecision.YEAR, 3)]


def scaled_counts(scale: float) -> dict[str, int]:
    """The number of records of each kind at ``scale`` (a positive float; 1 = :data:`COUNTS`):
    each count times ``scale``, rounded, at least 1; countries at most the 80 listed.
    Raises ``ValueError`` for a scale that is not positive."""
    if not scale > 0:
        raise ValueError(gettext("the scale must be a positive number, not %(scale)r") % {"scale": scale})
    counts = {name: max(1, round(count * scale)) for name, count in COUNTS.items()}
    counts["countries"] = min(counts["countries"], len(COUNTRIES))
    return counts


@dataclass
class Name:
    """One name in Chinese, English and its own script (empty where that is one of the others)."""

    zh: str
    en: str
    native: str


class _Names:
    """Makes names of people and places in a country's script from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def translit(self, low: int, high: int) -> str:
        return "".join(self.rng.choice(TRANSLIT) for _ in range(self.rng.randint(low, high)))

    def person(self, script: str) -> Name:
        rng = self.rng
        if script == "ko":
            family, given = rng.choice(KO_FAMILY), rng.sample(KO_GIVEN, 2)
            return Name(family[2] + given[0][2] + given[1][2],
                        f"{family[1]} {(given[0][1] + '-' + given[1][1]).capitalize()}",
                        family[0] + given[0][0] + given[1][0])
        if script == "ja":
            family, given = rng.choice(JA_FAMILY), rng.choice(JA_GIVEN)
            native = f"{family[0]}{given[0]}" if rng.random() < 0.8 else f"{family[1]} {given[1]}"
            return Name(f"{family[0]}{given[0]}", f"{given[2]} {family[2]}", native)
        given, family = rng.choice(LATIN_GIVEN.get(script, LATIN_GIVEN["en"])), rng.choice(
            LATIN_FAMILY.get(script, LATIN_FAMILY["en"]))
        native = f"{given} {family}"
        zh = self.translit(1, 3) + rng.choice(NAME_SEPARATORS) + self.translit(2, 4)
        # Chinese documents drop diacritics; so do some English ones.
        en = native if rng.random() < 0.7 else search_folded(native)
        return Name(zh, en, native if script != "en" else "")

    def place(self, script: str) -> Name:
        rng = self.rng
        if script == "ko":
            a, b = rng.sample(KO_PLACE, 2)
            return Name(a[2] + b[2] + "市", (a[1] + b[1]).capitalize(), a[0] + b[0] + "시")
        if script == "ja":
            kanji, romaji = rng.choice(JA_PLACE)
            suffix = rng.choice(["", "北", "南", "東", "西"])
            reading = {"": "", "北": " Kita", "南": " Minami", "東": " Higashi", "西": " Nishi"}[suffix]
            return Name(f"{kanji}{suffix}市", romaji + reading, f"{kanji}{suffix}市")
        start = rng.choice(LATIN_PLACE_START.get(script, LATIN_PLACE_START["en"]))
        native = start + rng.choice(LATIN_PLACE_END)
        en = search_folded(native).title() if rng.random() < 0.3 else native
        return Name(self.translit(2, 4) + "市", en, native if script != "en" else "")


def search_folded(text: str) -> str:
    """``text`` with its diacritics dropped, as Chinese documents write foreign names
    (Vaičiukevičiūtė → Vaiciukeviciute); letters and spaces otherwise kept."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _weighted(rng: random.Random, choices: Sequence[tuple], k: int = 1) -> list:
    """``k`` first elements of ``choices`` drawn with the weight in their second position."""
    return [c[0] for c in rng.choices(choices, weights=[c[1] for c in choices], k=k)]


def _bulk(model, objects: list, batch_size: int = BATCH) -> list:
    """Insert ``objects`` in batches; return them with their primary keys."""
    created = []
    for start in range(0, len(objects), batch_size):
        created.extend(model.objects.bulk_create(objects[start:start + batch_size], batch_size=batch_size))
    return created


def _status(rng: random.Random) -> dict:
    """Publication fields: 90% published, 8% drafts, 2% published but embargoed."""
    roll = rng.random()
    if roll < 0.90:
        return {"status": PublicationStatus.PUBLISHED}
    if roll < 0.98:
        return {"status": PublicationStatus.DRAFT}
    return {"status": PublicationStatus.PUBLISHED, "publish_from": EMBARGO_UNTIL}


def _date_in(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


@transaction.atomic
def generate(scale: float = 1.0, seed: int = 1) -> dict[str, int]:
    """Add a generated data set of ``scale`` (float, 1 = the sizes in :data:`COUNTS`) to the
    database, deterministically for ``seed`` (int); return the number of rows created per kind.

    Works on an empty database or beside the sample data (countries with the same ISO code are
    reused). Runs in one transaction. Raises ``ValueError`` for a scale that is not positive and
    ``FileExistsError`` when the database already holds a generated data set (slugs would clash).
    """
    counts = scaled_counts(scale)
    rng = random.Random(seed)
    names = _Names(rng)
    if City.objects.filter(slug__startswith="gen-").exists():
        raise FileExistsError(gettext("the database already holds generated data; use an empty database"))

    # Countries: reuse those already recorded (the sample data's), create the others.
    specs = COUNTRIES[:counts["countries"]]
    existing = {c.iso_code: c for c in Country.objects.filter(iso_code__in=[s[0] for s in specs])}
    new = [Country(iso_code=iso, slug=f"gen-{slugify(en)}", name_zh_hant=zh, name_en=en)
           for iso, zh, en, _ in specs if iso not in existing]
    _bulk(Country, new)
    by_iso = {**existing, **{c.iso_code: c for c in new}}
    countries = [(by_iso[iso], script) for iso, _, _, script in specs]

    bureaus = _bulk(Bureau, [Bureau(slug=f"gen-{slug}", name_zh_hant=zh, name_en=en, short_name_zh_hant=zh)
                             for slug, zh, en in BUREAUS])
    topics = _bulk(Topic, [Topic(slug=f"gen-{slug}", name_zh_hant=zh, name_en=en) for slug, zh, en in TOPICS])
    venues = _bulk(Venue, [Venue(slug=f"gen-{slug}", name_zh_hant=zh, name_en=en) for slug, zh, en in VENUES])

    # Cities: spread over the countries, a few countries with many (Japan, Korea, the US first).
    cities, city_script = [], []
    for index in range(counts["cities"]):
        country, script = countries[min(int(rng.paretovariate(1.2)) - 1, len(countries) - 1)
                                    if rng.random() < 0.5 else rng.randrange(len(countries))]
        name = names.place(script)
        cities.append(City(
            slug=f"gen-{slugify(name.en)}-{index}", name_zh_hant=name.zh, name_en=name.en,
            native_name=name.native, country=country, kind=_weighted(rng, [
                (LocalGovernmentKind.CITY, 85), (LocalGovernmentKind.PREFECTURE, 5),
                (LocalGovernmentKind.COUNTY, 4), (LocalGovernmentKind.DISTRICT, 3),
                (LocalGovernmentKind.STATE_OR_PROVINCE, 3)])[0],
            latitude=round(rng.uniform(-60, 70), 6), longitude=round(rng.uniform(-179, 179), 6),
            description_zh_hant=f"{name.zh}是本市的夥伴城市。",
            description_en=f"{name.en} is a partner of the city.",
            search_key=search_key(name.zh, name.en, name.native), **_status(rng)))
        city_script.append(script)
    _bulk(City, cities)

    # Partnerships: every city has one; some agreements were later upgraded to friendship cities.
    ordinal = (Partnership.objects.aggregate(m=Max("ordinal"))["m"] or 0)
    partnerships, upgrades = [], []
    for city in cities:
        ordinal += 1
        established = _date_in(rng, rng.randint(FIRST_YEAR - 20, LAST_YEAR))
        precision = _weighted(rng, [(DatePrecision.DAY, 80), (DatePrecision.MONTH, 10),
                                    (DatePrecision.YEAR, 10)])[0]
        kind = _weighted(rng, [(PartnershipKind.SISTER_CITY, 45), (PartnershipKind.FRIENDSHIP_CITY, 35),
                               (PartnershipKind.AGREEMENT, 20)])[0]
        partnerships.append(Partnership(city=city, kind=kind, established_on=truncate(established, precision),
                                        established_precision=precision, ordinal=ordinal))
        if kind == PartnershipKind.AGREEMENT and established.year < LAST_YEAR - 2 and rng.random() < 0.3:
            upgrades.append(len(partnerships) - 1)
    _bulk(Partnership, partnerships)
    successors = []
    for index in upgrades:
        old = partnerships[index]
        ordinal += 1
        old.ended_on = old.established_on + datetime.timedelta(days=rng.randint(365, 1500))
        successors.append(Partnership(city=old.city, kind=PartnershipKind.FRIENDSHIP_CITY,
                                      established_on=old.ended_on, ordinal=ordinal))
    _bulk(Partnership, successors)
    for old, new_one in zip([partnerships[i] for i in upgrades], successors, strict=True):
        old.replaced_by = new_one
    Partnership.objects.bulk_update([partnerships[i] for i in upgrades], ["ended_on", "replaced_by"])

    # People: foreign guests from the cities' countries, and a few dozen of the city's officials.
    officials_count = max(1, counts["people"] // 1500)
    people = []
    for index in range(counts["people"]):
        official = index < officials_count
        if official:
            name = names.person("zh")
            name = Name(names.translit(3, 3) if rng.random() < 0.1 else
                        rng.choice("陳林黃張李王吳劉蔡楊") + names.translit(2, 2), name.en, "")
            country = None
        else:
            country, script = countries[rng.randrange(len(countries))] if rng.random() < 0.3 else (
                cities[index % len(cities)].country, city_script[index % len(cities)])
            name = names.person(script)
        people.append(Person(name_zh_hant=name.zh, name_en=name.en, original_name=name.native,
                             country=country, is_city_official=official,
                             search_key=search_key(name.zh, name.en, name.native)))
    _bulk(Person, people)
    officials, guests = people[:officials_count], people[officials_count:] or people

    # Engagements: more each year (a city's international work grows), ~7.5 participants each.
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    year_weights = [1 + (year - FIRST_YEAR) * 0.12 for year in years]
    engagements, links, country_links, bureau_links, topic_links, plans = [], [], [], [], [], []
    kinds = [(k[0], k[1]) for k in ENGAGEMENT_KINDS]
    verbs = {k[0]: (k[2], k[3]) for k in ENGAGEMENT_KINDS}
    mean_participants = counts["participations"] / counts["engagements"]
    for index in range(counts["engagements"]):
        year = rng.choices(years, weights=year_weights)[0]
        kind = _weighted(rng, kinds)[0]
        if kind == EngagementKind.VIDEO_CONFERENCE and year < 2005:
            kind = EngagementKind.RECEPTION
        precision = _weighted(rng, PRECISIONS)[0]
        start = truncate(_date_in(rng, year), precision)
        end = None
        if precision == DatePrecision.DAY and kind in (EngagementKind.OUTBOUND_VISIT,
                                                       EngagementKind.CEREMONY):
            end = start + datetime.timedelta(days=rng.randint(1, 6))
        # A few busy cities take a large share of the engagements.
        city_index = (min(int(rng.paretovariate(0.9)) - 1, len(cities) - 1) if rng.random() < 0.4
                      else rng.randrange(len(cities)))
        city = cities[city_index]
        zh_verb, en_verb = verbs[kind]
        engagements.append(Engagement(
            slug=f"gen-{year}-{index}", kind=kind, start_date=start, end_date=end, date_precision=precision,
            title_zh_hant=(title_zh := zh_verb.format(place=city.name_zh_hant)),
            title_en=(title_en := en_verb.format(place=city.name_en)),
            search_key=search_key(title_zh, title_en),
            place_zh_hant=city.name_zh_hant if kind == EngagementKind.OUTBOUND_VISIT else "市政府",
            place_en=city.name_en if kind == EngagementKind.OUTBOUND_VISIT else "City Hall",
            summary_zh_hant=f"雙方就{rng.choice(TOPICS)[1]}等議題交換意見，深化兩市交流。",
            summary_en=f"The two sides discussed {rng.choice(TOPICS)[2]} and other topics.",
            headcount=rng.randint(5, 60) if rng.random() < 0.1 else None, **_status(rng)))
        cities_here = [city_index] + ([rng.randrange(len(cities))] if rng.random() < 0.15 else [])
        size = max(1, min(40, round(rng.expovariate(1 / mean_participants))))
        plans.append((sorted(set(cities_here)), size))
        bureau_links.append(rng.sample(range(len(bureaus)), rng.randint(0, 3)))
        topic_links.append(rng.sample(range(len(topics)), rng.randint(0, 3)))
    _bulk(Engagement, engagements)
    for engagement, (city_indexes, _) in zip(engagements, plans, strict=True):
        for city_index in city_indexes:
            links.append(EngagementCity(engagement=engagement, city=cities[city_index]))
        countries_here = {cities[i].country_id for i in city_indexes}
        country_links.extend(Engagement.countries.through(engagement_id=engagement.pk, country_id=c)
                             for c in sorted(countries_here))
    _bulk(EngagementCity, links)
    _bulk(Engagement.countries.through, country_links)
    _bulk(Engagement.bureaus.through, [
        Engagement.bureaus.through(engagement_id=e.pk, bureau_id=bureaus[i].pk)
        for e, indexes in zip(engagements, bureau_links, strict=True) for i in indexes])
    _bulk(Engagement.topics.through, [
        Engagement.topics.through(engagement_id=e.pk, topic_id=topics[i].pk)
        for e, indexes in zip(engagements, topic_links, strict=True) for i in indexes])

    # Participations: a host from the city's officials, one head (or guest), members; the sizes
    # are evened out so that their sum is exactly the count asked for.
    sizes = [min(size, len(guests) + 1) for _, size in plans]
    difference = counts["participations"] - sum(sizes)
    while difference:
        index = rng.randrange(len(sizes))
        if difference > 0 and sizes[index] < min(40, len(guests) + 1):
            sizes[index], difference = sizes[index] + 1, difference - 1
        elif difference < 0 and sizes[index] > 1:
            sizes[index], difference = sizes[index] - 1, difference + 1
    participations = []
    for engagement, (city_indexes, _), size in zip(engagements, plans, sizes, strict=True):
        host = officials[min(int(rng.paretovariate(1.0)) - 1, len(officials) - 1)]
        chosen = {host.pk: (ParticipantRole.HOST, host)}
        city = cities[city_indexes[0]]
        while len(chosen) < size:
            # Guests come back: draw a quarter of them from a small pool of frequent visitors.
            pool = guests[:max(1, len(guests) // 50)] if rng.random() < 0.25 else guests
            person = pool[rng.randrange(len(pool))]
            if person.pk in chosen:
                continue
            role = (ParticipantRole.GUEST if engagement.kind == EngagementKind.VIDEO_CONFERENCE
                    else ParticipantRole.HEAD) if len(chosen) == 1 else ParticipantRole.MEMBER
            chosen[person.pk] = (role, person)
        for position, (role, person) in enumerate(chosen.values()):
            title = TITLES[0] if role == ParticipantRole.HOST else rng.choice(TITLES)
            org = rng.choice(ORGANISATION_KINDS)
            participations.append(Participation(
                engagement=engagement, person=person, role=role, position=position,
                title_zh_hant=title[0], title_en=title[1],
                organisation_zh_hant="" if role == ParticipantRole.HOST else city.name_zh_hant + org[0],
                organisation_en="" if role == ParticipantRole.HOST else f"{city.name_en} {org[1]}"))
    _bulk(Participation, participations)

    # Reporting periods with the official totals (close to, not always equal to, the records),
    # and up to 25 main guests each, as the chapter lists them.
    taken = set(ReportingPeriod.objects.values_list("year", "half"))
    by_half: dict[tuple[int, int], list[Participation]] = {}
    for participation in participations:
        if participation.role in (ParticipantRole.HEAD, ParticipantRole.GUEST):
            start = participation.engagement.start_date
            by_half.setdefault((start.year, 1 if start.month <= 6 else 2), []).append(participation)
    # Draw for every half-year, then drop those already recorded: the data stays the same for a
    # seed whatever the database held before.
    periods = [ReportingPeriod(year=year, half=half, reported_cases=len(heads) + rng.randint(0, 5),
                               reported_person_times=len(heads) * 7 + rng.randint(0, 40))
               for (year, half), heads in sorted(by_half.items())]
    periods = [period for period in periods if (period.year, period.half) not in taken]
    _bulk(ReportingPeriod, periods)
    _bulk(MainGuest, [MainGuest(period=period, participation=participation, position=position)
                      for period in periods
                      for position, participation in enumerate(by_half[period.year, period.half][:25])])

    # Exhibitions: series of monthly exhibitions and one-off ones, each featuring cities.
    series = []
    for index in range(max(1, counts["exhibitions"] // 24)):
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        series.append(ExhibitionSeries(
            slug=f"gen-series-{index}", title_zh_hant=f"夥伴城市主題展第{index + 1}輯",
            title_en=f"Partner city exhibitions, series {index + 1}", start_date=datetime.date(year, 1, 1),
            date_precision=DatePrecision.MONTH, venue=venues[index % len(venues)],
            status=PublicationStatus.PUBLISHED))
    _bulk(ExhibitionSeries, series)
    exhibitions, exhibition_cities = [], []
    for index in range(counts["exhibitions"]):
        year = rng.choices(years, weights=year_weights)[0]
        precision = _weighted(rng, [(DatePrecision.DAY, 80), (DatePrecision.MONTH, 20)])[0]
        start = truncate(_date_in(rng, year), precision)
        city_index = rng.randrange(len(cities))
        city = cities[city_index]
        exhibitions.append(Exhibition(
            slug=f"gen-exhibition-{year}-{index}", title_zh_hant=(title_zh := f"{city.name_zh_hant}城市展"),
            title_en=(title_en := f"{city.name_en}: a partner city exhibition"),
            search_key=search_key(title_zh, title_en), start_date=start,
            end_date=start + datetime.timedelta(days=rng.randint(7, 60)), date_precision=precision,
            venue=venues[rng.randrange(len(venues))] if rng.random() < 0.9 else None,
            series=series[rng.randrange(len(series))] if rng.random() < 0.5 else None,
            summary_zh_hant=f"展出{city.name_zh_hant}致贈本市之禮品及城市介紹。",
            summary_en=f"Gifts from {city.name_en} and an introduction to the city.", **_status(rng)))
        exhibition_cities.append(sorted({city_index, rng.randrange(len(cities))} if rng.random() < 0.2
                                        else {city_index}))
    _bulk(Exhibition, exhibitions)
    _bulk(ExhibitionCity, [ExhibitionCity(exhibition=e, city=cities[i])
                           for e, indexes in zip(exhibitions, exhibition_cities, strict=True)
                           for i in indexes])

    # Items: mostly gifts from cities or guests, some received during an engagement.
    items, givers = [], []
    kinds_weighted = [(ItemKind.SOUVENIR, 35), (ItemKind.CRAFT, 20), (ItemKind.PAINTING, 10),
                      (ItemKind.REPLICA, 10), (ItemKind.MASCOT, 8), (ItemKind.KEY_TO_THE_CITY, 5),
                      (ItemKind.MODEL, 7), (ItemKind.OTHER, 5)]
    for index in range(counts["items"]):
        kind = _weighted(rng, kinds_weighted)[0]
        zh, en = ITEM_NAMES[kind]
        city = cities[rng.randrange(len(cities))]
        gift = rng.random() < 0.85
        engagement = engagements[rng.randrange(len(engagements))] if gift and rng.random() < 0.4 else None
        precision = _weighted(rng, [(DatePrecision.DAY, 70), (DatePrecision.MONTH, 15),
                                    (DatePrecision.YEAR, 15)])[0]
        received = engagement.start_date if engagement else _date_in(rng, rng.choice(years))
        given_on = truncate(received, precision) if gift else None
        person = guests[rng.randrange(len(guests))] if gift and rng.random() < 0.2 else None
        items.append(Item(
            name_zh_hant=f"{city.name_zh_hant}{zh}", name_en=f"{en.capitalize()} from {city.name_en}",
            native_name=city.native_name, kind=kind, is_gift=gift,
            given_on=given_on, given_on_precision=precision, engagement=engagement,
            maker_zh_hant=f"作者{index % 97}" if kind == ItemKind.PAINTING else "",
            maker_en=f"Artist {index % 97}" if kind == ItemKind.PAINTING else ""))
        givers.append((city, person) if gift else None)
    _bulk(Item, items)
    # The giver of a gift is the register's (gifts.Gift): one received gift per gift item.
    gifts = []
    for index, (item, giver) in enumerate(zip(items, givers, strict=True)):
        if giver is None:
            continue
        gift = Gift(direction=GiftDirection.RECEIVED, item=item, slug=f"generated-gift-{index}",
                    name_zh_hant=item.name_zh_hant, name_en=item.name_en, counterpart_city=giver[0],
                    counterpart_country_id=giver[0].country_id, counterpart_person=giver[1],
                    given_on=item.given_on, given_on_precision=item.given_on_precision,
                    engagement=item.engagement, status=PublicationStatus.PUBLISHED)
        gift.refresh_report_due_on()  # bulk_create() does not call save()
        gifts.append(gift)
    _bulk(Gift, gifts)
    shown = []
    for exhibition in exhibitions:
        for position, item_index in enumerate(sorted(rng.sample(range(len(items)), min(len(items),
                                                                                      rng.randint(0, 8))))):
            shown.append(ExhibitedItem(exhibition=exhibition, item=items[item_index], position=position))
    _bulk(ExhibitedItem, shown)
    invalidate_public_pages(withdrawn=False)  # bulk_create() sends no signal; it only adds

    return {
        "countries": len(countries), "cities": len(cities),
        "partnerships": len(partnerships) + len(successors), "people": len(people),
        "engagements": len(engagements), "participations": len(participations),
        "reporting periods": len(periods), "exhibitions": len(exhibitions), "items": len(items),
        "gifts": len(gifts), "items shown": len(shown),
    }
