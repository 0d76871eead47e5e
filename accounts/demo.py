"""The demo region's units and people. Only the demo loader calls this, never a migration."""

from dataclasses import dataclass
from datetime import date

from accounts import services
from accounts.models import Appointment, Unit, User

DEMO_PASSWORD = "lapor-demo-2026"
DEMO_SK_NUMBER = "100.3.3.2/0001/2026"
DEMO_SK_DATE = date(2026, 1, 2)
# Units whose answers the head approves before they are published.
UNITS_NEEDING_APPROVAL = {"DPU"}

Role = Appointment.Role
Scope = Appointment.Scope


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    description: str
    unit_code: str | None = None
    role: str | None = None
    scope: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("koordinator@lapor.test", "Sri Wahyuni", "koordinator (Diskominfo)",
                "DISKOMINFO", Role.COORDINATOR),
    DemoAccount("operator.dpu@lapor.test", "Agus Santoso", "operator DPU",
                "DPU", Role.OPERATOR),
    DemoAccount("kepala.dpu@lapor.test", "Ir. Bambang Riyadi", "kepala DPU (menyetujui jawaban)",
                "DPU", Role.APPROVER),
    DemoAccount("operator.dishub@lapor.test", "Dewi Lestari", "operator Dishub",
                "DISHUB", Role.OPERATOR),
    DemoAccount("operator.binamarga@lapor.test", "Yusuf Hidayat",
                "operator Bidang Bina Marga (sub-unit DPU)", "DPU-BINAMARGA", Role.OPERATOR),
    DemoAccount("pimpinan@lapor.test", "Hadi Prasetyo", "pimpinan (pemantau seluruh daerah)",
                "SETDA", Role.VIEWER, Scope.REGION),
    DemoAccount("warga@lapor.test", "Siti Aminah", "warga (pelapor)"),
]


def load_units(units):
    """Create the units that are missing; returns how many were created."""
    existing = set(Unit.objects.values_list("code", flat=True))
    new = [
        Unit(
            code=item["code"],
            name=item["name"],
            kind=item["kind"],
            notification_email=f"{item['code'].lower()}@lapor.test",
            answers_need_approval=item["code"] in UNITS_NEEDING_APPROVAL,
        )
        for item in units
        if item["code"] not in existing
    ]
    for unit in new:
        unit.full_clean()
    Unit.objects.bulk_create(new)
    # Sub-units (bidang, UPT, puskesmas, desa) name their parent by code.
    by_code = {unit.code: unit for unit in Unit.objects.all()}
    for item in units:
        if item.get("parent") and by_code[item["code"]].parent_id is None:
            Unit.objects.filter(code=item["code"]).update(parent=by_code[item["parent"]])
    return len(new)


def load_accounts():
    """Create the demo people and their appointments where missing; returns how many people."""
    created = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                account.email, DEMO_PASSWORD, full_name=account.full_name, phone="081200000000"
            )
            created += 1
        if account.role and not user.appointments.filter(sk_number=DEMO_SK_NUMBER).exists():
            services.appoint(
                user=user,
                unit=Unit.objects.get(code=account.unit_code),
                role=account.role,
                scope=account.scope,
                sk_number=DEMO_SK_NUMBER,
                sk_date=DEMO_SK_DATE,
                valid_from=DEMO_SK_DATE,
            )
    return created
