"""Open311 responses in JSON or XML, with the spec's element names: a list of objects becomes
<root><item>…</item></root>; errors are [{"code", "description"}] or
<errors><error><code/><description/></error></errors>."""

import json
from xml.etree import ElementTree

from django.http import HttpResponse

CONTENT_TYPES = {"json": "application/json; charset=utf-8",
                 "xml": "text/xml; charset=utf-8"}
# The element each list item is wrapped in, by its list's element.
ITEMS = {"services": "service", "service_requests": "request", "errors": "error",
         "attributes": "attribute", "values": "value", "endpoints": "endpoint",
         "formats": "format", "keywords": "keyword"}


def render(data, fmt: str, root: str, *, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        element = ElementTree.Element(root)
        _fill(element, data)
        body = ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES.get(fmt, "json"))


def _fill(element, value):
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), item)
    elif isinstance(value, list):
        tag = ITEMS.get(element.tag, "item")
        for item in value:
            _fill(ElementTree.SubElement(element, tag), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render([{"code": status, "description": description}],
                  fmt if fmt in CONTENT_TYPES else "json", "errors", status=status)
