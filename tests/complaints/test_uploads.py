import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from complaints import uploads
from tests.complaints.conftest import gps_exif, image_bytes, pdf_bytes, png_bomb


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refused(name, data):
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(upload(name, data))
    return error.value


@pytest.mark.parametrize(("fmt", "extension", "content_type"), [
    ("JPEG", "jpg", "image/jpeg"), ("PNG", "png", "image/png"), ("WEBP", "webp", "image/webp"),
])
def test_a_photo_is_accepted_re_encoded_and_has_a_thumbnail(fmt, extension, content_type):
    clean = uploads.clean_upload(upload(f"foto.{extension}", image_bytes(fmt)))
    assert (clean.kind, clean.extension, clean.content_type) == ("image", extension, content_type)
    assert (clean.width, clean.height) == (640, 480)
    assert Image.open(io.BytesIO(clean.content)).format == fmt
    thumb = Image.open(io.BytesIO(uploads.thumbnail_bytes(clean.content)))
    assert thumb.format == "JPEG" and thumb.size == (uploads.THUMB_EDGE, 240)


def test_exif_and_gps_are_gone_after_re_encoding():
    original = image_bytes("JPEG", exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # it was there
    clean = uploads.clean_upload(upload("rumah.jpg", original))
    stored = Image.open(io.BytesIO(clean.content))
    assert not stored.getexif()
    assert b"KameraHP" not in clean.content and b"Exif" not in clean.content


def test_the_phone_s_orientation_is_applied_before_the_tag_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    clean = uploads.clean_upload(upload("tegak.jpg", image_bytes("JPEG", (640, 480), exif=exif)))
    assert (clean.width, clean.height) == (480, 640)


def test_a_large_photo_is_scaled_down_to_the_stored_edge():
    clean = uploads.clean_upload(upload("besar.png", image_bytes("PNG", (4000, 1000))))
    assert (clean.width, clean.height) == (uploads.MAX_EDGE, 640)


def test_a_pdf_is_recognised_by_its_content_whatever_its_name():
    clean = uploads.clean_upload(upload("surat.bin", pdf_bytes()))
    assert (clean.kind, clean.extension, clean.content_type) == ("pdf", "pdf", "application/pdf")
    assert clean.content == pdf_bytes()


def test_a_text_file_named_jpg_is_refused():
    error = refused("foto.jpg", b"Ini bukan foto, hanya teks biasa.\n" * 10)
    assert error.code == "invalid_type"
    assert "bukan foto (JPEG, PNG, WebP, HEIC)" in error.messages[0]


def test_html_named_pdf_is_refused():
    assert refused("dokumen.pdf", b"<html><script>alert(1)</script></html>").code == \
        "invalid_type"


def test_a_truncated_pdf_is_refused():
    assert refused("surat.pdf", pdf_bytes()[:60]).code == "broken_pdf"


def test_a_corrupt_photo_is_refused():
    data = image_bytes("JPEG", (800, 600))
    error = refused("rusak.jpg", data[:400])
    assert error.code in {"corrupt_image", "invalid_type"}


def test_a_gif_is_refused_though_it_is_an_image():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    assert refused("animasi.gif", buffer.getvalue()).code == "invalid_type"


def test_a_file_over_ten_megabytes_is_refused_without_decoding_it():
    big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * uploads.MAX_BYTES)
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(big)
    assert error.value.code == "too_big"
    assert "batasnya 10,0\xa0MB per berkas" in error.value.messages[0]


def test_a_20000_by_20000_png_is_refused_before_it_is_decoded():
    bomb = png_bomb()
    assert len(bomb) < 1_000_000  # small on disk
    assert refused("bom.png", bomb).code == "too_many_pixels"


def test_a_photo_just_over_the_pixel_bound_is_refused():
    width = 8000
    height = uploads.MAX_PIXELS // width + 1
    assert refused("panorama.png", png_bomb(width, height)).code == "too_many_pixels"


def test_an_iphone_heic_photo_is_accepted_and_stored_as_jpeg():
    heic = image_bytes("HEIF", size=(800, 600), exif=gps_exif())
    clean = uploads.clean_upload(upload("IMG_0412.HEIC", heic))
    assert (clean.kind, clean.extension, clean.content_type) == ("image", "jpg", "image/jpeg")
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.format == "JPEG" and stored.size == (800, 600)
        assert not stored.getexif()  # its location is gone like any photo's
    assert uploads.thumbnail_bytes(clean.content).startswith(b"\xff\xd8")
    assert ".heic" in uploads.ACCEPT and "image/heic" in uploads.ACCEPT


def test_a_refused_file_says_what_to_do():
    with pytest.raises(ValidationError) as refused:
        uploads.clean_upload(upload("foto.tiff", image_bytes("TIFF")))
    message = " ".join(refused.value.messages)
    assert "HEIC" in message and "simpan sebagai JPEG" in message


# An upright JPEG keeps its own compressed picture; only its metadata is cut out.

def photo_with_everything(*, progressive=False, size=(640, 480)):
    """A phone's JPEG: EXIF with GPS, an ICC profile, XMP, a comment and a trailer."""
    from PIL import ImageCms

    buffer = io.BytesIO()
    picture = Image.effect_noise(size, 40).convert("RGB")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture.save(buffer, "JPEG", quality=90, exif=gps_exif(), icc_profile=icc,
                 comment=b"Kamera HP Budi", progressive=progressive,
                 xmp=b"<x:xmpmeta><exif:GPSLatitude>7,15.5S</exif:GPSLatitude></x:xmpmeta>")
    return buffer.getvalue() + b"MotionPhoto_Data SEFT rahasia"


@pytest.mark.parametrize("progressive", [False, True])
def test_an_upright_jpeg_keeps_its_pixels_and_loses_its_metadata(progressive):
    original = photo_with_everything(progressive=progressive)
    clean = uploads.clean_upload(upload("jalan.jpg", original))
    for secret in (b"Exif", b"KameraHP", b"Kamera HP Budi", b"GPSLatitude", b"ICC_PROFILE",
                   b"MotionPhoto", b"rahasia"):
        assert secret not in clean.content
    stored, before = Image.open(io.BytesIO(clean.content)), Image.open(io.BytesIO(original))
    assert stored.tobytes() == before.tobytes()  # the same picture, not a re-encoded one
    assert not stored.getexif() and not stored.info.get("icc_profile")
    assert (clean.width, clean.height) == (640, 480) and clean.extension == "jpg"
    thumb = Image.open(io.BytesIO(uploads.thumbnail_bytes(clean.content)))
    assert thumb.size == (uploads.THUMB_EDGE, 240) and thumb.format == "JPEG"


@pytest.mark.parametrize("cut", [0.3, 0.9])
def test_a_jpeg_cut_off_in_its_picture_is_refused(cut):
    data = photo_with_everything()
    error = refused("putus.jpg", data[:int(len(data) * cut)])
    assert error.code in {"corrupt_image", "invalid_type"}


def test_a_jpeg_over_the_stored_edge_is_still_scaled_down():
    clean = uploads.clean_upload(upload("besar.jpg", image_bytes("JPEG", (3000, 1500))))
    assert (clean.width, clean.height) == (uploads.MAX_EDGE, 1280)


@pytest.mark.parametrize("broken", [
    b"", b"\xff\xd8", b"\xff\xd8\xff\xe1\xff\xff", b"\xff\xd8\x00\x00",
    b"\xff\xd8\xff\xda\x00\x08abcdef\xff\x00", b"\xff\xd8\xff\xd0", b"GIF89a",
])
def test_what_is_not_laid_out_as_a_jpeg_is_left_to_the_re_encoder(broken):
    from complaints import jpeg

    assert jpeg.without_metadata(broken) is None
