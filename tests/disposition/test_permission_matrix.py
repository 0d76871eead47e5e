"""Every workbench URL × every role: the expected answer. "done" and "refused" are both a
redirect back to the complaint; they differ by the message and by whether anything changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from complaints.models import Complaint, Tag
from disposition import services
from tests.disposition.helpers import awaiting_approval, dispose_to, with_draft
from tests.factories import file_report

pytestmark = pytest.mark.django_db

ROLES = ["alice", "bob", "charlie", "dave", "erin", "frank", "visitor"]
# alice coordinator · bob DPU operator (lead) · charlie DPU head (lead, approves)
# dave Dishub operator (another unit) · erin region viewer · frank citizen · visitor: nobody


def login(client, people, role):
    if role != "visitor":
        client.force_login(getattr(people, role))


def url(view, *args):
    return reverse(f"admin:complaints_complaint_{view}", args=args)


READS = {
    #               alice bob  charlie dave  erin frank visitor
    "changelist": ([200, 200, 200, 200, 200, "login", "login"], lambda c: url("changelist")),
    "change": ([200, 200, 200, 404, 200, "login", "login"], lambda c: url("change", c.pk)),
    "history": ([200, 200, 200, 404, 200, "login", "login"], lambda c: url("history", c.pk)),
    "delete": ([403, 403, 403, 403, 403, "login", "login"], lambda c: url("delete", c.pk)),
    # Units record their own intake; a viewer does not.
    "add": ([200, 200, 200, 200, 403, "login", "login"], lambda c: url("add")),
    "export": ([200, 200, 200, 200, 200, "login", "login"], lambda c: url("export")),
    "autocomplete": ([200, 200, 200, 200, 200, "login", "login"],
                     lambda c: reverse("admin:autocomplete") + "?app_label=complaints"
                     "&model_name=complaint&field_name=duplicate_of&term=" + c.tracking_code),
}


def status_of(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", READS)
def test_reading(client, people, units, category, page, role):
    complaint = dispose_to(file_report(category), units.dpu, people.alice)
    expected, make_url = READS[page]
    login(client, people, role)
    response = client.get(make_url(complaint))
    assert status_of(response) == expected[ROLES.index(role)]


@pytest.mark.parametrize("role", ["alice", "bob", "charlie", "erin"])
def test_lists_exports_and_autocomplete_hold_the_complaint_for_those_who_may_see_it(
        client, people, units, category, role):
    complaint = dispose_to(file_report(category), units.dpu, people.alice)
    login(client, people, role)
    listing = client.get(url("changelist")).content.decode()
    export = b"".join(client.get(url("export")).streaming_content).decode()
    found = client.get(READS["autocomplete"][1](complaint)).json()["results"]
    assert complaint.tracking_code in listing and complaint.tracking_code in export
    assert [r["id"] for r in found] == [str(complaint.pk)]


def test_another_unit_finds_nothing_anywhere(client, people, units, category):
    complaint = dispose_to(file_report(category), units.dpu, people.alice)
    login(client, people, "dave")
    code = complaint.tracking_code
    for query in ({"q": code}, {"unit": units.dpu.pk}, {"q": complaint.title}):
        listing = client.get(url("changelist"), query)
        assert listing.context["cl"].result_count == 0, query
    assert code not in b"".join(client.get(url("export")).streaming_content).decode()
    assert client.get(READS["autocomplete"][1](complaint)).json()["results"] == []


# --- Actions ------------------------------------------------------------------------------------


def submitted(c, people, units):
    return c


def dispositioned(c, people, units):
    return dispose_to(c, units.dpu, people.alice)


def supported(c, people, units):
    return dispose_to(c, units.dpu, people.alice, supporting_units=[units.dishub])


def accepted(c, people, units):
    return services.accept(complaint=dispositioned(c, people, units), user=people.bob)


def drafted(c, people, units):
    return with_draft(c, units.dpu, people)


def awaiting(c, people, units):
    return awaiting_approval(c, units.dpu, people)


A = {"pln": None, "tag": None}
ACTIONS = {
    #  name: (setup, form data, [alice, bob, charlie, dave, erin, frank, visitor])
    "dispose": (submitted, lambda u, c: {"lead_unit": u.dpu.pk, "kind": "complaint",
                                         "category": c.category_id, "title": c.title},
                ["done", 404, 404, 404, 403, "login", "login"]),
    "request_info": (submitted, lambda u, c: {"question": "Foto lokasinya?"},
                     ["done", 404, 404, 404, 403, "login", "login"]),
    "archive": (submitted, lambda u, c: {"reason": "spam"},
                ["done", 404, 404, 404, 403, "login", "login"]),
    "forward": (submitted, lambda u, c: {"unit": A["pln"].pk, "note": "Ke PLN."},
                ["done", 404, 404, 404, 403, "login", "login"]),
    "accept": (dispositioned, lambda u, c: {}, [403, "done", "done", 404, 403, "login", "login"]),
    "return": (dispositioned, lambda u, c: {"reason": "Bukan kami."},
               [403, "done", "done", 404, 403, "login", "login"]),
    "draft": (accepted, lambda u, c: {"text": "Sudah ditambal.", "completes": "yes"},
              [403, "done", "done", 404, 403, "login", "login"]),
    "ask_reporter": (accepted, lambda u, c: {"question": "Di depan nomor berapa?"},
                     [403, "done", "done", 404, 403, "login", "login"]),
    "progress": (accepted, lambda u, c: {"text": "Material sudah dikirim."},
                 [403, "done", "done", 404, 403, "login", "login"]),
    "transfer": (accepted, lambda u, c: {"unit": u.dishub.pk, "reason": "Rambu: Dishub."},
                 [403, "done", "done", 404, 403, "login", "login"]),
    "tag": (dispositioned, lambda u, c: {"tags": [A["tag"].pk]},
            ["done", "done", "done", 404, 403, "login", "login"]),
    "submit_for_approval": (drafted, lambda u, c: {},
                            [403, "done", "done", 404, 403, "login", "login"]),
    "publish": (drafted, lambda u, c: {}, [403, "refused", "done", 404, 403, "login", "login"]),
    "approve": (awaiting, lambda u, c: {}, [403, 403, "done", 404, 403, "login", "login"]),
    "send_back": (awaiting, lambda u, c: {"comment": "Tambah tanggal."},
                  [403, 403, "done", 404, 403, "login", "login"]),
    "contribute": (supported, lambda u, c: {"text": "Kami bantu rambu."},
                   [403, 403, 403, "done", 403, "login", "login"]),
    "note": (dispositioned, lambda u, c: {"text": "Catatan."},
             ["done", "done", "done", 404, 403, "login", "login"]),
}


def outcome(response):
    if response.status_code != 302 or "/login/" in response["Location"]:
        return status_of(response)
    levels = {m.level_tag for m in get_messages(response.wsgi_request)}
    return "done" if levels == {"success"} else "refused"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_acting(client, people, units, category, pln, action, role):
    A["pln"], A["tag"] = pln, Tag.objects.get_or_create(name="banjir 2026")[0]
    setup, data, expected = ACTIONS[action]
    complaint = setup(file_report(category), people, units)
    before = Complaint.objects.get(pk=complaint.pk)
    events_before = complaint.events.count()
    login(client, people, role)
    response = client.post(url("action", complaint.pk, action), data(units, complaint))
    result = outcome(response)
    assert result == expected[ROLES.index(role)]
    if result != "done":
        after = Complaint.objects.get(pk=complaint.pk)
        assert (after.state, after.lead_unit_id, complaint.events.count()) == (
            before.state, before.lead_unit_id, events_before)


@pytest.mark.parametrize("action", ["accept", "dispose"])
def test_actions_answer_only_to_post(client, people, units, category, action):
    complaint = dispositioned(file_report(category), people, units)
    client.force_login(people.alice)
    assert client.get(url("action", complaint.pk, action)).status_code == 405


def test_an_unknown_action_is_not_found(client, people, units, category):
    complaint = dispositioned(file_report(category), people, units)
    client.force_login(people.alice)
    assert client.post(url("action", complaint.pk, "delete_everything")).status_code == 404
