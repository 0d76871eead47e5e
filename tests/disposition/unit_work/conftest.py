"""Sub-units below DPU, and their people: hana operates Bidang Bina Marga, ivan heads it."""

from types import SimpleNamespace

import pytest

from accounts.models import Appointment, Unit
from tests.factories import appoint, make_unit, make_user

Role = Appointment.Role


@pytest.fixture
def tree(units, people):
    binamarga = make_unit("DPU-BM", Unit.Kind.DIVISION, name="Bidang Bina Marga",
                          parent=units.dpu, notification_email="bm@lapor.test")
    sda = make_unit("DPU-SDA", Unit.Kind.DIVISION, name="Bidang SDA", parent=units.dpu)
    upt = make_unit("DPU-BM-UPT", Unit.Kind.TECHNICAL, name="UPT Jalan Wilayah I",
                    parent=binamarga)
    closed = make_unit("DPU-LAMA", Unit.Kind.DIVISION, name="Bidang lama", parent=units.dpu,
                       is_active=False)
    hana, ivan = make_user("hana@lapor.test"), make_user("ivan@lapor.test")
    appoint(hana, binamarga, Role.OPERATOR)
    appoint(ivan, binamarga, Role.APPROVER)
    return SimpleNamespace(binamarga=binamarga, sda=sda, upt=upt, closed=closed, hana=hana,
                           ivan=ivan)
