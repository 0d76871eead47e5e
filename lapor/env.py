"""Strict parsing of settings from the environment.

A value that is present but wrong stops start-up with a message naming the variable; a
missing value takes the default given by settings.py (or is an error where there is none).
"""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()


def _raw(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return None
    return value.strip()


def env_str(name, default=_MISSING):
    value = _raw(name, default)
    return default if value is None else value


def env_bool(name, default=_MISSING):
    value = _raw(name, default)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean; use true/false (or 1/0)."
    )


def env_int(name, default=_MISSING, *, minimum=None, maximum=None):
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a whole number."
        ) from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(
            f"Environment variable {name}={number} is outside {minimum}..{maximum}."
        )
    return number


def env_list(name, default=_MISSING):
    value = _raw(name, default)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name, choices, default=_MISSING):
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} must be one of: {', '.join(choices)}."
        )
    return value


def env_time_zone(name, default=_MISSING):
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a known time zone "
            "(e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)."
        ) from None
    return value


def env_database(name, default=_MISSING, *, conn_max_age):
    import dj_database_url

    value = env_str(name, default)
    try:
        config = dj_database_url.parse(
            value, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
        )
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a valid database URL: {exc}"
        ) from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"Environment variable {name} must point at PostgreSQL (postgres://...); "
            "lapor runs on PostgreSQL only."
        )
    # Django's backend, with a health check that costs no round trip (lapor/postgresql).
    config["ENGINE"] = "lapor.postgresql"
    # Off behind a pooler in transaction mode that does not keep prepared statements
    # (PgBouncer before 1.21, or without max_prepared_statements).
    if not env_bool("DATABASE_PREPARED_STATEMENTS", True):
        config.setdefault("OPTIONS", {})["prepare_threshold"] = None
    return config


def env_ladder(name, default, audiences):
    """'0:unit,2:coordinator' → ((0, 'unit'), (2, 'coordinator')): working days after a
    deadline, in increasing order, and who is told."""
    steps = []
    for item in env_list(name, default.split(",")):
        days, _sep, audience = item.partition(":")
        if not days.isdigit() or audience not in audiences:
            raise ImproperlyConfigured(
                f"Environment variable {name}: {item!r} must look like 2:coordinator, with "
                f"one of {', '.join(audiences)} after the colon."
            )
        steps.append((int(days), audience))
    if [d for d, _a in steps] != sorted({d for d, _a in steps}):
        raise ImproperlyConfigured(f"Environment variable {name}: days must increase.")
    return tuple(steps)


def tile_origins(template: str) -> list[str]:
    """The origin a map tile URL template loads from, for the CSP's img-src: none for a local
    path or no tiles; a wildcard host for a "{s}.tile…" subdomain template."""
    from urllib.parse import urlsplit

    parts = urlsplit(template)
    if not parts.scheme or not parts.netloc:
        return []
    return [f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"]
