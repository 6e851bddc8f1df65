"""Uploaded media (issue 11): a record's photos and their thumbnails are served while the
record is public, and at no URL otherwise (core/media.py)."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cities.models import City
from core.media import file_models
from core.models import PublicationStatus
from exhibitions.models import ExhibitedItem, Item
from tests import factories
from visits.models import EngagementPhoto

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED


def png(colour: str = "red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(out, "PNG")
    return SimpleUploadedFile("harbour.png", out.getvalue(), content_type="image/png")


def photo_of(engagement) -> EngagementPhoto:
    photo = EngagementPhoto(engagement=engagement, image=png(), alt_text="港邊合影")
    photo.save()
    assert photo.thumbnail and photo.thumbnail.name != photo.image.name
    return photo


def urls(record) -> list[str]:
    return [record.image.url, record.thumbnail.url]


def status(client: Client, url: str) -> int:
    return client.get(url).status_code


def test_every_model_with_files_is_served_by_the_public_rule():
    models = file_models()
    assert {model.__name__ for model in models} == {"City", "EngagementPhoto", "ExhibitionPhoto", "GiftPhoto", "Item"}
    for model in models:
        model._default_manager.public().exists()  # core.visibility decides for each


def test_the_photos_a_public_page_shows_load(client):
    """The engagement's public page links its photo; the link a reader's browser follows works."""
    visit = factories.engagement("2022-12-18-page", "港邊參訪頁", status=PUBLISHED)
    photo = photo_of(visit)
    page = client.get(visit.get_absolute_url()).content.decode()
    sources = re.findall(r'<img src="([^"]+)" alt="港邊合影"', page)
    assert sources == [photo.image.url]
    assert client.get(sources[0]).status_code == 200


@pytest.mark.parametrize("state", ["draft", "embargoed"])
def test_a_non_public_engagement_s_files_are_not_found_for_the_public(client, state):
    fields = {"status": PUBLISHED, "publish_from": factories.later(days=30)} if state == "embargoed" else {}
    photo = photo_of(factories.engagement(f"2022-12-18-{state}", "未公開的參訪", **fields))
    assert [status(client, url) for url in urls(photo)] == [404, 404]


def test_unpublishing_takes_the_files_off_line(client, admin_client):
    visit = factories.engagement("2022-12-18-withdrawn", "撤下的參訪", status=PUBLISHED)
    photo = photo_of(visit)
    assert [status(client, url) for url in urls(photo)] == [200, 200]
    admin_client.post(reverse("admin:visits_engagement_changelist"),
                      {"action": "unpublish", "_selected_action": [visit.pk]})
    assert [status(client, url) for url in urls(photo)] == [404, 404]


def test_staff_who_may_view_the_record_see_a_draft_s_files_and_others_do_not():
    photo = photo_of(factories.engagement("2022-12-18-preview", "草稿參訪"))
    users = get_user_model().objects
    viewer = users.create_user("viewer", password="a-long-pass-phrase-42", is_staff=True)
    viewer.groups.add(Group.objects.get(name="viewer"))
    bare = users.create_user("no-rights", password="a-long-pass-phrase-42", is_staff=True)
    outsider = users.create_user("citizen", password="a-long-pass-phrase-42")
    outsider.user_permissions.add(*Group.objects.get(name="viewer").permissions.all())
    for user, expected in ((viewer, 200), (bare, 404), (outsider, 404)):
        client = Client()
        client.force_login(user)
        response = client.get(photo.image.url)
        assert response.status_code == expected, user
        if expected == 200:
            assert response["Cache-Control"] == "private, no-store"


def test_an_item_s_image_follows_the_exhibitions_that_show_it(client):
    item = Item(name="高雄市鑰匙", image=png("gold"))
    item.save()
    hidden = factories.exhibition("2022-12-01-draft-show", "草稿展覽")
    ExhibitedItem.objects.create(exhibition=hidden, item=item)
    assert [status(client, url) for url in urls(item)] == [404, 404]
    shown = factories.exhibition("2022-12-01-public-show", "公開展覽", status=PUBLISHED)
    ExhibitedItem.objects.create(exhibition=shown, item=item)
    assert [status(client, url) for url in urls(item)] == [200, 200]


def test_a_draft_city_s_image_is_not_found(client):
    city = factories.city("draft-town", "草稿市", "Draft Town")
    city.image = png("blue")
    city.save()
    assert [status(client, url) for url in urls(city)] == [404, 404]
    City.objects.filter(pk=city.pk).update(status=PUBLISHED)
    assert [status(client, url) for url in urls(city)] == [200, 200]


def test_an_image_the_record_no_longer_holds_is_not_found(client):
    visit = factories.engagement("2022-12-18-replaced", "換照片的參訪", status=PUBLISHED)
    photo = photo_of(visit)
    old = photo.image.url
    photo.image = png("green")
    photo.save()
    assert default_storage.exists(old.removeprefix("/media/"))  # still stored (the history holds it)
    assert status(client, old) == 404 and status(client, photo.image.url) == 200


@pytest.mark.parametrize("path", [
    "/media/", "/media/../intl_affairs/settings/base.py", "/media/%2e%2e/%2e%2e/etc/passwd",
    "/media/photos/../../manage.py", "/media/photos//x.png", "/media/./photos/x.png",
    "/media/photos\\x.png", "/media/photos/x%00.png", "/media/photos/x.png%0a", "/media//etc/passwd",
    "/media/photos/visits/engagementphoto/2022/nobody.png", "/media/" + "a/" * 300 + "x.png",
])
def test_traversal_and_unknown_paths_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_only_reading_is_allowed(client):
    photo = photo_of(factories.engagement("2022-12-18-post", "港邊", status=PUBLISHED))
    assert client.post(photo.image.url).status_code == 405
    assert client.head(photo.image.url).status_code == 200


def test_the_web_server_sends_the_file_where_configured(client, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    photo = photo_of(factories.engagement("2022-12-18-nginx", "港邊", status=PUBLISHED))
    name = photo.image.name
    settings.MEDIA_SENDFILE, settings.MEDIA_SENDFILE_PREFIX = "x-accel-redirect", "/protected-media/"
    response = client.get(photo.image.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response["Content-Type"] == "image/png" and response["Cache-Control"] == "no-cache"
    settings.MEDIA_SENDFILE = "x-sendfile"
    response = client.get(photo.image.url)
    assert response["X-Sendfile"] == str(Path(tmp_path) / name) and response.content == b""
    draft = photo_of(factories.engagement("2022-12-18-nginx-draft", "草稿"))
    assert client.get(draft.image.url).status_code == 404  # no header for a non-public file


def test_a_media_request_finds_the_holder_in_one_query(client, django_assert_num_queries):
    """Whichever of the five models holds a file, public or not, one query over their indexed
    file columns decides (it was two a model, ten for a name no record holds)."""
    public = photo_of(factories.engagement("2022-12-18-one-query", "一次查詢", status=PUBLISHED))
    draft = photo_of(factories.engagement("2022-12-18-one-query-draft", "一次查詢草稿"))
    for url, expected in ((public.image.url, 200), (public.thumbnail.url, 200),
                          (draft.image.url, 404), ("/media/photos/visits/nobody.png", 404)):
        with django_assert_num_queries(1):
            assert status(client, url) == expected, url
