"""Uploaded images: checked by decoding them, cleaned of metadata, and thumbnailed once.

Every image field (cities' and items' images, the photos of engagements and exhibitions) goes
through this one module:

- :func:`open_checked` decodes the upload with Pillow, whatever its file name says: a text file
  named ``.jpg``, an SVG (not a raster image), a truncated file or a decompression bomb (more
  pixels than ``settings.IMAGE_UPLOAD_MAX_PIXELS``, checked from the header before decoding) is
  refused with a ``ValidationError``, as is a file over ``settings.IMAGE_UPLOAD_MAX_BYTES``.
- :func:`cleaned` applies the EXIF orientation to the pixels and writes them again without EXIF
  (GPS position, camera, owner), XMP or text chunks, so nothing but the picture is stored.
- :func:`thumbnail` makes the small copy listing pages show, at most
  ``settings.IMAGE_THUMBNAIL_SIZE`` pixels on its longer side; it is made once, when the image is
  saved (:class:`core.models.ThumbnailedImageModel`), never per request.
"""

from __future__ import annotations

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Raster formats a browser shows; the name Pillow gives each, and the extension stored.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _limits() -> tuple[int, int]:
    return settings.IMAGE_UPLOAD_MAX_BYTES, settings.IMAGE_UPLOAD_MAX_PIXELS


def open_checked(upload) -> Image.Image:
    """Decode ``upload`` (a Django ``File`` or any binary file object) fully and return the
    loaded ``PIL.Image.Image``.

    Raises ``ValidationError`` (codes ``too_large``, ``not_an_image``, ``format``,
    ``too_many_pixels``, ``truncated``) with a message a clerk understands. The file position is
    left at 0.
    """
    max_bytes, max_pixels = _limits()
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_bytes:
        raise ValidationError(
            _("This file is %(size).1f MB; images may be at most %(max).1f MB."),
            code="too_large", params={"size": size / 1e6, "max": max_bytes / 1e6},
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns, then raises, above its own pixel limit: our limit is checked first.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            # Far above Pillow's own limit: refused from the header, before any decoding.
            raise ValidationError(
                _("This image has far too many pixels; at most %(max)d million are accepted."),
                code="too_many_pixels", params={"max": max_pixels // 1_000_000},
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise ValidationError(
                _("This file is not an image Pillow can read (JPEG, PNG, WebP or GIF); "
                  "vector images such as SVG are not accepted."), code="not_an_image",
            ) from None
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(
                _("%(format)s images are not accepted: upload a JPEG, PNG, WebP or GIF."),
                code="format", params={"format": image.format},
            )
        width, height = image.size
        if width * height > max_pixels:
            raise ValidationError(
                _("This image is %(width)d × %(height)d pixels; at most %(max)d million pixels "
                  "are accepted."),
                code="too_many_pixels",
                params={"width": width, "height": height, "max": max_pixels // 1_000_000},
            )
        try:
            image.load()  # with Pillow's default LOAD_TRUNCATED_IMAGES = False
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise ValidationError(
                _("This image is damaged or incomplete (truncated): upload the whole file again."),
                code="truncated",
            ) from None
    return image


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    else:
        image.save(out, image_format)
    return out.getvalue()


def cleaned(upload, name: str) -> ContentFile:
    """Return the checked image in ``upload`` as a new file named like ``name`` (extension set
    from its real format): turned upright by its EXIF orientation, with no EXIF, XMP, ICC or
    text metadata left. Raises ``ValidationError`` as :func:`open_checked`."""
    image = open_checked(upload)
    image_format = image.format
    upright = ImageOps.exif_transpose(image)
    # A fresh image holds only the pixels (and the palette): every metadata block is dropped.
    bare = Image.new(upright.mode, upright.size)
    if upright.mode == "P":
        bare.putpalette(upright.getpalette())
        if "transparency" in upright.info:
            bare.info["transparency"] = upright.info["transparency"]
    bare.paste(upright)
    stem = PurePosixPath(name).stem or "image"
    return ContentFile(_encode(bare, image_format), name=f"{stem}.{ALLOWED_FORMATS[image_format]}")


def thumbnail(upload, name: str) -> ContentFile:
    """Return a copy of the image in ``upload`` at most ``settings.IMAGE_THUMBNAIL_SIZE`` pixels
    on its longer side: a JPEG, or a PNG where the image has transparency. Named after ``name``."""
    image = ImageOps.exif_transpose(open_checked(upload))
    size = settings.IMAGE_THUMBNAIL_SIZE
    image.thumbnail((size, size))
    transparent = image.mode in ("RGBA", "LA") or "transparency" in image.info
    stem = PurePosixPath(name).stem or "image"
    if transparent:
        return ContentFile(_encode(image.convert("RGBA"), "PNG"), name=f"{stem}.png")
    return ContentFile(_encode(image, "JPEG"), name=f"{stem}.jpg")


def prepare(instance, image_field: str = "image", thumbnail_field: str = "thumbnail") -> None:
    """Before ``instance`` is saved: clean a newly assigned image (see :func:`cleaned`) and make
    its thumbnail; make a missing thumbnail for a stored image; drop the thumbnail of a removed
    image. Changes only ``instance``'s own fields. Raises ``ValidationError`` for a bad image."""
    image = getattr(instance, image_field)
    thumb = getattr(instance, thumbnail_field)
    if not image:
        if thumb:
            setattr(instance, thumbnail_field, "")
        return
    if not image._committed:
        setattr(instance, image_field, cleaned(image.file, image.name))
        image = getattr(instance, image_field)
        small = thumbnail(image.file, image.name)
        # Under the thumbnail's own name (.jpg, or .png with transparency): the upload's name
        # would give a JPEG a .png or .webp extension, and so the wrong Content-Type.
        thumb.save(small.name, small, save=False)
        return
    if thumb:
        return
    # A stored image without a thumbnail (loaded before thumbnails existed): make one if the
    # file is there and readable; an unreadable old file must not block editing the record.
    try:
        with image.open("rb"):
            small = thumbnail(image.file, image.name)
    except (OSError, ValidationError):
        return
    thumb.save(small.name, small, save=False)


def thumbnail_matches_format(instance, thumbnail_field: str = "thumbnail") -> bool:
    """True when the stored thumbnail of ``instance`` has the extension of the format it holds
    (``.jpg`` for JPEG data, ``.png`` for PNG), or there is none; False for a thumbnail that
    cannot be read or is named for another format (made before this was checked)."""
    thumb = getattr(instance, thumbnail_field)
    if not thumb:
        return True
    try:
        with thumb.open("rb"), Image.open(thumb.file) as picture:
            image_format = picture.format
    except (OSError, ValueError, UnidentifiedImageError):
        return False
    return PurePosixPath(thumb.name).suffix.lower().lstrip(".") == ALLOWED_FORMATS.get(image_format)
