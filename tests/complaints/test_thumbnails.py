"""A photo's thumbnail is made from the stored image when a page first asks for it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from complaints import thumbnails, uploads
from complaints.models import Attachment
from tests.complaints.conftest import image_bytes, pdf_bytes, stored_files
from tests.factories import dispose, file_report

pytestmark = pytest.mark.django_db


def filed(category, name, data, **fields):
    clean = uploads.clean_upload(SimpleUploadedFile(name, data))
    return file_report(category, files=[clean], **fields)


def thumbnail_url(item):
    return reverse("complaints:thumbnail", args=[item.pk])


def test_the_first_request_makes_the_thumbnail_and_later_ones_serve_it(
        client, category, units, media_root):
    complaint = dispose(filed(category, "jalan.jpg", image_bytes(size=(1400, 1000))), units.dpu)
    item = complaint.attachments.get()
    assert not item.thumbnail and len(stored_files(media_root)) == 1
    first = client.get(thumbnail_url(item))
    assert first.status_code == 200 and first["Content-Type"] == "image/jpeg"
    picture = Image.open(io.BytesIO(b"".join(first.streaming_content)))
    assert picture.format == "JPEG" and picture.size == (uploads.THUMB_EDGE, 229)
    item.refresh_from_db()
    assert item.thumbnail and len(stored_files(media_root)) == 2
    second = client.get(thumbnail_url(item))
    assert b"".join(second.streaming_content) == item.thumbnail.open("rb").read()
    assert len(stored_files(media_root)) == 2  # not made again


def test_two_first_requests_at_once_keep_one_thumbnail(category, media_root):
    complaint = filed(category, "jalan.jpg", image_bytes())
    seen_by_one, seen_by_other = (Attachment.objects.get(complaint=complaint) for _ in "ab")
    made_first = thumbnails.thumbnail_of(seen_by_one).name
    # The other read the row before the first recorded its thumbnail: it makes one too,
    # finds the first's recorded, and deletes its own.
    assert not seen_by_other.thumbnail
    assert thumbnails.thumbnail_of(seen_by_other).name == made_first
    assert Attachment.objects.get().thumbnail.name == made_first
    assert len(stored_files(media_root)) == 2


def test_a_private_report_s_thumbnail_is_neither_served_nor_made_without_the_key(
        client, category, media_root):
    complaint = filed(category, "rumah.jpg", image_bytes())
    item = complaint.attachments.get()
    assert client.get(thumbnail_url(item)).status_code == 404
    assert len(stored_files(media_root)) == 1
    owner = client.get(thumbnail_url(item), {"k": complaint.secret_key})
    assert owner.status_code == 200 and "no-store" in owner["Cache-Control"]


def test_a_pdf_has_no_thumbnail_the_document_is_served(client, category, units):
    complaint = dispose(filed(category, "surat.pdf", pdf_bytes()), units.dpu)
    item = complaint.attachments.get()
    response = client.get(thumbnail_url(item))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    item.refresh_from_db()
    assert not item.thumbnail


def test_an_unreadable_stored_picture_is_served_as_it_is(client, category, units, media_root,
                                                          caplog):
    complaint = dispose(filed(category, "jalan.jpg", image_bytes()), units.dpu)
    item = complaint.attachments.get()
    (media_root / item.file.name).write_bytes(b"\xff\xd8 not a picture any more")
    response = client.get(thumbnail_url(item))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8 not a picture any more"
    item.refresh_from_db()
    assert not item.thumbnail and len(stored_files(media_root)) == 1
    assert "could not be read" in caplog.text
