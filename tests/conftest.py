from types import SimpleNamespace

import pytest

from accounts.models import Appointment, Unit
from tests.factories import appoint, make_unit, make_user

Role = Appointment.Role


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (/statistik/, the footer's SP4N state, the filing
    page and the fingerprint of its choice lists, the calendars kept for filings)."""
    from django.core.cache import cache

    from complaints import deadlines, form_cache

    cache.clear()
    form_cache._fingerprint["read_at"] = float("-inf")
    deadlines.forget_kept_calendars()


@pytest.fixture(autouse=True)
def public_pages_drawn_per_visit(settings):
    """Tests change a report and read the list at once; the shared pages have their own."""
    settings.LAPOR_PUBLIC_PAGE_SECONDS = 0


@pytest.fixture(autouse=True)
def staff_sessions_outlive_time_travel(settings):
    """Many tests log in now and then travel days ahead; idle expiry has its own tests."""
    settings.LAPOR_STAFF_IDLE_MINUTES = 10 * 365 * 24 * 60


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Production hashing costs ~0.4 s a password; tests need no protection against brute force.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def units(db):
    return SimpleNamespace(
        diskominfo=make_unit("DISKOMINFO", name="Dinas Komunikasi dan Informatika"),
        dpu=make_unit("DPU", name="Dinas Pekerjaan Umum", answers_need_approval=True),
        dishub=make_unit("DISHUB", name="Dinas Perhubungan"),
        setda=make_unit("SETDA", Unit.Kind.SECRETARIAT, name="Sekretariat Daerah"),
    )


@pytest.fixture
def people(units):
    """alice coordinates, bob operates DPU, charlie heads DPU, dave operates Dishub,
    erin watches the whole region, frank is a citizen with no appointment."""
    people = SimpleNamespace(
        alice=make_user("alice@lapor.test"),
        bob=make_user("bob@lapor.test"),
        charlie=make_user("charlie@lapor.test"),
        dave=make_user("dave@lapor.test"),
        erin=make_user("erin@lapor.test"),
        frank=make_user("frank@lapor.test"),
    )
    appoint(people.alice, units.diskominfo, Role.COORDINATOR)
    appoint(people.bob, units.dpu, Role.OPERATOR)
    appoint(people.charlie, units.dpu, Role.APPROVER)
    appoint(people.dave, units.dishub, Role.OPERATOR)
    appoint(people.erin, units.setda, Role.VIEWER, scope=Appointment.Scope.REGION)
    for person in vars(people).values():
        person.refresh_from_db()
    return people
