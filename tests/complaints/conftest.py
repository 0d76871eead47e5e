import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import OrmQ
from django_q.signing import SignedPackage
from PIL import Image

from complaints.models import Notification
from complaints.notifications import hand_over_receipts
from tests.factories import make_category, make_unit


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def category(units):
    return make_category("jalan", unit=units.dpu, name="Jalan dan Jembatan", completion_days=60)


@pytest.fixture
def secret_category(units):
    return make_category("pungli", unit=units.setda, name="Pungutan liar",
                         is_confidential_by_default=True)


@pytest.fixture
def district(db):
    from accounts.models import Unit

    return make_unit("KEC-BAWEN", Unit.Kind.DISTRICT, name="Kecamatan Bawen")


def fail_second_attachment(monkeypatch, message="disk full"):
    """Storing the second attachment's file fails (a full disk, a full bucket)."""
    from django.db.models.fields.files import FieldFile

    saved, original = [], FieldFile.save

    def fail_on_second(self, *args, **kwargs):
        saved.append(self)
        if len(saved) == 2:
            raise OSError(message)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FieldFile, "save", fail_on_second)


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def run_queued_tasks():
    """Run what the worker would: hand over the receipts waiting (complaints/broker.py), then
    every task waiting in django-q's ORM queue, in order."""
    hand_over_receipts()
    results = []
    for row in OrmQ.objects.order_by("pk"):
        task = SignedPackage.loads(row.payload)
        results.append(import_string(task["func"])(*task["args"], **task["kwargs"]))
        row.delete()
    return results


def forget_queued_tasks():
    """Empty django-q's ORM queue, and take the receipts waiting for the worker's broker as
    handed over, so a test sees only the messages queued after this."""
    OrmQ.objects.all().delete()
    Notification.objects.filter(handed_over_at__isnull=True).update(handed_over_at=timezone.now())


def queued_functions():
    return [SignedPackage.loads(row.payload)["func"] for row in OrmQ.objects.order_by("pk")]


def image_bytes(fmt="JPEG", size=(640, 480), *, exif=None, color="red", mode="RGB"):
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, color).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (7.0, 15.0, 30.0), 3: "E", 4: (110.0, 25.0, 10.0)}  # GPS
    return exif


def pdf_bytes():
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png_bomb(width=20000, height=20000):
    """A real 1-bit PNG of width×height: tiny on disk, 400 megapixels when decoded."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


@pytest.fixture
def valid(category, district, units):
    return {
        "kind": "complaint",
        "title": "Jalan berlubang di depan pasar Bawen",
        "description": "Ada lubang besar di jalan depan pasar, sudah dua minggu tidak diperbaiki.",
        "incident_date": timezone.localdate().isoformat(),
        "category": category.pk,
        "unit": units.dpu.pk,
        "district": district.pk,
        "village": "Harjosari",
        "address": "Jl. Pemuda 3",
        "lat": "-7.241234",
        "long": "110.431234",
        "name": "Budi Santoso",
        "email": "Budi@Warga.test",
        "phone": "0812-3456-7890",
        "consent": "on",
        "website": "",
    }


def photo(name="foto.jpg", data=None):
    return SimpleUploadedFile(name, data or image_bytes(), content_type="image/jpeg")
