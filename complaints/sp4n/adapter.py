"""Adapters to the national SP4N-LAPOR! API. The API's documentation is given to a region's
registered developer; `JsonApiAdapter` speaks the shapes documented in docs/sp4n.md, and a
region whose documentation differs writes its own adapter with the same two methods and names
it in LAPOR_SP4N_ADAPTER."""

import urllib.parse

from django.conf import settings
from django.utils.module_loading import import_string

from lapor.channels.http import get_json, post_json


class Sp4nAdapter:
    def fetch_routed(self, since) -> list[dict]:
        """The reports routed to this region since `since` (an aware datetime or None), as
        the national API gives them."""
        raise NotImplementedError

    def push(self, national_id: str, payload: dict) -> None:
        """Send one follow-up (disposition, answer, closing) back; raises ProviderError."""
        raise NotImplementedError


class JsonApiAdapter(Sp4nAdapter):
    """GET {base}/laporan?sejak=… and POST {base}/laporan/{id}/tindak-lanjut, with a bearer
    token."""

    def _headers(self):
        return {"Authorization": f"Bearer {settings.LAPOR_SP4N_TOKEN}"}

    def fetch_routed(self, since):
        query = urllib.parse.urlencode({"sejak": since.isoformat()} if since else {})
        url = f"{settings.LAPOR_SP4N_BASE_URL.rstrip('/')}/laporan?{query}"
        answer = get_json(url, who="SP4N-LAPOR!", headers=self._headers())
        return answer["data"] if isinstance(answer, dict) and "data" in answer else answer

    def push(self, national_id, payload):
        url = (f"{settings.LAPOR_SP4N_BASE_URL.rstrip('/')}/laporan/"
               f"{urllib.parse.quote(national_id, safe='')}/tindak-lanjut")
        post_json(url, payload, self._headers(), who="SP4N-LAPOR!")


def configured() -> bool:
    return bool(settings.LAPOR_SP4N_ADAPTER)


def adapter() -> Sp4nAdapter:
    return import_string(settings.LAPOR_SP4N_ADAPTER)()
