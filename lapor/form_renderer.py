"""Django's form renderer, except that a select list is drawn in Python.

Django draws a `<select>` through its widget template, which includes a template for each
option and another for each option's attributes: the six lists of a complaint's workbench
page (the region's units twice among them) took 26 of its 121 ms. This renderer writes the
same HTML as those three templates would, character for character (tests/lapor/
test_form_renderer.py compares the two), and leaves every other template — and a select
whose templates an app has overridden — to Django.
"""

from functools import cached_property
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
ATTRS = "django/forms/widgets/attrs.html"
DJANGOS_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


class QuickSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and self._selects_are_djangos and _options_are_djangos(
                context["widget"]):
            return _select(context["widget"])
        return super().render(template_name, context, request)

    @cached_property
    def _selects_are_djangos(self) -> bool:
        """Whether the three templates found are Django's own (no app overrides one)."""
        return all(Path(self.get_template(name).origin.name).is_relative_to(DJANGOS_TEMPLATES)
                   for name in (SELECT, OPTION, ATTRS))


def _options_are_djangos(widget) -> bool:
    return all(option["template_name"] == OPTION
               for _name, group, _index in widget["optgroups"] for option in group)


def _select(widget) -> str:
    """What select.html renders, stripped as BaseRenderer.render strips it."""
    context = Context()  # autoescaped, localized, as a widget template is rendered
    shown = lambda value: render_value_in_context(value, context)  # noqa: E731

    def attrs(attributes):  # attrs.html
        return "".join(
            f" {shown(name)}" + ("" if value is True else f'="{shown(_as_s(value))}"')
            for name, value in attributes.items() if value is not False)

    html = [f'<select name="{shown(widget["name"])}"{attrs(widget["attrs"])}>']
    for group_name, group, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{shown(group_name)}">')
        html.extend(f'\n  <option value="{shown(_as_s(option["value"]))}"'
                    f'{attrs(option["attrs"])}>{shown(option["label"])}</option>\n'
                    for option in group)
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _as_s(value):
    """The template filter stringformat:'s', which keeps a safe string safe."""
    formatted = stringformat(value, "s")
    return mark_safe(formatted) if isinstance(value, SafeData) else formatted
