"""lapor.form_renderer: a select list drawn in Python is the HTML Django's templates draw."""

from functools import cached_property

import pytest
from django import forms
from django.forms import renderers
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as TemplateBackend
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from accounts.models import Unit
from disposition.workbench.forms import DisposeForm
from lapor.form_renderer import QuickSelectRenderer
from tests.complaints.conftest import category  # noqa: F401  (a fixture)
from tests.factories import file_report

CHOICES = [("", "— Pilih —"), (1, "Dinas PU & <Penataan> Ruang"), ('x"y', gettext_lazy("Kategori")),
           (3.5, 7), (4, mark_safe("<b>tebal</b>"))]
WIDGETS = [
    forms.Select(choices=CHOICES),
    forms.Select(attrs={"class": "form-select", "required": True, "disabled": False,
                        "data-count": 5, "title": 'kata "kutip" & <tag>'}, choices=CHOICES),
    forms.Select(choices=[("", "Pilih"), ("Dinas <A>", [(1, "Dinas PU"), (2, "Dinkes")]),
                          (3, "Kecamatan")]),
    forms.SelectMultiple(attrs={"size": 6}, choices=CHOICES),
    forms.Select(choices=[]),
    forms.NullBooleanSelect(),
]
VALUES = [None, "", 1, "1", 'x"y', 3.5, [1, 4], "unknown", True]


def both(widget, value, attrs=None):
    arguments = ("pilihan", value, {"id": "id_pilihan", **(attrs or {})})
    return (widget.render(*arguments, renderer=QuickSelectRenderer()),
            widget.render(*arguments, renderer=DjangoTemplates()))


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_select_is_drawn_as_djangos_templates_draw_it(widget, value):
    if isinstance(widget, forms.NullBooleanSelect) and isinstance(value, list):
        pytest.skip("Django's NullBooleanSelect itself cannot draw a list (TypeError)")
    quick, expected = both(widget, value)
    assert quick == expected


def test_in_english_and_with_attributes_given_at_render_time():
    widget = forms.Select(choices=[(1, gettext_lazy("Kategori"))])
    with override("en"):
        quick, expected = both(widget, 1, {"aria-describedby": "bantuan", "autofocus": True})
    assert quick == expected
    assert 'aria-describedby="bantuan" autofocus' in quick


def test_the_workbench_disposition_form_is_the_same_html(category):  # noqa: F811
    Unit.objects.create(code="X&Y", name='Dinas "Baru" <Uji>', kind=Unit.Kind.OFFICE)
    initial = DisposeForm.initial_for(file_report(category))
    quick = DisposeForm(initial=initial, renderer=QuickSelectRenderer())
    django_s = DisposeForm(initial=initial, renderer=DjangoTemplates())
    for name in ("lead_unit", "supporting_units", "category"):
        assert str(quick[name]) == str(django_s[name])
    assert "Dinas &quot;Baru&quot; &lt;Uji&gt;" in str(quick["lead_unit"])


def test_the_project_draws_its_forms_with_it():
    assert isinstance(renderers.get_default_renderer(), QuickSelectRenderer)


class OwnOptionTemplate(forms.Select):
    option_template_name = "lapor_test/option.html"


def test_an_option_with_a_template_of_its_own_is_left_to_it(tmp_path):
    (tmp_path / "lapor_test").mkdir()
    (tmp_path / "lapor_test" / "option.html").write_text("<option>{{ widget.label }}!</option>")
    renderer = _renderer_with(tmp_path)
    drawn = OwnOptionTemplate(choices=[(1, "Satu")]).render("p", 1, renderer=renderer)
    assert "<option>Satu!</option>" in drawn


def test_a_select_template_an_app_overrides_is_used(tmp_path):
    widgets = tmp_path / "django" / "forms" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "select.html").write_text('<select class="milik-aplikasi"></select>')
    drawn = forms.Select(choices=[(1, "Satu")]).render("p", 1, renderer=_renderer_with(tmp_path))
    assert drawn == '<select class="milik-aplikasi"></select>'


def _renderer_with(directory):
    """A QuickSelectRenderer whose templates are looked up in `directory` first."""

    class Renderer(QuickSelectRenderer):
        @cached_property
        def engine(self):
            return TemplateBackend({
                "APP_DIRS": True, "DIRS": [directory, *super().engine.engine.dirs],
                "NAME": "lapor-test-forms", "OPTIONS": {}})

    return Renderer()
