"""Attachments on S3-compatible object storage (django-storages), against moto's S3 server
started on loopback — never the network: a filed photo lands in the bucket, not on the disk;
it is served only through lapor's access check; a failed submission leaves no object."""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from complaints.models import Attachment, Complaint
from tests.complaints.conftest import fail_second_attachment, image_bytes, stored_files

pytestmark = pytest.mark.django_db
BUCKET = "lapor-lampiran"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1",
                          aws_access_key_id="uji", aws_secret_access_key="uji")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_server, "access_key": "uji",
                    "secret_key": "uji", "region_name": "us-east-1", "default_acl": "private",
                    "file_overwrite": False}}}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get(
        "Contents", []))


def form(category, **fields):
    return {"kind": "complaint", "title": "Jalan berlubang di depan pasar",
            "description": "Lubang besar sudah dua minggu, berbahaya bagi pengendara.",
            "category": category.pk, "name": "Sri Lestari", "email": "sri@warga.test",
            "phone": "0812-3456-7890", "consent": "on", "website": "",
            "incident_date": timezone.localdate().isoformat(), **fields}


def test_a_filed_photo_goes_to_the_bucket_and_is_served_through_the_access_check(
        client, category, bucket, media_root):
    photo = SimpleUploadedFile("jalan.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(reverse("complaints:file"), form(category, attachments=[photo]))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert keys(bucket) == [attachment.file.name]
    assert stored_files(media_root) == []
    complaint = Complaint.objects.get()
    url = reverse("complaints:attachment", args=[attachment.pk])
    owner = client.get(url, {"k": complaint.secret_key})
    assert owner.status_code == 200
    body = b"".join(owner.streaming_content)
    assert body == bucket.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read()
    assert client.get(url).status_code == 404  # not verified, not the owner: no file
    assert client.get(url, {"k": "x" * 43}).status_code == 404
    # The thumbnail is made from the object on first request, and kept in the bucket too.
    thumb_url = reverse("complaints:thumbnail", args=[attachment.pk])
    assert client.get(thumb_url).status_code == 404
    thumb = client.get(thumb_url, {"k": complaint.secret_key})
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    attachment.refresh_from_db()
    assert sorted(keys(bucket)) == sorted([attachment.file.name, attachment.thumbnail.name])
    stored = bucket.get_object(Bucket=BUCKET, Key=attachment.thumbnail.name)["Body"].read()
    assert b"".join(thumb.streaming_content) == stored


def test_a_failed_submission_leaves_no_object_behind(category, bucket, monkeypatch):
    from complaints.uploads import CleanFile
    from tests.factories import file_report

    fail_second_attachment(monkeypatch, "bucket full")
    files = [CleanFile(kind="image", content=image_bytes(), extension="jpg",
                       content_type="image/jpeg", original_name=f"{n}.jpg", width=640,
                       height=480) for n in range(2)]
    with pytest.raises(OSError):
        file_report(category, files=files)
    assert keys(bucket) == [] and not Complaint.objects.exists()
