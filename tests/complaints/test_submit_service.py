import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from complaints import codes, services, uploads
from complaints.models import Attachment, Complaint, Event, Notification
from complaints.notifications import hand_over_receipts
from complaints.workflow import TransitionNotAllowed
from tests.complaints.conftest import (
    fail_second_attachment,
    image_bytes,
    pdf_bytes,
    queued_functions,
    run_queued_tasks,
    stored_files,
)
from tests.concurrency import at_once
from tests.factories import file_report


def clean(name, data):
    return uploads.clean_upload(SimpleUploadedFile(name, data))


def test_it_files_the_complaint_its_attachments_and_its_first_event(category, media_root):
    photo, letter = clean("foto.jpg", image_bytes()), clean("surat.pdf", pdf_bytes())
    complaint = file_report(category, files=[photo, letter])
    assert complaint.state == "submitted"
    assert codes.normalize_tracking_code(complaint.tracking_code) == complaint.tracking_code
    assert complaint.consent_at is not None and complaint.due_at > complaint.submitted_at
    (event,) = complaint.events.all()
    assert (event.action, event.actor, event.to_state, event.is_public) == (
        "submit", "reporter", "submitted", True)
    attachments = list(complaint.attachments.order_by("kind"))
    assert [a.kind for a in attachments] == ["image", "pdf"]
    assert all(a.event_id == event.pk for a in attachments)
    assert not attachments[0].thumbnail  # made when a page first asks (test_thumbnails.py)
    assert len(stored_files(media_root)) == 2  # the photo and the PDF


def test_stored_names_are_unguessable_and_hold_nothing_of_the_uploaded_name(category):
    complaint = file_report(category, files=[clean("Budi_Santoso_KTP.jpg", image_bytes())])
    name = complaint.attachments.get().file.name
    assert "Budi" not in name and "KTP" not in name
    assert len(name.rsplit("/", 1)[-1]) >= 32


def test_a_category_that_is_confidential_by_default_makes_the_report_confidential(
        secret_category):
    assert file_report(secret_category).is_confidential


def test_a_failure_while_storing_leaves_no_row_and_no_file(category, media_root, monkeypatch):
    fail_second_attachment(monkeypatch)
    files = [clean("a.jpg", image_bytes()), clean("b.png", image_bytes("PNG"))]
    with pytest.raises(OSError):
        file_report(category, files=files)
    assert not Complaint.objects.exists()
    assert not Event.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_colliding_tracking_code_is_retried(category, monkeypatch):
    first = file_report(category)
    generated = iter([first.tracking_code, "LPR-ZZZZ2345"])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(generated))
    assert file_report(category).tracking_code == "LPR-ZZZZ2345"


@pytest.mark.django_db(transaction=True)
def test_a_colliding_code_files_the_report_once_with_its_photo(category, monkeypatch,
                                                                media_root):
    first = file_report(category)
    generated = iter([first.tracking_code, "LPR-ZZZZ2345"])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(generated))
    second = file_report(category, files=[clean("foto.jpg", image_bytes())])
    assert second.tracking_code == "LPR-ZZZZ2345"
    assert Complaint.objects.count() == 2 and Event.objects.count() == 2
    assert Notification.objects.filter(kind="receipt").count() == 2
    (attachment,) = Attachment.objects.all()
    # The first attempt's files were deleted with its rows: only the stored ones remain.
    assert len(stored_files(media_root)) == 1  # the photo
    assert attachment.complaint == second and attachment.file.read()


def test_every_code_taken_is_an_error_not_a_half_saved_report(category, monkeypatch):
    first = file_report(category)
    monkeypatch.setattr(codes, "new_tracking_code", lambda: first.tracking_code)
    with pytest.raises(RuntimeError):
        file_report(category)
    assert Complaint.objects.count() == 1 and Notification.objects.count() == 1


def worker_sees_tasks():
    """What the worker's own connection finds queued (committed rows only)."""
    return at_once(lambda: len(queued_functions()), times=1)[0]


@pytest.mark.django_db(transaction=True)
def test_the_receipt_commits_with_the_report_and_the_worker_sends_the_code_and_link(
        category, mailoutbox):
    with transaction.atomic():
        complaint = file_report(category)
        receipt = complaint.notifications.get()
        assert receipt.handed_over_at is None  # written without a task
        assert at_once(lambda: len(hand_over_receipts()), times=1) == [0]  # not committed yet
    assert queued_functions() == []
    assert at_once(lambda: hand_over_receipts(), times=1) == [[receipt.pk]]
    assert worker_sees_tasks() == 1 and queued_functions() == ["complaints.tasks.deliver"]
    assert run_queued_tasks() == ["budi@warga.test"]
    (mail,) = mailoutbox
    assert mail.to == ["budi@warga.test"]
    assert complaint.tracking_code in mail.subject
    assert complaint.secret_key in mail.body and "Nomor tiket" in mail.body
    assert complaint.secret_key in mail.alternatives[0][0]


@pytest.mark.django_db(transaction=True)
def test_a_report_rolled_back_leaves_no_receipt_and_no_task(category):
    with pytest.raises(RuntimeError), transaction.atomic():
        file_report(category)
        raise RuntimeError("the request failed after filing")
    assert not Complaint.objects.exists() and not Notification.objects.exists()
    assert queued_functions() == []


def test_a_web_report_with_only_a_phone_gets_its_receipt_by_sms(
        category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_report(category, reporter_email="", reporter_phone="+6281234567890")
    receipt = complaint.notifications.get()
    assert (receipt.kind, receipt.channel, receipt.recipient) == (
        "receipt", "sms", "+6281234567890")


def test_the_account_s_address_receives_the_receipt_when_the_form_had_none(
        category, people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file_report(category, user=people.frank, reporter_email="", reporter_phone="")
    run_queued_tasks()
    assert [m.to for m in mailoutbox] == [["frank@lapor.test"]]


def test_a_coordinator_or_a_unit_may_record_a_report_but_the_worker_may_not(category):
    report = services.Report(kind="complaint", title="Dari WhatsApp", description="isi",
                             category=category, reporter_phone="+6281234567890")
    assert services.submit_complaint(report=report, actor="coordinator", channel="whatsapp")
    assert services.submit_complaint(report=report, actor="unit", channel="instagram")
    with pytest.raises(TransitionNotAllowed):
        services.submit_complaint(report=report, actor="system")


def test_a_receipt_is_handed_over_once_and_sent_once(category, mailoutbox):
    first, second = file_report(category), file_report(category)
    receipts = [first.notifications.get().pk, second.notifications.get().pk]
    assert hand_over_receipts() == receipts  # oldest first
    assert hand_over_receipts() == []
    assert queued_functions() == ["complaints.tasks.deliver"] * 2
    assert run_queued_tasks() == ["budi@warga.test"] * 2
    assert run_queued_tasks() == []
    assert len(mailoutbox) == 2
    assert all(row.handed_over_at for row in Notification.objects.all())


def test_receipts_past_the_limit_wait_for_the_next_hand_over(category):
    filed = [file_report(category).notifications.get().pk for _ in range(3)]
    assert hand_over_receipts(limit=2) == filed[:2]
    assert hand_over_receipts(limit=2) == filed[2:]


def test_a_hand_over_that_fails_queues_nothing_and_leaves_the_receipt_waiting(
        category, monkeypatch):
    from complaints import notifications

    receipt = file_report(category).notifications.get()

    def broken_queue(*args, **kwargs):
        raise OSError("the queue's table is full")

    monkeypatch.setattr(notifications, "async_task", broken_queue)
    with pytest.raises(OSError):
        hand_over_receipts()
    receipt.refresh_from_db()
    assert receipt.handed_over_at is None and queued_functions() == []
    monkeypatch.undo()
    assert hand_over_receipts() == [receipt.pk]


@pytest.mark.django_db(transaction=True)
def test_two_workers_handing_over_at_once_queue_each_receipt_once(category):
    filed = {file_report(category).notifications.get().pk for _ in range(40)}
    handed = at_once(hand_over_receipts, times=2)
    assert sorted(handed[0] + handed[1]) == sorted(filed)
    assert len(queued_functions()) == 40


def test_messages_queued_with_their_task_are_not_handed_over_again(category):
    from complaints import notifications

    complaint = file_report(category)
    assert len(hand_over_receipts()) == 1
    with transaction.atomic():
        notifications.queue("status_update", "budi@warga.test", complaint=complaint)
    assert queued_functions() == ["complaints.tasks.deliver"] * 2
    assert hand_over_receipts() == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_s_broker_hands_over_receipts_before_it_looks_at_the_queue(category):
    from django_q.signing import SignedPackage

    from complaints.broker import OutboxBroker

    receipt = file_report(category).notifications.get()
    (task,) = OutboxBroker(list_key="lapor").dequeue()
    assert SignedPackage.loads(task[1])["args"] == (receipt.pk,)
    receipt.refresh_from_db()
    assert receipt.handed_over_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_report_is_written_in_one_statement_outside_a_transaction(
        category, django_assert_num_queries, media_root):
    photo = clean("foto.jpg", image_bytes())
    with django_assert_num_queries(2) as queries:  # the stage's calendar, then the report
        complaint = file_report(category, files=[photo])
    assert "WITH r0 AS (INSERT INTO" in queries.captured_queries[1]["sql"]
    assert complaint.attachments.get().event == complaint.events.get()
    assert complaint.notifications.get().kind == "receipt"
    assert queued_functions() == []  # the worker's broker queues the receipt
    with django_assert_num_queries(1):  # the calendar this process read is kept
        file_report(category)


@pytest.mark.django_db(transaction=True)
def test_a_kept_calendar_with_holidays_is_found_unchanged(category, django_assert_num_queries,
                                                          media_root):
    from complaints.models import Holiday

    for day in ["2026-12-25", "2026-08-17", "2027-01-01", "2026-12-24"]:
        Holiday.objects.create(date=day, name="Libur", kind="national")
    file_report(category)  # reads the calendar and keeps it
    with django_assert_num_queries(1):  # the report alone: the condition holds, no retry
        file_report(category)
    assert Complaint.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["holiday", "policy"])
def test_a_calendar_changed_since_this_process_read_it_is_never_stored(
        category, change, django_assert_num_queries, media_root, time_machine):
    from complaints.models import DeadlinePolicy, Holiday

    time_machine.move_to("2026-12-01 09:00 +07:00")  # a Tuesday
    first = file_report(category)  # the calendar is kept from here on
    assert first.due_at.date().isoformat() == "2026-12-03"  # three working days
    # Another node (or a coordinator) changes the calendar in the tables.
    if change == "holiday":
        Holiday.objects.create(date="2026-12-02", name="Libur daerah", kind="regional")
    else:
        DeadlinePolicy.objects.create(stage="verification", working_days=5)
    photo = clean("foto.jpg", image_bytes())
    with django_assert_num_queries(3):  # refused whole, the calendar read anew, filed
        second = file_report(category, files=[photo])
    expected = {"holiday": "2026-12-04", "policy": "2026-12-07"}[change]
    second.refresh_from_db()
    assert second.due_at.date().isoformat() == expected
    assert Complaint.objects.count() == 2 and Event.objects.count() == 2
    assert Notification.objects.filter(kind="receipt").count() == 2
    assert second.attachments.count() == 1
    assert len(stored_files(media_root)) == 1  # the refused attempt's copy is deleted
