import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import Complaint
from tests.complaints.conftest import image_bytes
from tests.factories import advance, answered, file_report


def act(client, complaint, action, data):
    url = reverse("complaints:reporter_action", args=[complaint.secret_key, action])
    return client.post(url, {f"{action}-{key}": value for key, value in data.items()})


@pytest.fixture
def done(category, units):
    return answered(file_report(category), units.dpu)


def test_adding_information_with_a_photo(client, category):
    waiting = advance(file_report(category), ("request_info", "coordinator", "Foto?"))
    response = act(client, waiting, "provide_info", {
        "text": "Ini fotonya.", "attachments": SimpleUploadedFile("f.jpg", image_bytes())})
    assert response.status_code == 302 and "?ok=provide_info" in response["Location"]
    waiting.refresh_from_db()
    assert waiting.state == "submitted"
    assert waiting.attachments.get().event.action == "provide_info"


def test_replying_solving_reopening_and_rating(client, done, category, units):
    assert act(client, done, "reply", {"text": "Terima kasih."}).status_code == 302
    assert act(client, done, "confirm_solved", {}).status_code == 302
    assert act(client, done, "rate", {"score": "5", "comment": "Mantap"}).status_code == 302
    done.refresh_from_db()
    assert (done.state, done.rating, done.rating_comment) == ("closed", 5, "Mantap")
    other = answered(file_report(category), units.dpu)
    assert act(client, other, "reopen", {"reason": "Masih rusak."}).status_code == 302
    assert Complaint.objects.get(pk=other.pk).state == "in_progress"


def test_a_missing_reason_is_shown_next_to_the_field(client, done):
    response = act(client, done, "reopen", {"reason": ""})
    assert response.status_code == 400
    assert "tidak boleh kosong" in response.content.decode()
    assert Complaint.objects.get(pk=done.pk).state == "answered"


@pytest.mark.parametrize("score", ["0", "6", "lima", ""])
def test_a_rating_outside_the_scale_is_refused(client, done, score):
    assert act(client, done, "rate", {"score": score}).status_code == 400
    assert Complaint.objects.get(pk=done.pk).rating is None


def test_an_action_in_the_wrong_state_is_refused_with_a_message(client, category):
    complaint = file_report(category)
    response = act(client, complaint, "confirm_solved", {})
    assert response.status_code == 409
    assert "tidak dapat dilakukan pada laporan berstatus" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).state == "submitted"


def test_rating_twice_is_refused(client, done):
    act(client, done, "rate", {"score": "3"})
    assert act(client, done, "rate", {"score": "5"}).status_code == 409
    assert Complaint.objects.get(pk=done.pk).rating == 3


def test_an_unknown_action_or_key_is_not_found_and_get_is_not_allowed(client, done):
    assert act(client, done, "archive", {}).status_code == 404
    bad = reverse("complaints:reporter_action", args=["y" * 43, "reply"])
    assert client.post(bad, {"reply-text": "hai"}).status_code == 404
    url = reverse("complaints:reporter_action", args=[done.secret_key, "reply"])
    assert client.get(url).status_code == 405
