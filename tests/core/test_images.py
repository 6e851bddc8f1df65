"""Uploads: images only, checked by decoding; EXIF removed; thumbnails made once at save."""

import io
import struct
import zlib

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import translation
from PIL import Image

from core.forms import CheckedImageField
from core.images import open_checked
from exhibitions.models import Item
from visits.models import Engagement, EngagementPhoto

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def jpeg_with_gps(width=60, height=30) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90° clockwise" and holds a GPS position."""
    image = Image.new("RGB", (width, height), "white")
    image.paste((200, 0, 0), (0, 0, width // 2, height))  # left half red
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "SpyCam-4242"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (22.0, 37.0, 30.0)
    gps[3] = "E"
    gps[4] = (120.0, 18.0, 5.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bomb(width=20000, height=20000) -> bytes:
    """A real, complete 1-bit PNG of width × height black pixels: 50 MB of pixels compressed to
    some 50 kB. Written chunk by chunk so the test never holds the pixels in memory."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def upload(name: str, data: bytes, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')

BAD_FILES = {
    "text named .jpg": ("visitor-list.jpg", "這不是圖片 not an image\n".encode() * 20, "not_an_image"),
    "svg": ("logo.svg", SVG, "not_an_image"),
    "svg named .png": ("logo.png", SVG, "not_an_image"),
    "truncated jpeg": ("half.jpg", jpeg_with_gps(400, 300)[:1500], "truncated"),
    "decompression bomb": ("bomb.png", png_bomb(), "too_many_pixels"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_are_refused_with_a_specific_error(case):
    name, data, code = BAD_FILES[case]
    with pytest.raises(ValidationError) as error:
        open_checked(upload(name, data))
    assert error.value.code == code


def test_size_limit_is_a_setting(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        open_checked(upload("photo.jpg", jpeg_with_gps(400, 300)))
    assert error.value.code == "too_large"


def test_pixel_limit_is_a_setting(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 60 * 30 - 1
    with pytest.raises(ValidationError) as error:
        open_checked(upload("photo.jpg", jpeg_with_gps(60, 30)))
    assert error.value.code == "too_many_pixels"
    settings.IMAGE_UPLOAD_MAX_PIXELS = 60 * 30
    assert open_checked(upload("photo.jpg", jpeg_with_gps(60, 30))).size == (60, 30)


def test_every_image_field_in_the_admin_is_checked_by_decoding():
    checked = 0
    for model_admin in admin.site._registry.values():
        for candidate in [model_admin, *(i(model_admin.model, admin.site) for i in model_admin.get_inlines(None, None))]:
            for field in candidate.model._meta.get_fields():
                if isinstance(field, models.ImageField) and field.editable:
                    formfield = candidate.formfield_for_dbfield(field, request=None)
                    assert isinstance(formfield, CheckedImageField), (candidate, field.name)
                    checked += 1
    assert checked >= 4  # City, Item, EngagementPhoto, ExhibitionPhoto


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_admin_upload_of_a_bad_file_is_a_form_error_not_a_500(admin_client_zh, case):
    name, data, _code = BAD_FILES[case]
    response = admin_client_zh.post("/admin/exhibitions/item/add/", {
        "name_zh_hant": "測試", "kind": "souvenir", "given_on_precision": "day",
        "image": upload(name, data),
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["image"]
    assert not Item.objects.filter(name_zh_hant="測試").exists()


@pytest.mark.django_db
def test_admin_upload_of_a_good_image_stores_it_upright_without_exif_and_with_a_thumbnail(
        admin_client_zh, settings):
    settings.IMAGE_THUMBNAIL_SIZE = 20
    response = admin_client_zh.post("/admin/exhibitions/item/add/", {
        "name_zh_hant": "吉祥物測試", "kind": "souvenir", "given_on_precision": "day",
        "image": upload("IMG_0001.JPG", jpeg_with_gps(60, 30)), "image_alt_text": "紅白兩色的測試圖",
        # The item page's read-only row of the gift register, as the browser posts it (empty).
        "gift-TOTAL_FORMS": "0", "gift-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = Item.objects.get(name_zh_hant="吉祥物測試")
    stored = item.image.read()
    assert b"SpyCam-4242" not in stored and b"Exif" not in stored
    picture = Image.open(io.BytesIO(stored))
    assert picture.size == (30, 60)  # rotated by the EXIF orientation
    assert not picture.getexif()
    top = picture.convert("RGB").getpixel((15, 2))
    assert top[0] > 150 and top[1] < 80  # the red left half is now on top
    thumb = Image.open(item.thumbnail)
    assert max(thumb.size) == 20 and thumb.size == (10, 20)
    assert item.thumbnail.name.startswith("thumbnails/exhibitions/item/")
    assert item.thumbnail_url == item.thumbnail.url != item.image.url


@pytest.mark.django_db
def test_thumbnail_is_made_once_not_on_every_save():
    engagement = Engagement.objects.first()
    photo = EngagementPhoto(engagement=engagement, alt_text_zh_hant="合影",
                            image=upload("group.jpg", jpeg_with_gps(80, 40)))
    photo.save()
    first = photo.thumbnail.name
    assert first and photo.image.name.startswith("photos/visits/engagementphoto/")
    photo.caption_zh_hant = "市長與訪團合影"
    photo.save()
    assert photo.thumbnail.name == first
    photo.image = upload("other.png", _png(50, 50))
    photo.save()
    assert photo.thumbnail.name != first and photo.image.name.endswith(".png")


def _png(width, height) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 0, 255, 128)).save(out, "PNG")
    return out.getvalue()


def _image(image_format: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    colour = (0, 0, 255, 128) if mode == "RGBA" else (0, 120, 0)
    Image.new(mode, (40, 30), colour).save(out, image_format)
    return out.getvalue()


THUMBNAIL_CASES = [("x.png", "PNG", "RGB"), ("x.webp", "WEBP", "RGB"), ("x.gif", "GIF", "RGB"),
                   ("x.jpg", "JPEG", "RGB"), ("t.png", "PNG", "RGBA")]


def thumbnailed_models():
    from core.models import ThumbnailedImageModel
    from core.registry import record_models

    return [model for model in record_models() if issubclass(model, ThumbnailedImageModel)]


def unsaved_record(model, name, data):
    from cities.models import City, Country

    image = upload(name, data, content_type="application/octet-stream")
    if model is City:
        return City(name_zh_hant="縮圖市", name_en="Thumbnail City", slug="thumbnail-city",
                    country=Country.objects.get(slug="japan"), image=image)
    if model is Item:
        return Item(name_zh_hant="縮圖", image=image)
    engagement_or_exhibition = {f.name: f.related_model for f in model._meta.fields if f.is_relation
                                and f.name in ("engagement", "exhibition", "gift")}
    field, related = next(iter(engagement_or_exhibition.items()))
    return model(**{field: related.objects.first()}, alt_text_zh_hant="縮圖", image=image)


@pytest.mark.django_db
@pytest.mark.parametrize("name, image_format, mode", THUMBNAIL_CASES)
def test_every_thumbnail_is_named_for_the_format_it_holds(name, image_format, mode):
    import mimetypes

    models_checked = thumbnailed_models()
    assert len(models_checked) == 5  # cities, items, engagement, exhibition and gift photos
    for model in models_checked:
        record = unsaved_record(model, name, _image(image_format, mode))
        record.save()
        thumb = Image.open(record.thumbnail)
        expected = "PNG" if mode == "RGBA" else "JPEG"  # transparency is kept as PNG
        assert thumb.format == expected, model
        assert mimetypes.guess_type(record.thumbnail.name)[0] == Image.MIME[expected], (model, record.thumbnail.name)


@pytest.mark.django_db
def test_rebuild_thumbnails_renames_a_jpeg_stored_as_png():
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    photo = EngagementPhoto(engagement=Engagement.objects.first(), alt_text_zh_hant="舊縮圖",
                            image=upload("old.png", _image("PNG")))
    photo.save()
    # As thumbnails were stored before: JPEG data under the upload's .png name.
    photo.thumbnail.save("old.png", ContentFile(_image("JPEG")), save=False)
    EngagementPhoto.objects.filter(pk=photo.pk).update(thumbnail=photo.thumbnail.name)
    out = io.StringIO()
    call_command("rebuild_thumbnails", stdout=out)
    assert out.getvalue().strip() == "1 thumbnails remade"
    photo.refresh_from_db()
    assert photo.thumbnail.name.endswith(".jpg")
    assert Image.open(photo.thumbnail).format == "JPEG"


def small_png() -> SimpleUploadedFile:
    """A 4 × 3 px PNG upload."""
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(out, "PNG")
    return SimpleUploadedFile("small.png", out.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_an_image_needs_its_alternative_text(client):
    """Every record with an image (cities, items; photos already require it) is refused without
    the text that says what the image shows (WCAG 2.1 1.1.1), on the image field, so every form
    shows it; the text given in one language is read in the other, marked with its lang."""
    from cities.models import City

    busan = City.objects.get(slug="busan")
    busan.image = small_png()
    with pytest.raises(ValidationError) as refused:
        busan.full_clean()
    assert list(refused.value.message_dict) == ["image"]
    with translation.override("zh-hant"):
        assert refused.value.message_dict["image"][0].startswith("圖片須有替代文字")
    busan.image_alt_text_en = "   "
    with pytest.raises(ValidationError):
        busan.full_clean()
    busan.image_alt_text_en = "Gwangan Bridge at night"
    busan.full_clean()
    busan.save()
    html = client.get("/zh-hant/cities/busan/").content.decode()
    assert 'alt="Gwangan Bridge at night" lang="en">' in html

    mask = Item.objects.get(native_name="하회탈")
    mask.image = small_png()
    with pytest.raises(ValidationError) as refused:
        mask.full_clean()
    assert list(refused.value.message_dict) == ["image"]
    mask.image_alt_text = "一張木製面具，笑開的嘴與彎眉"
    mask.full_clean()
