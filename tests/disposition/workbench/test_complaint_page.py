"""The complaint's workbench page: constant queries, prefilled forms, templates, the reporter's
reason on top, a draft's files."""

import pytest
from django.urls import reverse

from complaints import services as citizen
from disposition import services
from disposition.models import ResponseTemplate
from tests.disposition.helpers import dispose_to, in_progress
from tests.disposition.workbench.pages import action_url, queries_for, url
from tests.factories import file_report

pytestmark = pytest.mark.django_db


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


def test_the_dispose_form_is_prefilled_from_the_category(client, people, units, complaint):
    client.force_login(people.alice)
    response = client.get(url("change", complaint.pk))
    forms = {name: f for name, _a, f in response.context["action_forms"]}
    assert forms["dispose"].initial["lead_unit"] == units.dpu.pk


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
    client.post(action_url(complaint, "draft"), {"template": template.pk, "text": "",
                                                 "completes": "yes"})
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
