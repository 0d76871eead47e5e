"""The adapters' HTTP: JSON out, bytes in, every failure a ProviderError (retried)."""

import json
import urllib.error
import urllib.parse
import urllib.request

from lapor.channels.base import ProviderError

TIMEOUT_SECONDS = 20
MEDIA_LIMIT_BYTES = 16 * 1024 * 1024  # WhatsApp's own limit for images and documents


def post_json(url: str, payload: dict, headers: dict, *, who: str) -> dict:
    body = json.dumps(payload).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    return _json(_open(request, who), who)



def get_bytes(url: str, headers: dict, *, who: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            content = response.read(MEDIA_LIMIT_BYTES + 1)
            kind = response.headers.get_content_type()
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts
        raise ProviderError(f"{who}: {error}") from error
    if len(content) > MEDIA_LIMIT_BYTES:
        raise ProviderError(f"{who}: media larger than {MEDIA_LIMIT_BYTES} bytes")
    return content, kind


def _open(request, who):
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        detail = error.read()[:500].decode("utf-8", "replace")
        raise ProviderError(f"{who} answered {error.code}: {detail}") from error
    except (OSError, ValueError) as error:
        raise ProviderError(f"{who}: {error}") from error


def _json(answer, who):
    status, body = answer
    if not 200 <= status < 300:
        raise ProviderError(f"{who} answered {status}")
    try:
        return json.loads(body or b"{}")
    except ValueError as error:
        raise ProviderError(f"{who} answered something that is not JSON") from error


def post_form(url: str, fields: dict, *, who: str):
    """POST application/x-www-form-urlencoded (Open311's POST); the answer as JSON."""
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    return _json(_open(request, who), who)


def get_json(url: str, *, who: str, headers: dict | None = None):
    return _json(_open(urllib.request.Request(url, headers=headers or {}), who), who)
