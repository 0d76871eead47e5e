"""The read replica: off by default; when configured, the dashboards and exports read from it
and nothing else does; writes and migrations stay on the primary."""

import pytest
from django.test import RequestFactory

from accounts.models import Unit
from lapor import replica
from lapor.replica import REPLICA, ReplicaRouter, reads_replica

ROUTER = ReplicaRouter()
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, REPLICA: {**settings.DATABASES["default"]}}


def read_inside_a_marked_view():
    @reads_replica
    def view(request):
        return ROUTER.db_for_read(Unit)

    return view(RequestFactory().get("/"))


def test_without_a_replica_every_read_goes_to_the_primary():
    assert read_inside_a_marked_view() is None


def test_a_marked_view_reads_the_replica_and_nothing_else_does(with_replica):
    assert read_inside_a_marked_view() == REPLICA
    assert ROUTER.db_for_read(Unit) is None  # outside the view: the primary again


def test_writes_and_migrations_stay_on_the_primary(with_replica):
    @reads_replica
    def view(request):
        return ROUTER.db_for_write(Unit)

    assert view(RequestFactory().get("/")) == "default"
    assert ROUTER.allow_migrate("default", "complaints")
    assert not ROUTER.allow_migrate(REPLICA, "complaints")


def test_a_streamed_export_reads_the_replica_while_it_streams(with_replica):
    from django.http import StreamingHttpResponse

    @reads_replica
    def view(request):
        return StreamingHttpResponse(ROUTER.db_for_read(Unit) or "default" for _ in range(2))

    response = view(RequestFactory().get("/"))
    assert replica._reading.get() is False  # the view returned
    assert b"".join(response.streaming_content) == b"replicareplica"


def test_a_view_that_fails_leaves_the_primary_behind(with_replica):
    @reads_replica
    def view(request):
        raise ValueError

    with pytest.raises(ValueError):
        view(RequestFactory().get("/"))
    assert ROUTER.db_for_read(Unit) is None


@pytest.mark.parametrize("url", ["/dasbor/", "/statistik/", "/dasbor/ekspor/unit.csv",
                                 "/admin/complaints/complaint/ekspor/"])
def test_the_dashboards_and_exports_are_the_views_that_read_it(client, people, url,
                                                               monkeypatch):
    seen = []
    monkeypatch.setattr(ReplicaRouter, "db_for_read",
                        lambda self, model, **hints: seen.append(replica._reading.get()))
    client.force_login(people.alice)
    response = client.get(url)
    assert response.status_code == 200
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert True in seen


def test_the_filing_form_and_the_workbench_list_read_the_primary(client, people, monkeypatch):
    seen = []
    monkeypatch.setattr(ReplicaRouter, "db_for_read",
                        lambda self, model, **hints: seen.append(replica._reading.get()))
    client.force_login(people.alice)
    assert client.get("/admin/complaints/complaint/").status_code == 200
    assert seen and not any(seen)


def test_the_setting_adds_the_replica_alias(monkeypatch):
    import importlib

    import lapor.settings as project_settings

    monkeypatch.setenv("LAPOR_REPLICA_DATABASE_URL", "postgres://reader@10.0.0.2:5432/lapor")
    try:
        reloaded = importlib.reload(project_settings)
        assert reloaded.DATABASES[REPLICA]["HOST"] == "10.0.0.2"
        assert reloaded.DATABASES[REPLICA]["TEST"] == {"MIRROR": "default"}
        assert reloaded.DATABASE_ROUTERS == ["lapor.replica.ReplicaRouter"]
    finally:
        monkeypatch.delenv("LAPOR_REPLICA_DATABASE_URL")
        importlib.reload(project_settings)
