"""Loads the demo region's categories (see disposition's load_demo command)."""

from accounts.models import Unit
from complaints.models import Category, Tag


def load_categories(categories):
    """Create the categories that are missing; returns how many were created."""
    units = {unit.code: unit for unit in Unit.objects.all()}
    existing = set(Category.objects.values_list("code", flat=True))
    new = [
        Category(
            code=item["code"].lower(),
            name=item["name"],
            default_unit=units.get(item.get("default_unit") or ""),
            completion_days=item["completion_days"],
            is_confidential_by_default=item.get("confidential_by_default", False),
        )
        for item in categories
        if item["code"].lower() not in existing
    ]
    Category.objects.bulk_create(new)
    return len(new)


def load_tags(names):
    """The demo region's labels; returns how many were created."""
    created = [Tag.objects.get_or_create(name=name)[1] for name in names]
    return sum(created)
