"""The maps' container: a div that static/js/map.js turns into a Leaflet map, with the tile
server and the region's box from the settings and its words in the page's language (no
inline script: the CSP forbids it)."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from complaints import geo

register = template.Library()


def _texts():
    return {
        "pick": _("Pilih lokasi di peta"),
        "locate": _("Gunakan lokasi saya"),
        "locating": _("Mencari lokasi Anda…"),
        "located": _("Lokasi terisi. Geser peta atau ketuk tempat lain bila kurang tepat."),
        "failed": _("Lokasi tidak dapat dibaca. Ketuk peta, atau isi lintang dan bujur."),
        "count": _("%s laporan: perbesar untuk melihatnya"),
        "empty": _("Tidak ada laporan di bagian peta ini."),
        "error": _("Data peta tidak dapat dimuat. Coba lagi."),
    }


@register.simple_tag
def report_map(*, data_url="", picker=False, label=""):
    box = geo.region_box()
    texts = format_html_join(" ", 'data-text-{}="{}"', _texts().items())
    return format_html(
        '<div class="report-map{}" role="region" aria-label="{}" data-tiles="{}" '
        'data-attribution="{}" data-box="{},{},{},{}" data-url="{}" data-leaflet-js="{}" '
        'data-leaflet-css="{}" {}></div>',
        " report-map-picker" if picker else "", label, settings.LAPOR_MAP_TILES,
        settings.LAPOR_MAP_ATTRIBUTION, box.south, box.west, box.north, box.east, data_url,
        static("vendor/leaflet/leaflet.js"), static("vendor/leaflet/leaflet.css"), texts)
