"""The admin's language switch (issue 13): a labelled form in the header of every admin page,
the login page too, that posts to Django's ``set_language`` and returns to the same page; the
choice is kept (the language cookie, read before Accept-Language), so a clerk whose browser asks
for Chinese can work in English and back."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CITIES = "/admin/cities/city/"


def switch(page: str) -> str:
    """The language switch's form in ``page`` (HTML), or ``""``."""
    found = re.search(r'<form id="language-switch".*?</form>', page, re.S)
    return found.group(0) if found else ""


def test_every_admin_page_has_a_labelled_switch_in_its_language(admin_client, client):
    page = admin_client.get(CITIES, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    form = switch(page)
    assert f'action="{reverse("set_language")}"' in form and 'method="post"' in form
    assert '<label for="language-switch-choice">語言</label>' in form
    assert '<option value="zh-hant" lang="zh-hant" selected>繁體中文</option>' in form
    assert '<option value="en" lang="en">English</option>' in form  # each named in itself
    assert f'name="next" value="{CITIES}"' in form and "csrfmiddlewaretoken" in form
    assert "<script" not in form and "onchange" not in form  # nothing inline (the CSP)
    english = switch(admin_client.get(CITIES, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert '<label for="language-switch-choice">Language</label>' in english
    assert '<button type="submit">Switch language</button>' in english
    login = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "切換語言" in switch(login)  # before logging in too


def test_switching_to_english_and_back_keeps_the_choice_and_the_page(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"  # the browser asks for Chinese
    page = f"{CITIES}?q=Busan"
    answer = admin_client.post(reverse("set_language"), {"language": "en", "next": page})
    assert answer.status_code == 302 and answer["Location"] == page
    assert admin_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = admin_client.get(page).content.decode()
    assert '<html lang="en"' in english and "Select city or local government to change" in english
    assert '<option value="en" lang="en" selected>English</option>' in english
    # Kept on every page after, whatever the browser asks for.
    assert '<html lang="en"' in admin_client.get("/admin/").content.decode()

    back = admin_client.post(reverse("set_language"), {"language": "zh-hant", "next": page})
    assert back["Location"] == page
    chinese = admin_client.get(page).content.decode()
    assert '<html lang="zh-hant"' in chinese and "選擇 城市或地方政府 來修改" in chinese


def test_a_switch_never_leaves_the_site(admin_client):
    answer = admin_client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert answer.status_code == 302 and not answer["Location"].startswith("https://evil.example")
