"""The public map of public reports: the page (Leaflet, static/js/map.js) and its data."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from complaints import pins, selectors
from complaints.models import Category


def public_map(request):
    category = _category(request)
    data_url = reverse("complaints:public_map_data") + (f"?kategori={category}" if category
                                                          else "")
    return render(request, "complaints/public_map.html", {
        "categories": Category.objects.filter(is_active=True).values_list("pk", "name"),
        "category": category, "data_url": data_url})


def _category(request) -> int | None:
    value = request.GET.get("kategori", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def public_map_data(request):
    """Pins or counted cells of the public reports still being handled in the box the map
    shows (`kotak`), optionally of one category; nothing confidential, unverified or set
    aside."""
    complaints = selectors.public_map_reports(category=_category(request))
    bounds = pins.parse_bounds(request.GET.get("kotak", ""), pins.region_bounds())
    response = JsonResponse(pins.pins(complaints, bounds, lambda row: reverse(
        "complaints:public_detail", args=[row["tracking_code"]])))
    response["Cache-Control"] = "public, max-age=30"
    return response
