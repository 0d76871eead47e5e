from django import template

from complaints import search

register = template.Library()


@register.filter
def highlighted(marked: str) -> str:
    """A title annotated by complaints.search.with_highlighted_title, its matches in <mark>."""
    return search.highlighted(marked)
