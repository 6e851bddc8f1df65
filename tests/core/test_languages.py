"""Names in other scripts carry their language (issue 15, WCAG 2.1 3.1.2): the one rule
(core.languages.name_language), its template tag, and the sample data's names on the pages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cities.models import Country
from core.languages import name_language, scripts_of


@pytest.mark.parametrize(
    ("name", "country", "language"),
    [
        ("부산광역시", "KR", "ko"),            # Hangul is Korean whatever the country says
        ("하회탈", "", "ko"),
        ("ひたちなか市", "", "ja"),           # kana is Japanese
        ("八王子市", "JP", "ja"),             # Han characters: the country's language
        ("熊本県", "jp", "ja"),
        ("大田廣域市", "KR", "ko"),
        ("高雄市", "TW", "zh-Hant"),
        ("北京市", "CN", "zh"),
        ("Agnė Vaičiukevičiūtė", "LT", "lt"),  # Latin letters: the country's language in Latin
        ("Erzgebirgskreis", "DE", "de"),
        ("Michael Pompeo", "US", "en"),      # English is the United States' language de facto
        ("Hachiōji", "JP", "ja-Latn"),       # a romanised Japanese name
        ("Edinburgh", "", ""),                # no country: not told
        ("八王子市", "", ""),
        ("1999", "JP", ""),                   # no letters
        ("", "KR", ""),
    ],
)
def test_name_language(name, country, language):
    assert name_language(name, country) == language


def test_scripts_ignore_digits_spaces_and_punctuation():
    assert scripts_of("Kumamoto 熊本県・2") == {"Latn", "Hani"}
    assert scripts_of("渡辺 竜五") == {"Hani"}
    assert scripts_of("꿈돌이 (1993)") == {"Hang"}


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load public_site %}" + source).render(Context(context))


@pytest.mark.django_db
def test_the_tag_marks_a_name_only_where_its_language_is_not_the_pages():
    japan, scotland = Country.objects.get(iso_code="JP"), Country.objects.get(slug="scotland")
    assert scotland.iso_code == "" and scotland.parent.iso_code == "GB"  # told by its state
    assert render('<p{% name_lang "八王子市" country %}>', "zh-hant", country=japan) == '<p lang="ja">'
    assert render('<p{% name_lang "Edinburgh" country %}>', "zh-hant", country=scotland) == '<p lang="en">'
    assert render('<p{% name_lang "Edinburgh" country %}>', "en", country=scotland) == "<p>"
    assert render('<p{% name_lang "高雄市" "TW" %}>', "zh-hant") == "<p>"
    assert render('<p{% name_lang "高雄市" "TW" %}>', "en") == '<p lang="zh-Hant">'
    assert render('<p{% name_lang name None %}>', "en", name=None) == "<p>"


@pytest.mark.django_db
def test_native_and_original_names_on_the_pages_carry_their_language(client):
    """Every public template that shows a name in its own script marks it: the city list and a
    city page (native names), the search (cities, people), an engagement (participants' original
    names) and an exhibition's items (native names)."""
    city_list = client.get("/zh-hant/cities/").content.decode()
    assert '<span class="native" lang="ko">부산광역시</span>' in city_list
    assert '<span class="native" lang="ja">熊本県</span>' in city_list
    assert '<span class="native" lang="en">San Antonio</span>' in city_list
    assert '<span class="native" lang="de">Erzgebirgskreis</span>' in city_list
    assert '<span class="native" lang="ko">부산광역시</span>' in client.get("/en/cities/").content.decode()
    assert '<p class="native-name" lang="ja">八王子市</p>' in client.get("/en/cities/hachioji/").content.decode()
    assert '<p class="native-name" lang="en">Edinburgh</p>' in client.get("/zh-hant/cities/edinburgh/").content.decode()
    exhibition = client.get("/zh-hant/exhibitions/daejeon-5th-anniversary-exhibition/").content.decode()
    assert '<span class="native" lang="ko">꿈돌이</span>' in exhibition
    lithuanian = client.get("/zh-hant/engagements/2022-08-09-lithuanian-vice-minister/").content.decode()
    assert '(<span class="native" lang="lt">Agnė Vaičiukevičiūtė</span>)' in lithuanian
    people = client.get("/zh-hant/search/?q=愛格涅").content.decode()
    assert '(<span class="native" lang="lt">Agnė Vaičiukevičiūtė</span>)' in people
