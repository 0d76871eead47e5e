import pytest

from lapor.channels import MemoryProvider
from tests.complaints.conftest import (  # noqa: F401  (fixtures shared with this folder)
    category,
    district,
    media_root,
    secret_category,
)
from tests.factories import file_report, make_unit


@pytest.fixture(autouse=True)
def short_messages(settings):
    """SMS/WhatsApp replaced at the gateway's edge."""
    settings.LAPOR_WHATSAPP_PROVIDER = settings.LAPOR_SMS_PROVIDER = "memory"
    MemoryProvider.outbox = []
    return MemoryProvider.outbox


@pytest.fixture
def pln(db):
    from accounts.models import Unit

    return make_unit("EXT-PLN", Unit.Kind.EXTERNAL, name="PT PLN UP3 Salatiga",
                     notification_email="pln@instansi.test")


@pytest.fixture
def complaint(category, people):  # noqa: F811
    return file_report(category)


@pytest.fixture
def anonymous_complaint(category, people):  # noqa: F811
    return file_report(category, is_anonymous=True, reporter_name="Sutrisno Wibowo",
                       reporter_email="sutrisno.wibowo@warga.test",
                       reporter_phone="+6281299990000",
                       title="Pungutan di loket jembatan timbang")
