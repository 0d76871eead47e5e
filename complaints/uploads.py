"""Checks and cleans uploaded attachments before anything is stored.

Images are read by Pillow (a file that only claims to be an image fails), bounded in pixels
before decoding (no decompression bombs) and stored without their metadata (EXIF, GPS,
comments). An upright JPEG keeps its own compressed picture with the metadata segments cut
out (complaints/jpeg.py), which also finds one cut off inside its picture; any other image is
decoded and re-encoded. A thumbnail is made from the stored image when it is first asked for
(complaints/thumbnails.py), not while the citizen waits. PDFs are recognised by their
content, not by their name.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from complaints import jpeg

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; far above any phone camera's
MAX_EDGE = 2560  # stored images are scaled down to this; enough to read a street sign
THUMB_EDGE = 320
ORIENTATION = 0x0112  # the EXIF tag a phone sets instead of turning the pixels
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"),
                 "WEBP": ("webp", "image/webp")}
# An iPhone's HEIC/HEIF photo (pillow-heif) is stored as a JPEG every browser can show.
STORED_AS = {"HEIF": "JPEG"}
ACCEPT = ("image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf,"
          ".jpg,.jpeg,.png,.webp,.heic,.heif,.pdf")

register_heif_opener()


@dataclass(frozen=True)
class CleanFile:
    original_name: str
    kind: str  # "image" or "pdf"
    extension: str
    content_type: str
    content: bytes
    width: int | None = None
    height: int | None = None


def clean_upload(upload):
    """A CleanFile for an uploaded file, or ValidationError saying what is wrong with it."""
    name = _display_name(upload.name)
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Berkas “%(name)s” berukuran %(size)s; batasnya %(limit)s per berkas."),
            code="too_big",
            params={"name": name, "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_BYTES)},
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if data.startswith(b"%PDF-"):
        return _clean_pdf(name, data)
    return _clean_image(name, data)


def _display_name(name):
    return (name or "lampiran").replace("\\", "/").rsplit("/", 1)[-1][:150]


def _clean_pdf(name, data):
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("Berkas “%(name)s” bukan PDF yang utuh. Simpan ulang dokumennya lalu unggah lagi."),
            code="broken_pdf",
            params={"name": name},
        )
    return CleanFile(name, "pdf", "pdf", "application/pdf", data)


def _not_an_image(name):
    return ValidationError(
        _("Berkas “%(name)s” bukan foto (JPEG, PNG, WebP, HEIC) dan bukan dokumen PDF. "
          "Pilih fotonya dari galeri, atau simpan sebagai JPEG lalu unggah lagi."),
        code="invalid_type",
        params={"name": name},
    )


def _clean_image(name, data):
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            mode = probe.mode
            # (Read for JPEGs only: other formats may decode the picture to find their EXIF.)
            orientation = probe.getexif().get(ORIENTATION, 1) if image_format == "JPEG" else 1
            probe.verify()
    except Image.DecompressionBombError:
        raise _too_many_pixels(name) from None
    except Exception:  # Pillow raises many kinds for a file that is not a valid image
        raise _not_an_image(name) from None
    stored_format = STORED_AS.get(image_format, image_format)
    if stored_format not in IMAGE_FORMATS:
        raise _not_an_image(name)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(name)
    as_it_is = _jpeg_kept_as_it_is(data, image_format, orientation, mode, (width, height))
    if as_it_is:
        content, size = as_it_is, (width, height)
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # a cut-off or corrupt picture fails here
                content, size = _reencode(image, stored_format)
        except Exception:
            raise ValidationError(
                _("Foto “%(name)s” rusak atau terpotong. Coba ambil atau simpan ulang fotonya."),
                code="corrupt_image",
                params={"name": name},
            ) from None
    extension, content_type = IMAGE_FORMATS[stored_format]
    return CleanFile(name, "image", extension, content_type, content, *size)


def _jpeg_kept_as_it_is(data, image_format, orientation, mode, size):
    """A JPEG already upright, in colours every browser shows and within MAX_EDGE keeps its
    own compressed picture with the metadata cut out (complaints/jpeg.py); None when the
    photo must be re-encoded."""
    if image_format != "JPEG" or orientation != 1 or mode not in ("RGB", "L"):
        return None
    if max(size) > MAX_EDGE:
        return None
    return jpeg.without_metadata(data)


def _too_many_pixels(name):
    return ValidationError(
        _("Foto “%(name)s” terlalu besar (lebih dari %(mp)s megapiksel). Perkecil fotonya."),
        code="too_many_pixels",
        params={"name": name, "mp": MAX_PIXELS // 1_000_000},
    )


def _upright(image):
    # The phone's orientation tag is applied to the pixels, then dropped with the rest.
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    return image


def _reencode(image, image_format):
    clean = _upright(image)
    clean.thumbnail((MAX_EDGE, MAX_EDGE))
    if image_format == "JPEG" and clean.mode == "RGBA":
        clean = clean.convert("RGB")
    out = io.BytesIO()
    # No exif=, icc_profile= or pnginfo= given: Pillow writes none of the original metadata.
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}, "PNG": {
        "optimize": True}}[image_format]
    clean.save(out, format=image_format, **options)
    return out.getvalue(), clean.size


def thumbnail_bytes(data: bytes) -> bytes:
    """A JPEG at most THUMB_EDGE on its longer side of a stored image (already upright and
    without metadata); a JPEG is decoded only at the scale the thumbnail needs."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        scale = THUMB_EDGE / max(width, height)
        image.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
        thumb = _upright(image)
        thumb.thumbnail((THUMB_EDGE, THUMB_EDGE))
        out = io.BytesIO()
        thumb.convert("RGB").save(out, format="JPEG", quality=75)
    return out.getvalue()
