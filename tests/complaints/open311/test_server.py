"""An Open311 GeoReport v2 client against lapor's server: discovery, services, a service
definition, POST and GET of requests, in JSON and in XML; keys, limits, bad input; and that
nothing private ever leaves."""

import json
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from accounts import services as accounts
from complaints.models import Complaint
from tests.disposition.helpers import dispose_to
from tests.factories import file_report

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


@pytest.fixture
def key(people):
    _client, key = accounts.issue_api_key(name="Aplikasi Kota", requests_per_hour=5,
                                          actor=people.alice)
    return key


def new_request(**changes):
    data = {"service_code": "jalan", "lat": "-7.2451", "long": "110.4321",
            "description": "Jalan berlubang di depan SD Negeri 2 Bawen, bahaya untuk motor.",
            "email": "warga.kota@example.test", "first_name": "Siti", "last_name": "Aminah"}
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


def test_a_client_walks_discovery_services_post_and_get(client, key, category, units, people):
    discovery = client.get(f"{BASE}/discovery.json").json()
    assert discovery["endpoints"][0]["url"].endswith("/open311/v2")
    services = client.get(f"{BASE}/services.json").json()
    assert {"service_code": "jalan", "service_name": "Jalan dan Jembatan"}.items() <= \
        services[0].items()
    definition = client.get(f"{BASE}/services/jalan.json").json()
    assert definition["attributes"][0]["code"] == "kind"
    posted = client.post(f"{BASE}/requests.json", {**new_request(), "api_key": key})
    assert posted.status_code == 200, posted.content
    code = posted.json()[0]["service_request_id"]
    complaint = Complaint.objects.get(tracking_code=code)
    assert (complaint.channel_id, complaint.api_client.name, complaint.reporter_name) == (
        "api", "Aplikasi Kota", "Siti Aminah")
    # Not public until verified: the API shows it only then.
    assert client.get(f"{BASE}/requests/{code}.json").status_code == 404
    dispose_to(complaint, units.dpu, people.alice)
    (found,) = client.get(f"{BASE}/requests/{code}.json").json()
    assert (found["status"], found["status_notes"], found["agency_responsible"]) == (
        "open", "Didisposisikan", "Dinas Pekerjaan Umum")
    assert found["lat"] == -7.2451 and found["service_code"] == "jalan"
    listed = client.get(f"{BASE}/requests.json", {"status": "open"}).json()
    assert [r["service_request_id"] for r in listed] == [code]


def test_every_method_speaks_valid_utf8_xml_with_the_spec_s_names(client, key, category, units,
                                                                   people):
    complaint = dispose_to(file_report(category, title="Got mampet", address="Jl. Ungaran"),
                           units.dpu, people.alice)
    for path, root, child in [("discovery.xml", "discovery", "endpoints"),
                              ("services.xml", "services", "service"),
                              ("services/jalan.xml", "service_definition", "attributes"),
                              ("requests.xml", "service_requests", "request"),
                              (f"requests/{complaint.tracking_code}.xml", "service_requests",
                               "request")]:
        response = client.get(f"{BASE}/{path}")
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        tree = ElementTree.fromstring(response.content)
        assert tree.tag == root and tree.find(child) is not None, path
    request = ElementTree.fromstring(client.get(f"{BASE}/requests.xml").content).find("request")
    assert request.findtext("service_request_id") == complaint.tracking_code
    assert request.findtext("status") == "open"
    posted = client.post(f"{BASE}/requests.xml", {**new_request(), "api_key": key})
    assert ElementTree.fromstring(posted.content).find("request/service_request_id") is not None


def test_nothing_private_leaves(client, category, secret_category, units, people):
    named = dispose_to(file_report(category, reporter_name="Budi Santoso",
                                   reporter_email="budi@warga.test",
                                   reporter_phone="+6281200001111"), units.dpu, people.alice)
    dispose_to(file_report(secret_category, title="Pungli di loket"), units.dpu, people.alice)
    dispose_to(file_report(category, is_anonymous=True, reporter_name="Sutrisno"),
               units.dpu, people.alice)
    everything = b"".join(client.get(f"{BASE}/requests.{fmt}").content for fmt in
                          ("json", "xml")).decode()
    for secret in ["Budi", "budi@warga.test", "6281200001111", "Sutrisno", "Pungli",
                   named.secret_key]:
        assert secret not in everything
    assert len(client.get(f"{BASE}/requests.json").json()) == 2


@pytest.mark.parametrize("changes, message", [
    ({"service_code": "tidak-ada"}, "service_code tidak dikenal"),
    ({"lat": None, "long": None}, "Lokasi wajib"),
    ({"long": None}, "lat dan long"),
    ({"lat": "abc"}, "lat harus angka"),
    ({"lat": "95"}, "di luar rentang"),
    ({"lat": "NaN"}, "di luar rentang"),
    ({"description": "rusak"}, "description wajib"),
    ({"email": None}, "email atau phone wajib"),
    ({"email": None, "phone": "123"}, "phone tidak dikenali"),
    ({"description": "x" * 6000}, "paling panjang"),
])
def test_bad_input_gets_a_400_in_the_spec_s_format_and_files_nothing(client, key, category,
                                                                     changes, message):
    response = client.post(f"{BASE}/requests.json", {**new_request(**changes), "api_key": key})
    assert response.status_code == 400
    ((error,),) = [response.json()]
    assert error["code"] == 400 and message in error["description"]
    assert not Complaint.objects.exists()


def test_an_address_alone_is_a_location(client, key, category):
    response = client.post(f"{BASE}/requests.json", {
        **new_request(lat=None, long=None), "address_string": "Jl. Diponegoro 12, Ungaran",
        "api_key": key})
    assert response.status_code == 200
    assert Complaint.objects.get().address == "Jl. Diponegoro 12, Ungaran"


@pytest.mark.parametrize("api_key", [None, "", "nonsense", "abcd1234.wrong-secret"])
def test_a_missing_or_wrong_key_is_a_403(client, key, category, api_key):
    data = new_request() if api_key is None else {**new_request(), "api_key": api_key}
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 403 and response.json()[0]["code"] == 403
    assert not Complaint.objects.exists()


def test_a_revoked_key_stops_at_once(client, key, category):
    from accounts.models import ApiClient

    accounts.revoke_api_key(client=ApiClient.objects.get())
    response = client.post(f"{BASE}/requests.json", {**new_request(), "api_key": key})
    assert response.status_code == 403 and not Complaint.objects.exists()


def test_a_flood_from_one_key_is_limited_per_hour(client, key, category):
    statuses = [client.post(f"{BASE}/requests.json", {**new_request(), "api_key": key})
                .status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    assert Complaint.objects.count() == 5


def test_the_key_is_stored_as_a_hash_only(key):
    from accounts.models import ApiClient

    stored = ApiClient.objects.get()
    assert key.split(".")[1] not in json.dumps(list(ApiClient.objects.values()), default=str)
    assert stored.key_prefix == key.split(".")[0] and len(stored.key_hash) == 64


@pytest.mark.parametrize("query", [{"start_date": "kemarin"}, {"status": "maybe"},
                                   {"page_size": "5000"}, {"page": "0"}])
def test_bad_filters_are_a_400(client, query):
    response = client.get(f"{BASE}/requests.json", query)
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_filters_by_code_service_dates_and_status(client, category, units, people):
    from datetime import timedelta

    from django.utils import timezone

    old = dispose_to(file_report(category), units.dpu, people.alice)
    Complaint.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=120))
    new = dispose_to(file_report(category), units.dpu, people.alice)
    codes = lambda **q: [r["service_request_id"] for r in  # noqa: E731
                         client.get(f"{BASE}/requests.json", q).json()]
    assert codes() == [new.tracking_code]  # the last 90 days by default
    assert codes(start_date="2020-01-01") == [new.tracking_code, old.tracking_code]
    assert codes(service_request_id=f"{old.tracking_code},{new.tracking_code}") == [
        new.tracking_code, old.tracking_code]
    assert codes(service_code="lain") == [] and codes(status="closed") == []
    assert codes(start_date="2020-01-01", page_size="1", page="2") == [old.tracking_code]


def test_unknown_things_are_404_in_the_spec_s_format(client, category):
    assert client.get(f"{BASE}/services/tidak-ada.json").json()[0]["code"] == 404
    assert client.get(f"{BASE}/requests/LPR-ZZZZ2345.xml").status_code == 404
    assert client.get(f"{BASE}/requests.yaml").status_code == 404


def test_the_list_runs_the_same_queries_for_1_and_30_requests(client, category, units, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dispose_to(file_report(category), units.dpu, people.alice)
    with CaptureQueriesContext(connection) as one:
        client.get(f"{BASE}/requests.json")
    for _ in range(29):
        dispose_to(file_report(category), units.dpu, people.alice)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{BASE}/requests.json").json()) == 30
    assert len(one) == len(many) <= 3


def test_the_coordinator_issues_a_key_shown_once(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("admin:accounts_apiclient_add"),
                           {"name": "FixMyStreet Ungaran", "contact_email": "dev@fms.test",
                            "requests_per_hour": "100"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("tidak akan ditampilkan lagi" in m for m in shown)
    client.force_login(people.bob)
    assert client.get(reverse("admin:accounts_apiclient_changelist")).status_code == 403
