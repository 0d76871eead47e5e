"""Every page a person meets is valid HTML: the Nu HTML Checker (vnu-jar from npm, on Java)
over the public pages, the citizen's own, the dashboard and the workbench, as the demo's
visitor, citizen, coordinator and unit operator see them. Zero errors."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from complaints.models import Complaint

pytestmark = pytest.mark.django_db
VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def demo(key):
    return Complaint.objects.get(source_reference=f"DEMO-{key}")


def pages():
    """(who, address) for every kind of page."""
    public = demo("jalan-diponegoro")
    private = demo("dijawab")
    anyone = ["/", "/lapor/", "/lacak/", f"/lacak/{public.tracking_code}/",
              f"/lacak/k/{private.secret_key}/", "/laporan/", "/laporan/?q=jalan+rusak",
              f"/laporan/{public.tracking_code}/", f"/laporan/{public.tracking_code}/dukung/",
              "/laporan/peta/", "/statistik/", "/akun/masuk/", "/akun/daftar/",
              "/akun/sandi/", "/admin/login/"]
    anyone.append(f"/lapor/tanda-terima/{demo('baru-1').secret_key}/")
    coordinator = ["/dasbor/", "/dasbor/bulanan/", f"/dasbor/unit/{demo('diproses').lead_unit_id}/",
                   "/akun/2fa/", "/admin/", "/admin/complaints/complaint/",
                   "/admin/complaints/complaint/?antrean=verifikasi",
                   "/admin/complaints/complaint/add/", "/admin/complaints/complaint/peta/",
                   *(f"/admin/complaints/complaint/{demo(key).pk}/change/"
                     for key in ("baru-1", "jalan-diponegoro", "duplikat", "diproses",
                                 "dalam-pengerjaan", "dijawab"))]
    operator = ["/dasbor/", "/admin/complaints/complaint/",
                f"/admin/complaints/complaint/{demo('diproses').pk}/change/"]
    citizen = ["/akun/laporan/", "/akun/data-saya/"]
    return ([(None, page) for page in anyone]
            + [("koordinator@lapor.test", page) for page in coordinator]
            + [("operator.dpu@lapor.test", page) for page in operator]
            + [("warga@lapor.test", page) for page in citizen])


def test_every_page_is_valid_html(tmp_path, settings):
    if not shutil.which("java"):
        pytest.fail("The Nu HTML Checker needs Java: apt-get install -y default-jre-headless")
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    files = {}
    clients = {}
    for who, address in pages():
        client = clients.get(who)
        if client is None:
            client = clients[who] = Client()
            if who:
                client.force_login(User.objects.get(email=who))
        response = client.get(address)
        assert response.status_code == 200, (who, address, response.status_code)
        path = tmp_path / f"page{len(files)}.html"
        path.write_bytes(response.content)
        files[str(path)] = f"{who or 'visitor'} {address}"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
              f"line {m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert errors == [], "\n".join(errors)
