"""The workbench pages through HTTP: the queue, filters and search, each form's bad input,
a stale page, intake, export, templates and the query counts."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services as citizen
from complaints.models import Complaint, Event
from disposition import services
from disposition.models import ResponseTemplate
from tests.disposition.helpers import dispose_to, in_progress
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def url(view, *args):
    return reverse(f"admin:complaints_complaint_{view}", args=args)


def action_url(complaint, action):
    return url("action", complaint.pk, action)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def listed(response):
    return [c.tracking_code for c in response.context["cl"].result_list]


def aged(complaint, days):
    Complaint.objects.filter(pk=complaint.pk).update(
        submitted_at=timezone.now() - timedelta(days=days))
    return complaint


# --- The lists ----------------------------------------------------------------------------------


def test_the_verification_queue_holds_new_and_returned_oldest_first(client, people, units,
                                                                    category):
    new = aged(file_report(category), 1)
    oldest = aged(file_report(category), 9)
    returned = dispose_to(aged(file_report(category), 5), units.dpu, people.alice)
    services.return_to_coordinator(complaint=returned, user=people.bob, reason="Bukan kami.")
    dispose_to(file_report(category), units.dpu, people.alice)  # not in the queue
    client.force_login(people.alice)
    response = client.get(url("changelist"), {"antrean": "verifikasi"})
    assert listed(response) == [oldest.tracking_code, returned.tracking_code, new.tracking_code]
    assert "umur (hari kerja)" in response.content.decode().lower()


@pytest.mark.parametrize("query, expected", [
    ({"state__exact": "dispositioned"}, ["dishub", "dpu"]),
    ({"unit": "DISHUB"}, ["dishub"]),
    ({"channel__exact": "sms"}, ["sms"]),
    ({"kind__exact": "aspiration"}, ["aspirasi"]),
    ({"terlambat": "ya"}, ["late"]),
])
def test_list_filters(client, people, units, category, query, expected):
    made = {
        "dpu": dispose_to(file_report(category, title="dpu"), units.dpu, people.alice),
        "dishub": dispose_to(file_report(category, title="dishub"), units.dishub, people.alice),
        "sms": services.record_intake(
            report=citizen.Report(kind="complaint", title="sms", description="Lewat SMS.",
                                  category=category, reporter_phone="+6281325550102"),
            channel="sms", user=people.alice),
        "aspirasi": file_report(category, title="aspirasi", kind="aspiration"),
        "late": file_report(category, title="late"),
    }
    Complaint.objects.filter(pk=made["late"].pk).update(due_at=timezone.now() - timedelta(days=2))
    Complaint.objects.exclude(pk=made["late"].pk).update(due_at=timezone.now() + timedelta(days=2))
    if query.get("unit"):
        query = {"unit": getattr(units, query["unit"].lower()).pk}
    client.force_login(people.alice)
    titles = [c.title for c in client.get(url("changelist"), query).context["cl"].result_list]
    assert titles == expected


def test_an_overdue_complaint_wears_its_lateness(client, people, category):
    late = file_report(category)
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=7))
    client.force_login(people.alice)
    assert "terlambat" in client.get(url("changelist")).content.decode()
    assert "Terlambat" in client.get(url("change", late.pk)).content.decode()


def test_search_by_code_and_title(client, people, category):
    road = file_report(category, title="Jembatan ambrol di Tuntang")
    other = file_report(category, title="Lampu mati")
    client.force_login(people.alice)
    assert listed(client.get(url("changelist"), {"q": road.tracking_code})) == [road.tracking_code]
    assert listed(client.get(url("changelist"), {"q": "ambrol"})) == [road.tracking_code]
    assert other.tracking_code not in listed(client.get(url("changelist"), {"q": "ambrol"}))


def test_the_list_never_counts_past_its_cap(client, people, category, monkeypatch):
    from disposition.workbench import admin as workbench

    monkeypatch.setattr(workbench, "LIST_COUNT_CAP", 3)
    for _ in range(5):
        file_report(category)
    client.force_login(people.alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("changelist"))
    assert response.context["cl"].result_count == 3
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 3" in sql for sql in counts)


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_few_and_many(client, people, units, category):
    client.force_login(people.bob)
    dispose_to(file_report(category), units.dpu, people.alice)
    few = queries_for(client, url("changelist"))
    for _ in range(20):
        dispose_to(file_report(category), units.dpu, people.alice)
    assert queries_for(client, url("changelist")) == few


def test_the_complaint_page_runs_the_same_queries_for_a_short_and_a_long_history(
        client, people, units, category):
    client.force_login(people.alice)
    short = dispose_to(file_report(category), units.dpu, people.alice,
                       supporting_units=[units.dishub])
    long = dispose_to(file_report(category), units.dpu, people.alice,
                      supporting_units=[units.dishub])
    services.add_note(complaint=short, user=people.alice, text="Satu catatan")
    services.contribute(complaint=short, user=people.dave, text="Satu kontribusi")
    for n in range(6):
        services.add_note(complaint=long, user=people.alice, text=f"Catatan {n}")
        services.contribute(complaint=long, user=people.dave, text=f"Kontribusi {n}")
    assert queries_for(client, url("change", long.pk)) == queries_for(client,
                                                                      url("change", short.pk))


# --- Forms: bad input, stale pages --------------------------------------------------------------


def test_a_missing_reason_is_shown_next_to_the_field_and_nothing_changes(client, people, units,
                                                                        complaint):
    dispose_to(complaint, units.dpu, people.alice)
    client.force_login(people.bob)
    response = client.post(action_url(complaint, "return"), {"reason": ""})
    assert response.status_code == 400
    form = dict((name, f) for name, _a, f in response.context["action_forms"])["return"]
    assert "Bidang ini tidak boleh kosong." in form.errors["reason"]
    assert Complaint.objects.get(pk=complaint.pk).state == "dispositioned"


def test_typed_text_is_kept_when_a_form_is_refused(client, people, units, complaint):
    client.force_login(people.alice)
    response = client.post(action_url(complaint, "dispose"), {
        "lead_unit": "", "instruction": "Segera tinjau lokasi.", "kind": "complaint",
        "category": complaint.category_id, "title": "Judul baru"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Segera tinjau lokasi." in html and "Judul baru" in html
    assert Complaint.objects.get(pk=complaint.pk).state == "submitted"


def test_a_stale_page_gets_a_clear_message_not_an_error(client, people, units, complaint):
    client.force_login(people.alice)
    data = {"lead_unit": units.dpu.pk, "kind": "complaint", "category": complaint.category_id,
            "title": complaint.title}
    first = client.post(action_url(complaint, "dispose"), data)
    second = client.post(action_url(complaint, "dispose"), {**data, "lead_unit": units.dishub.pk})
    assert first.status_code == second.status_code == 302
    assert "tidak dapat dilakukan" in messages_of(second)[-1]
    assert Complaint.objects.get(pk=complaint.pk).lead_unit == units.dpu


def test_the_dispose_form_is_prefilled_from_the_category(client, people, units, complaint):
    client.force_login(people.alice)
    response = client.get(url("change", complaint.pk))
    forms = {name: f for name, _a, f in response.context["action_forms"]}
    assert forms["dispose"].initial["lead_unit"] == units.dpu.pk


@pytest.mark.parametrize("code, message", [
    ("", "Isi nomor tiket"),
    ("bukan kode", "bukan nomor tiket"),
    ("LPR-ZZZZZZZZ", "tidak ada"),
])
def test_archiving_as_a_duplicate_needs_a_real_original(client, people, complaint, code,
                                                        message):
    client.force_login(people.alice)
    response = client.post(action_url(complaint, "archive"),
                           {"reason": "duplicate", "duplicate_code": code})
    assert response.status_code == 400
    form = {name: f for name, _a, f in response.context["action_forms"]}["archive"]
    assert message in " ".join(form.errors["duplicate_code"])


def test_archiving_as_a_duplicate_by_a_typed_code(client, people, complaint, category):
    original = file_report(category)
    client.force_login(people.alice)
    typed = original.tracking_code.lower().replace("-", " ")
    client.post(action_url(complaint, "archive"), {"reason": "duplicate", "duplicate_code": typed})
    assert Complaint.objects.get(pk=complaint.pk).duplicate_of == original


def test_a_draft_can_start_from_a_template(client, people, units, complaint):
    ResponseTemplate.objects.create(unit=units.dpu, title="Sudah ditambal",
                                    text="Terima kasih, lubang sudah ditambal.")
    foreign = ResponseTemplate.objects.create(unit=units.dishub, title="Dishub", text="x")
    in_progress(complaint, units.dpu, people.alice, people.bob)
    client.force_login(people.bob)
    page = client.get(url("change", complaint.pk))
    form = {name: f for name, _a, f in page.context["action_forms"]}["draft"]
    assert foreign not in form.fields["template"].queryset
    template = ResponseTemplate.objects.get(unit=units.dpu)
    client.post(action_url(complaint, "draft"), {"template": template.pk, "text": ""})
    assert complaint.responses.get().text == "Terima kasih, lubang sudah ditambal."
    empty = client.post(action_url(complaint, "draft"), {"text": " "})
    assert empty.status_code == 400


def test_the_reporter_s_reason_is_on_top_when_a_complaint_comes_back(client, people, units,
                                                                     complaint):
    complaint = in_progress(complaint, units.dishub, people.alice, people.dave)
    services.save_draft(complaint=complaint, user=people.dave, text="Sudah.")
    complaint = services.publish(complaint=complaint, user=people.dave)
    citizen.reopen(complaint=complaint, reason="Lampunya mati lagi malam ini.")
    client.force_login(people.dave)
    html = client.get(url("change", complaint.pk)).content.decode()
    banner = html.index("Pelapor menyatakan belum selesai")
    assert banner < html.index("Lampunya mati lagi malam ini.") < html.index('id="judul-laporan"')


def test_bulk_archive_as_spam_from_the_list(client, people, category):
    spam = [file_report(category) for _ in range(3)]
    client.force_login(people.alice)
    response = client.post(url("changelist"), {
        "action": "archive_spam", "_selected_action": [c.pk for c in spam]})
    assert response.status_code == 302
    assert set(Complaint.objects.values_list("state", "archive_reason")) == {("archived", "spam")}


def test_a_unit_has_no_bulk_archive(client, people, units, category):
    complaint = dispose_to(file_report(category), units.dpu, people.alice)
    client.force_login(people.bob)
    response = client.post(url("changelist"), {
        "action": "archive_spam", "_selected_action": [complaint.pk]})
    assert Complaint.objects.get(pk=complaint.pk).state == "dispositioned"
    assert response.status_code in (200, 302)


# --- Intake from other channels -----------------------------------------------------------------


def intake_data(category, **changes):
    return {"channel": "whatsapp", "source_reference": "WA 23/11 08.15",
            "reporter_name": "Pak Darto", "reporter_phone": "0813 2555 0101",
            "kind": "complaint", "category": category.pk, "title": "Air PDAM keruh",
            "description": "Sudah tiga hari air keruh.", **changes}


def test_the_coordinator_records_a_whatsapp_report(client, people, category):
    client.force_login(people.alice)
    response = client.post(url("add"), intake_data(category))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == url("change", complaint.pk)
    assert (complaint.channel, complaint.reporter_phone, complaint.source_reference) == (
        "whatsapp", "+6281325550101", "WA 23/11 08.15")
    assert complaint.tracking_code in messages_of(response)[0]
    assert "WhatsApp" in messages_of(response)[0]


def test_a_report_from_x_tells_the_coordinator_to_pass_the_code_on(client, people, category):
    client.force_login(people.alice)
    response = client.post(url("add"), intake_data(
        category, channel="x", reporter_phone="", reporter_handle="@warga"))
    complaint = Complaint.objects.get()
    assert "Sampaikan nomor tiket" in messages_of(response)[0]
    assert complaint.tracking_code in messages_of(response)[0]


@pytest.mark.parametrize("changes, field, message", [
    ({"reporter_phone": ""}, None, "paling sedikit satu kontak"),
    ({"reporter_phone": "12"}, "reporter_phone", "tidak dikenali"),
    ({"channel": "web"}, "channel", "pilihan yang valid"),
    ({"title": ""}, "title", "tidak boleh kosong"),
])
def test_intake_refuses_bad_input_keeps_it_and_saves_nothing(client, people, category, changes,
                                                             field, message):
    client.force_login(people.alice)
    response = client.post(url("add"), intake_data(category, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field or "__all__"])
    assert "Sudah tiga hari air keruh." in response.content.decode()
    assert not Complaint.objects.exists() and not Event.objects.exists()


# --- Export, templates, events ------------------------------------------------------------------


def test_the_export_streams_the_filtered_list_as_csv(client, people, units, category):
    kept = dispose_to(file_report(category, title="Jalan"), units.dpu, people.alice)
    file_report(category, title="Lain")
    client.force_login(people.alice)
    response = client.get(url("export"), {"state__exact": "dispositioned"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Nomor tiket,Dikirim,Status")
    assert len(rows) == 2 and rows[1].startswith(kept.tracking_code)
    assert "Budi Santoso" in rows[1]


def test_an_export_with_a_broken_filter_goes_back_to_the_list(client, people):
    client.force_login(people.alice)
    response = client.get(url("export"), {"lead_unit__bogus": "1"})
    assert response.status_code == 302 and response["Location"] == url("changelist")
    assert "tidak dikenali" in messages_of(response)[0]


def test_unit_staff_edit_their_templates_and_only_read_shared_ones(client, people, units):
    shared = ResponseTemplate.objects.create(title="Umum", text="Terima kasih.")
    own = ResponseTemplate.objects.create(unit=units.dpu, title="DPU", text="Ditambal.")
    foreign = ResponseTemplate.objects.create(unit=units.dishub, title="Dishub", text="Lampu.")
    client.force_login(people.bob)
    listing = client.get(reverse("admin:disposition_responsetemplate_changelist"))
    assert set(listing.context["cl"].result_list) == {shared, own}
    change = reverse("admin:disposition_responsetemplate_change", args=[own.pk])
    assert client.post(change, {"unit": units.dpu.pk, "title": "DPU 2", "text": "Baru.",
                                "is_active": "on"}).status_code == 302
    assert client.get(reverse("admin:disposition_responsetemplate_change",
                              args=[foreign.pk])).status_code in (302, 404)
    shared_page = client.get(reverse("admin:disposition_responsetemplate_change",
                                     args=[shared.pk]))
    assert shared_page.status_code == 200 and 'name="title"' not in shared_page.content.decode()


def test_events_are_not_editable_or_deletable_in_the_admin_by_anyone(client, db, complaint):
    from accounts.models import User

    root = User.objects.create_superuser("root@lapor.test", "x", full_name="Root")
    client.force_login(root)
    event = complaint.events.get()
    for path in (f"/admin/complaints/event/{event.pk}/change/",
                 f"/admin/complaints/event/{event.pk}/delete/", "/admin/complaints/event/"):
        assert client.get(path).status_code == 404
    assert client.post(url("delete", complaint.pk)).status_code == 403


# --- The admin's index and the notification log -------------------------------------------------


def work_on_index(client, person):
    client.force_login(person)
    return {label: count for label, count, _url in client.get("/admin/").context["work"]}


def test_the_index_tells_each_person_what_waits_for_them(client, people, units, category):
    file_report(category)
    late = file_report(category)
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    dispose_to(file_report(category), units.dpu, people.alice)
    in_progress(file_report(category), units.dpu, people.alice, people.bob)
    coordinator = work_on_index(client, people.alice)
    assert {k: coordinator[k] for k in ("Perlu verifikasi", "Terlambat")} == {
        "Perlu verifikasi": 2, "Terlambat": 1}
    assert coordinator["Sapuan SLA: belum pernah berjalan — periksa worker"] == "!"
    assert work_on_index(client, people.bob) == {
        "Disposisi baru, belum diterima": 1, "Sedang diproses unit Anda": 1, "Terlambat": 0}
    assert work_on_index(client, people.dave) == {
        "Disposisi baru, belum diterima": 0, "Sedang diproses unit Anda": 0, "Terlambat": 0}


@pytest.mark.parametrize("person, status", [("alice", 200), ("bob", 403), ("erin", 403)])
def test_only_coordinators_read_the_notification_log(client, people, complaint, person, status):
    client.force_login(getattr(people, person))
    response = client.get(reverse("admin:complaints_notification_changelist"))
    assert response.status_code == status
    if status == 200:
        assert "budi@warga.test" in response.content.decode()


def test_a_draft_s_file_is_for_the_workbench_only(client, people, units, complaint, media_root):
    from complaints.uploads import CleanFile
    from tests.complaints.conftest import image_bytes

    in_progress(complaint, units.dpu, people.alice, people.bob)
    draft = services.save_draft(complaint=complaint, user=people.bob, text="Foto sesudah.",
                                files=[CleanFile("sesudah.jpg", "image", "jpg", "image/jpeg",
                                                 image_bytes())])
    path = reverse("complaints:attachment", args=[draft.attachments.get().pk])
    assert client.get(path, {"k": complaint.secret_key}).status_code == 404
    client.force_login(people.dave)
    assert client.get(path).status_code == 404
    client.force_login(people.bob)
    assert client.get(path).status_code == 200
