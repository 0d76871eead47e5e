import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lapor import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("ON", True), ("false", False), ("0", False), ("no", False)],
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("LAPOR_TEST_FLAG", raw)
    assert env.env_bool("LAPOR_TEST_FLAG", None) is expected


def test_env_bool_rejects_a_word_it_does_not_know(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="LAPOR_TEST_FLAG='maybe' is not a boolean"):
        env.env_bool("LAPOR_TEST_FLAG", False)


def test_missing_value_takes_the_default_and_blank_counts_as_missing(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_NUMBER", "  ")
    assert env.env_int("LAPOR_TEST_NUMBER", 7) == 7


def test_required_value_without_default_is_an_error(monkeypatch):
    monkeypatch.delenv("LAPOR_TEST_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="LAPOR_TEST_SECRET is required"):
        env.env_str("LAPOR_TEST_SECRET")


def test_env_int_rejects_text_and_out_of_range(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="LAPOR_TEST_NUMBER='ten' is not a whole"):
        env.env_int("LAPOR_TEST_NUMBER", 1)
    monkeypatch.setenv("LAPOR_TEST_NUMBER", "-5")
    with pytest.raises(ImproperlyConfigured, match="outside 0"):
        env.env_int("LAPOR_TEST_NUMBER", 1, minimum=0)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_HOSTS", "lapor.go.id, www.lapor.go.id ,")
    assert env.env_list("LAPOR_TEST_HOSTS", []) == ["lapor.go.id", "www.lapor.go.id"]


def test_time_zone_must_exist(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_TZ", "Asia/Makassar")
    assert env.env_time_zone("LAPOR_TEST_TZ", "Asia/Jakarta") == "Asia/Makassar"
    monkeypatch.setenv("LAPOR_TEST_TZ", "Asia/Bandung")
    with pytest.raises(ImproperlyConfigured, match="LAPOR_TEST_TZ='Asia/Bandung'"):
        env.env_time_zone("LAPOR_TEST_TZ", "Asia/Jakarta")


def test_database_url_must_be_postgresql(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_DB", "sqlite:///tmp/x.db")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL only"):
        env.env_database("LAPOR_TEST_DB", conn_max_age=0)


def test_database_url_keeps_connections_with_health_checks(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_DB", "postgres://u:p@db.example:5433/lapor")
    config = env.env_database("LAPOR_TEST_DB", conn_max_age=600)
    assert (config["NAME"], config["PORT"], config["CONN_MAX_AGE"]) == ("lapor", 5433, 600)
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["ENGINE"] == "lapor.postgresql"  # its check needs no round trip
    assert "prepare_threshold" not in config.get("OPTIONS", {})  # the backend's own default


def test_prepared_statements_can_be_turned_off_for_a_pooler(monkeypatch):
    monkeypatch.setenv("LAPOR_TEST_DB", "postgres://u:p@db.example:6432/lapor")
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    assert env.env_database("LAPOR_TEST_DB", conn_max_age=0)["OPTIONS"] == {
        "prepare_threshold": None}
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PREPARED_STATEMENTS"):
        env.env_database("LAPOR_TEST_DB", conn_max_age=0)


def start_django(**overrides):
    """Import the real settings in a fresh interpreter with the given environment."""
    environment = {k: v for k, v in os.environ.items() if k not in overrides}
    environment.update({k: v for k, v in overrides.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT, env={**environment, "DJANGO_SETTINGS_MODULE": "lapor.settings"},
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "sometimes"),
        ("TIME_ZONE", "Jakarta"),
        ("CONN_MAX_AGE", "forever"),
        ("EMAIL_PORT", "99999"),
        ("DATABASE_URL", "mysql://root@localhost/lapor"),
        ("LOG_LEVEL", "LOUD"),
        ("LAPOR_ESCALATION_LADDER", "0:bupati"),
        ("LAPOR_WHATSAPP_PROVIDER", "twilio"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = start_django(**{variable: value, "DEBUG": "true" if variable != "DEBUG" else value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_production_needs_a_secret_key():
    result = start_django(DEBUG="false", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_starts_with_a_secret_key():
    result = start_django(DEBUG="false", SECRET_KEY="s" * 50, ALLOWED_HOSTS="lapor.example")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_settings_in_force_for_the_suite(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.DATABASES["default"]["ENGINE"] == "lapor.postgresql"
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize(("raw", "expected"), [
    ("0:unit,2:coordinator", ((0, "unit"), (2, "coordinator"))),
    ("1:coordinator", ((1, "coordinator"),)),
])
def test_the_escalation_ladder_is_read_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("LAPOR_TEST_LADDER", raw)
    assert env.env_ladder("LAPOR_TEST_LADDER", "0:unit", ("unit", "coordinator")) == expected


@pytest.mark.parametrize("raw", ["0:bupati", "x:unit", "2:unit,1:coordinator", "0unit"])
def test_a_wrong_ladder_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("LAPOR_TEST_LADDER", raw)
    with pytest.raises(ImproperlyConfigured, match="LAPOR_TEST_LADDER"):
        env.env_ladder("LAPOR_TEST_LADDER", "0:unit", ("unit", "coordinator"))


def test_the_webhook_gateway_needs_its_address_and_secret():
    result = start_django(DEBUG="true", LAPOR_SMS_PROVIDER="webhook",
                          LAPOR_SHORT_MESSAGE_WEBHOOK_URL=None,
                          LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET=None)
    assert result.returncode != 0 and "LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET" in result.stderr


def test_whatsapp_switched_on_without_its_provider_refuses_to_start_naming_the_variable():
    result = start_django(DEBUG="true", LAPOR_WHATSAPP_PROVIDER="cloud",
                          LAPOR_WHATSAPP_TOKEN="token", LAPOR_WHATSAPP_PHONE_NUMBER_ID="1234",
                          LAPOR_WHATSAPP_APP_SECRET=None, LAPOR_WHATSAPP_VERIFY_TOKEN="v",
                          LAPOR_WHATSAPP_TEMPLATE="lapor_pembaruan")
    assert result.returncode != 0 and "LAPOR_WHATSAPP_APP_SECRET" in result.stderr
