"""Deployment that passes its own checklist: the README's production block makes `manage.py
check --deploy` report nothing; security.txt; a stricter password for staff."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(settings.BASE_DIR)


def production_block():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    values = {}
    for line in block.splitlines():
        key, _eq, value = line.partition("=")
        values[key] = value
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    values["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return values


def test_the_readme_s_production_settings_pass_check_deploy(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "STATIC_ROOT": str(tmp_path),
           **production_block()}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy",
                             "--fail-level", "WARNING"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_hsts_and_secure_cookies_check_deploy_complains(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "STATIC_ROOT": str(tmp_path),
           **production_block(), "SECURE_HSTS_SECONDS": "0", "SECURE_SSL_REDIRECT": "false",
           "SECURE_COOKIES": "false"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy",
                             "--fail-level", "WARNING"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012"):
        assert check in result.stderr + result.stdout


def test_security_txt_names_the_contact_and_expires(client, settings):
    settings.LAPOR_SECURITY_CONTACT = "keamanan@semarangkab.go.id"
    text = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: mailto:keamanan@semarangkab.go.id" in text
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", text, re.M)
    assert "Preferred-Languages: id, en" in text


@pytest.mark.django_db
def test_staff_passwords_are_longer_and_nobody_s_is_common(people):
    with pytest.raises(ValidationError, match="petugas paling sedikit 12"):
        validate_password("Rahasia-9x!", user=people.bob)
    validate_password("Rahasia-9x!", user=people.frank)  # a citizen: 8 is enough
    with pytest.raises(ValidationError):
        validate_password("password123", user=people.frank)
    validate_password("sungai-kuning-2026-jembatan", user=people.bob)
