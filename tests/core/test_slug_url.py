"""core.models.slug_url: the public page of a record, as reverse() writes it, without reversing
each record of a list."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from cities.models import City
from core.models import slug_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_the_path_is_reverse_s_in_each_language(language):
    with translation.override(language):
        for name, slug in (("cities:detail", "busan"), ("visits:detail", "2022-12-20-a_b"),
                           ("exhibitions:detail", "x")):
            assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})
        assert City.objects.get(slug="busan").get_absolute_url() == f"/{language}/cities/busan/"


def test_the_script_prefix_and_the_url_configuration_are_followed():
    with translation.override("en"):
        assert slug_url("cities:detail", "busan") == "/en/cities/busan/"
        set_script_prefix("/intl/")
        try:
            assert slug_url("cities:detail", "busan") == "/intl/en/cities/busan/"
        finally:
            set_script_prefix("/")
        with override_settings(ROOT_URLCONF="benchmarks.urls"):
            assert slug_url("cities:detail", "busan") == reverse("cities:detail", kwargs={"slug": "busan"})
        with override_settings(ROOT_URLCONF="tests.page_cache_urls"), pytest.raises(NoReverseMatch):
            slug_url("cities:detail", "busan")
        assert slug_url("cities:detail", "busan") == "/en/cities/busan/"


def test_a_slug_the_route_refuses_is_refused_as_by_reverse():
    with translation.override("en"), pytest.raises(NoReverseMatch):
        slug_url("cities:detail", "釜山")
    with translation.override("en"), pytest.raises(NoReverseMatch):
        slug_url("cities:detail", "")
