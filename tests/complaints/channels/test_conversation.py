"""Filing and following a report by WhatsApp, through the real webhook view, the real worker
tasks and the real Cloud API adapter, against the fake Graph API on loopback."""

import pytest
from django.core.files.storage import default_storage

from complaints.models import Complaint, Conversation, InboundMessage, Notification
from disposition import services as government
from tests.complaints.channels.conftest import CITIZEN, committed, say, wa_message, work
from tests.complaints.conftest import image_bytes

pytestmark = pytest.mark.django_db
PHONE = "+" + CITIZEN
STORY = "Jalan di depan SD Negeri 2 Bawen berlubang besar, sudah dua minggu, motor sering jatuh."


def last_reply(graph):
    return graph.texts()[-1]


def file_by_whatsapp(client, graph, *, anonymous="TIDAK"):
    graph.media["FOTO1"] = (image_bytes(), "image/jpeg")
    say(client, wa_message(body=STORY))
    assert "Di mana kejadiannya" in last_reply(graph)
    say(client, wa_message("location", latitude=-7.2451, longitude=110.4321,
                           name="SD Negeri 2 Bawen", address="Jl. Soekarno-Hatta"))
    assert "kirim foto" in last_reply(graph)
    say(client, wa_message("image", media_id="FOTO1"))
    assert "Foto 1 diterima" in last_reply(graph)
    say(client, wa_message(body="lanjut"))
    assert "Rahasiakan identitas" in last_reply(graph)
    say(client, wa_message(body=anonymous))
    assert "SETUJU" in last_reply(graph)
    say(client, wa_message(body="Setuju"))
    return Complaint.objects.get()


def answered_by_dishub(complaint, people, units, answer):
    with committed():
        government.dispose(complaint=complaint, user=people.alice, lead_unit=units.dishub)
        government.accept(complaint=complaint, user=people.dave)
        government.save_draft(complaint=complaint, user=people.dave, text=answer)
        government.publish(complaint=complaint, user=people.dave)
    work()


def test_a_whole_conversation_from_the_first_message_to_the_rating(
        client, graph, people, units, category, media_root):
    complaint = file_by_whatsapp(client, graph)
    # Filed through the same service as the web form, with the phone as the contact.
    assert (complaint.channel_id, complaint.reporter_phone, complaint.description) == (
        "whatsapp", PHONE, STORY)
    assert complaint.title.startswith("Jalan di depan SD Negeri 2 Bawen")
    assert (float(complaint.latitude), float(complaint.longitude)) == (-7.2451, 110.4321)
    assert complaint.address == "SD Negeri 2 Bawen" and not complaint.location_outside_region
    assert complaint.attachments.get().content_type == "image/jpeg"
    assert complaint.consent_at is not None and not complaint.is_anonymous
    receipt = last_reply(graph)
    assert complaint.tracking_code in receipt and complaint.secret_key in receipt
    assert Conversation.objects.get().step == "filed"
    assert InboundMessage.objects.filter(complaint=complaint).count() == 6
    # The government side works as for any report; the answer reaches the phone in full.
    answer = "Lubang sudah kami tambal pada 20 November; rambu peringatan dipasang."
    answered_by_dishub(complaint, people, units, answer)
    assert answer in last_reply(graph) and "SELESAI" in last_reply(graph)
    # The reporter closes and rates it by WhatsApp, through the reporter's services.
    say(client, wa_message(body="SELESAI"))
    complaint.refresh_from_db()
    assert complaint.state == "closed" and "ditutup" in last_reply(graph)
    say(client, wa_message(body="5"))
    complaint.refresh_from_db()
    assert complaint.rating == 5 and "Terima kasih atas penilaian" in last_reply(graph)
    # Every message went out as free text inside the 24-hour window, with the bearer token.
    assert {body["type"] for _path, _auth, body in graph.sent} == {"text"}
    assert {auth for _path, auth, _body in graph.sent} == {"Bearer token-uji"}
    assert all(path.endswith("/109876543210/messages") for path, _auth, _body in graph.sent)
    assert set(Notification.objects.filter(channel="whatsapp").values_list(
        "status", flat=True)) == {"sent"}


def test_an_anonymous_reporter_is_asked_and_kept_anonymous(client, graph, category, units,
                                                          media_root):
    complaint = file_by_whatsapp(client, graph, anonymous="ya")
    assert complaint.is_anonymous and complaint.reporter_phone == PHONE


def test_batal_cancels_and_nothing_is_kept(client, graph, category, media_root):
    graph.media["FOTO1"] = (image_bytes(), "image/jpeg")
    say(client, wa_message(body=STORY))
    say(client, wa_message("image", media_id="FOTO1"))  # not asked for yet: taken as a place?
    say(client, wa_message(body="Bawen"))
    say(client, wa_message("image", media_id="FOTO1"))
    conversation = Conversation.objects.get()
    photo = conversation.photos[0]
    assert default_storage.exists(photo)
    say(client, wa_message(body="batal"))
    conversation.refresh_from_db()
    assert conversation.step == "cancelled" and conversation.description == ""
    assert conversation.photos == [] and not default_storage.exists(photo)
    assert not InboundMessage.objects.exclude(text="").exists()
    assert not Complaint.objects.exists() and "dibatalkan" in last_reply(graph)


def test_no_consent_files_nothing(client, graph, category):
    say(client, wa_message(body=STORY))
    say(client, wa_message(body="Kecamatan Bawen, dekat pasar"))
    say(client, wa_message(body="lanjut"))
    say(client, wa_message(body="tidak"))
    say(client, wa_message(body="nanti saja"))
    assert not Complaint.objects.exists() and "belum dikirim" in last_reply(graph)
    assert Conversation.objects.get().step == "consent"


def test_a_place_name_finds_its_kecamatan(client, graph, category, district):
    say(client, wa_message(body=STORY))
    say(client, wa_message(body=f"Depan pasar, {district.name}"))
    assert Conversation.objects.get().district == district


def test_a_draft_left_a_day_expires_and_is_forgotten(client, graph, category, media_root):
    from datetime import timedelta

    from django.utils import timezone

    from complaints.conversations.dialogue import expire_stale

    say(client, wa_message(body=STORY))
    Conversation.objects.update(updated_at=timezone.now() - timedelta(hours=25))
    assert expire_stale() == 1
    conversation = Conversation.objects.get()
    assert conversation.step == "expired" and conversation.description == ""
    say(client, wa_message(body="Halo"))  # a new conversation starts
    assert Conversation.objects.filter(step="what").count() == 1


def test_a_location_outside_the_region_is_accepted_and_marked(client, graph, category):
    say(client, wa_message(body=STORY))
    say(client, wa_message("location", latitude=-6.2, longitude=106.8, name="Jakarta"))
    assert "di luar" in graph.texts()[-2]
    say(client, wa_message(body="lanjut"))
    say(client, wa_message(body="tidak"))
    say(client, wa_message(body="setuju"))
    assert Complaint.objects.get().location_outside_region


def test_a_long_message_with_emoji_is_kept_whole(client, graph, category):
    story = ("Air PDAM mati 🚱 sejak Senin. " * 150)[:4000]
    say(client, wa_message(body=story))
    for answer in ["Ambarawa", "lanjut", "tidak", "setuju"]:
        say(client, wa_message(body=answer))
    complaint = Complaint.objects.get()
    assert complaint.description == story.strip() and len(complaint.title) <= 150


def test_a_photo_that_cannot_be_downloaded_is_said_and_the_draft_waits(client, graph, category):
    say(client, wa_message(body=STORY))
    say(client, wa_message(body="Bawen"))
    say(client, wa_message("image", media_id="HILANG"))  # the fake has no such media
    assert "gagal kami unduh" in last_reply(graph)
    assert Conversation.objects.get().photos == [] and not Complaint.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_with_the_reason(client, graph, category):
    graph.media["PALSU"] = (b"<html><script>alert(1)</script></html>", "image/jpeg")
    say(client, wa_message(body=STORY))
    say(client, wa_message(body="Bawen"))
    say(client, wa_message("image", media_id="PALSU"))
    assert "tidak dapat kami terima" in last_reply(graph)
    assert Conversation.objects.get().photos == []


def test_status_tells_the_filer_more_than_another_phone(client, graph, category, media_root):
    complaint = file_by_whatsapp(client, graph)
    say(client, wa_message(body=f"status {complaint.tracking_code.lower()}"))
    assert "Menunggu verifikasi" in last_reply(graph)
    assert complaint.secret_key in last_reply(graph)
    say(client, wa_message(body=f"STATUS {complaint.tracking_code}", sender="6281399990000"))
    assert "Menunggu verifikasi" in last_reply(graph)
    assert complaint.secret_key not in last_reply(graph)
    say(client, wa_message(body="STATUS LPR-ZZZZ2345"))
    assert "tidak kami temukan" in last_reply(graph)


def test_belum_needs_a_reason_then_reopens(client, graph, people, units, category, media_root):
    complaint = file_by_whatsapp(client, graph)
    answered_by_dishub(complaint, people, units, "Sudah ditambal.")
    say(client, wa_message(body="BELUM"))
    assert "Tulis alasannya" in last_reply(graph)
    say(client, wa_message(body="belum lubangnya masih ada"))
    complaint.refresh_from_db()
    assert complaint.state == "in_progress"
    assert complaint.events.latest("at").note == "lubangnya masih ada"
    say(client, wa_message(body="SELESAI"))  # nothing is answered now: refused politely
    assert "tidak menemukan laporan" in last_reply(graph)


def test_a_voice_note_is_answered_with_what_lapor_can_read(client, graph, category):
    say(client, wa_message("audio"))
    assert "belum dapat kami baca" in last_reply(graph) and not Conversation.objects.exists()


def test_a_question_from_the_coordinator_is_answered_by_whatsapp(client, graph, people, units,
                                                                 category, media_root):
    complaint = file_by_whatsapp(client, graph)
    with committed():
        government.request_info(complaint=complaint, user=people.alice,
                                question="Di sisi jalan yang mana lubangnya?")
    work()
    assert "Di sisi jalan yang mana lubangnya?" in last_reply(graph)
    assert "LENGKAPI" in last_reply(graph)
    say(client, wa_message(body="LENGKAPI sisi timur, depan toko Makmur"))
    complaint.refresh_from_db()
    assert complaint.state == "submitted" and "diperiksa kembali" in last_reply(graph)
    assert complaint.events.latest("at").note == "sisi timur, depan toko Makmur"


def test_a_question_from_the_unit_is_answered_by_whatsapp(client, graph, people, units,
                                                         category, media_root):
    complaint = file_by_whatsapp(client, graph)
    with committed():
        government.dispose(complaint=complaint, user=people.alice, lead_unit=units.dpu)
        government.accept(complaint=complaint, user=people.bob)
        government.ask_reporter(complaint=complaint, user=people.bob,
                                question="Lubangnya di depan rumah nomor berapa?")
    work()
    assert "Lubangnya di depan rumah nomor berapa?" in last_reply(graph)
    assert "JAWAB" in last_reply(graph)
    say(client, wa_message(body="JAWAB"))
    assert "Tulis JAWAB diikuti" in last_reply(graph)
    say(client, wa_message(body="JAWAB depan nomor 14"))
    complaint.refresh_from_db()
    assert complaint.state == "in_progress" and "teruskan ke unit kerja" in last_reply(graph)
    assert complaint.events.latest("at").action == "answer_question"
