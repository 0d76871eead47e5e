from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from lapor.form_data import FormDataParser


def form_data_middleware(get_response):
    """Multipart bodies are read by lapor.form_data (Django's results, ten times faster)."""

    def middleware(request):
        request.multipart_parser_class = FormDataParser
        return get_response(request)

    return middleware


class LanguageMiddleware:
    """Bahasa Indonesia unless the visitor chose another language (the language cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: many phones in
    Indonesia are set to English, and a regional government portal speaks Indonesian first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Scoped to the request, so a thread that serves or runs something next does not
        # inherit a visitor's language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Compresses pages and data (HTML, JSON, CSV), never photos or PDFs that are compressed
    already. Static files never reach it: WhiteNoise, above it, serves their brotli and gzip
    copies made by collectstatic."""

    COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)
