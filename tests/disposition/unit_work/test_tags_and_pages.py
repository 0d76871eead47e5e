"""Labels from a managed list filter the workbench, the dashboard and exports; pages keep a
constant number of queries with sub-units, labels and many progress updates."""

import pytest
from django.urls import reverse

from complaints.models import Tag
from complaints.workflow import TransitionNotAllowed
from disposition import services
from tests.disposition.helpers import dispose_to, in_progress
from tests.disposition.workbench.pages import listed, queries_for, url
from tests.factories import file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(db):
    return [Tag.objects.create(name="banjir 2026"), Tag.objects.create(name="stunting")]


def test_coordinators_and_units_label_reports_from_the_managed_list(complaint, units, people,
                                                                     tags):
    dispose_to(complaint, units.dpu, people.alice)
    services.set_tags(complaint=complaint, user=people.alice, tags=[tags[0]])
    services.set_tags(complaint=complaint, user=people.bob, tags=tags)
    assert sorted(complaint.tags.values_list("name", flat=True)) == ["banjir 2026", "stunting"]
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.set_tags(complaint=complaint, user=people.dave, tags=[])
    # A retired label stays where it is, and is given to no new report.
    Tag.objects.filter(pk=tags[1].pk).update(is_active=False)
    services.set_tags(complaint=complaint, user=people.bob, tags=[tags[0], tags[1]])
    other = dispose_to(file_report(complaint.category), units.dpu, people.alice)
    retired = Tag.objects.get(pk=tags[1].pk)
    with pytest.raises(TransitionNotAllowed, match="Label tidak aktif: stunting"):
        services.set_tags(complaint=other, user=people.bob, tags=[retired])
    assert not other.tags.exists()


def test_labels_filter_the_workbench_the_dashboard_and_the_export(client, complaint, category,
                                                                  units, people, tags):
    dispose_to(complaint, units.dpu, people.alice)
    untagged = dispose_to(file_report(category, title="Tanpa label"), units.dpu, people.alice)
    services.set_tags(complaint=complaint, user=people.alice, tags=[tags[0]])
    client.force_login(people.bob)
    assert listed(client.get(url("changelist"), {"tags__id__exact": tags[0].pk})) == [
        complaint.tracking_code]
    export = b"".join(client.get(url("export"), {"tags__id__exact": tags[0].pk})
                      .streaming_content).decode()
    assert complaint.tracking_code in export and untagged.tracking_code not in export
    assert "banjir 2026" in export
    client.force_login(people.alice)
    dashboard = client.get(reverse("disposition:dashboard"), {"label": tags[0].pk})
    assert dashboard.context["figures"]["received"] == 1
    assert client.get(reverse("disposition:dashboard")).context["figures"]["received"] == 2


def test_the_workbench_page_shows_labels_and_takes_them(client, complaint, units, people, tags):
    dispose_to(complaint, units.dpu, people.alice)
    client.force_login(people.bob)
    response = client.post(reverse("admin:complaints_complaint_action",
                                   args=[complaint.pk, "tag"]), {"tags": [tags[1].pk]})
    assert response.status_code == 302
    assert "stunting" in client.get(url("change", complaint.pk)).content.decode()


def test_the_complaint_page_keeps_its_queries_with_sub_units_labels_and_progress(
        client, category, units, people, tree, tags):
    client.force_login(people.charlie)
    short = in_progress(file_report(category), units.dpu, people.alice, people.bob)
    long = in_progress(file_report(category), units.dpu, people.alice, people.bob)
    for complaint in (short, long):
        services.delegate(complaint=complaint, user=people.charlie, sub_unit=tree.binamarga)
        services.set_tags(complaint=complaint, user=people.alice, tags=tags[:1])
        services.publish_progress(complaint=complaint, user=tree.hana, text="Tahap 1.")
    services.set_tags(complaint=long, user=people.alice, tags=tags)
    for n in range(8):
        services.publish_progress(complaint=long, user=tree.hana, text=f"Tahap {n + 2}.")
    assert queries_for(client, url("change", long.pk)) == queries_for(client,
                                                                      url("change", short.pk))


def test_the_lists_keep_their_queries_with_sub_units_and_labels(client, category, units,
                                                                people, tree, tags,
                                                                monkeypatch):
    from complaints import deadlines

    def first_page(user):
        client.force_login(user)
        return (queries_for(client, url("changelist")),
                queries_for(client, reverse("disposition:dashboard")))

    complaint = in_progress(file_report(category), units.dpu, people.alice, people.bob)
    services.delegate(complaint=complaint, user=people.charlie, sub_unit=tree.binamarga)
    # A first visit fills the per-process caches (the holidays shown in ages, read once a
    # minute; kept for the test): counted after it, the pages differ only by their reports.
    monkeypatch.setattr(deadlines, "_DISPLAY_CACHE_SECONDS", 3600)
    for user in (people.alice, people.bob, tree.hana):
        first_page(user)
    few = {user: first_page(user) for user in (people.alice, people.bob, tree.hana)}
    for _ in range(6):
        more = in_progress(file_report(category), units.dpu, people.alice, people.bob)
        services.delegate(complaint=more, user=people.charlie, sub_unit=tree.upt)
        services.set_tags(complaint=more, user=people.alice, tags=tags)
    assert {user: first_page(user) for user in few} == few
