"""lapor.forms.copies_fields_quickly: each form gets copies of its class's fields as Django's
own copying makes them."""

import copy

from django import forms
from django.utils.translation import gettext_lazy

from complaints.forms import ComplaintForm
from lapor.forms import _copied_choices, copied_like_a_field, copies_fields_quickly


@copies_fields_quickly
class Sample(forms.Form):
    title = forms.CharField(max_length=10, widget=forms.TextInput(attrs={"class": "judul"}))
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    agree = forms.BooleanField(required=False)
    code = forms.ChoiceField(choices=[("x", "X")], widget=forms.TextInput)  # a plain widget


@copies_fields_quickly
class Grouped(forms.Form):
    unit = forms.ChoiceField(choices=[("", "Pilih"), ("Dinas", [(1, "Dinas PU"), (2, "Dinkes")])])


def test_each_form_gets_fields_and_widgets_of_its_own_as_django_copies_them():
    first, second = Sample(), Sample()
    for name, original in Sample.base_fields.items():
        mine, django_s = first.fields[name], copy.deepcopy(original)
        assert mine is not original and mine is not second.fields[name]
        assert mine.widget is not original.widget
        assert type(mine) is type(django_s) and type(mine.widget) is type(django_s.widget)
        assert vars(mine).keys() == vars(django_s).keys()
        assert mine.widget.attrs == django_s.widget.attrs == original.widget.attrs
        for name_of_list in ("error_messages", "validators"):
            assert getattr(mine, name_of_list) == getattr(original, name_of_list)
            assert getattr(mine, name_of_list) is not getattr(original, name_of_list)
        assert mine.widget.attrs is not original.widget.attrs


def test_what_one_form_changes_reaches_no_other_form():
    first = Sample()
    first.fields["title"].widget.attrs["class"] += " is-invalid"
    first.fields["title"].error_messages["required"] = "Isi judulnya."
    first.fields["title"].validators.append(lambda value: None)
    first.fields["kind"].choices = [("c", "C")]
    second = Sample()
    assert second.fields["title"].widget.attrs == {"class": "judul", "maxlength": "10"}
    assert second.fields["title"].error_messages["required"] != "Isi judulnya."
    assert len(second.fields["title"].validators) == len(Sample.base_fields["title"].validators)
    assert list(second.fields["kind"].choices) == [("a", "A"), ("b", "B")]
    assert second.fields["kind"].widget.choices == [("a", "A"), ("b", "B")]


def test_a_choice_field_s_choices_are_copied_as_django_s_deepcopy_copies_them():
    form = Sample()
    assert form.fields["kind"].choices is not Sample.base_fields["kind"].choices
    assert form.fields["code"].choices is not Sample.base_fields["code"].choices
    assert form.fields["kind"].widget.choices is not Sample.base_fields["kind"].widget.choices
    grouped = Grouped()
    original = Grouped.base_fields["unit"]
    mine, django_s = grouped.fields["unit"], copy.deepcopy(original)
    assert mine.choices == django_s.choices == original.choices
    for copied in (mine, django_s):  # new lists all the way down, the same tuple of texts
        assert copied.choices[1][1] is not original.choices[1][1]
        assert copied.choices[0] is original.choices[0]
    mine.choices[1][1].append((9, "Dinas Baru"))
    assert Grouped().fields["unit"].choices == original.choices


def test_choices_of_other_kinds_are_copied_by_deepcopy():
    class Choices(list):  # not a plain list: deepcopy decides
        pass

    choices = Choices([("a", "A")])
    copied = _copied_choices(choices, {})
    assert type(copied) is Choices and copied == choices and copied is not choices
    kept = object()  # deepcopy's memo is followed
    assert _copied_choices([("a", kept)], {id(kept): kept})[0][1] is kept
    label = gettext_lazy("Jalan")
    assert _copied_choices([("a", label)], {})[0][1] is label


def test_every_filing_field_is_copied_as_django_copies_it(db):
    fields = copy.deepcopy(ComplaintForm.base_fields)  # as each form copies them
    for name, original in ComplaintForm.base_fields.items():
        mine = fields[name]
        django_s = (forms.ModelChoiceField.__deepcopy__(original, {})
                    if isinstance(original, forms.ModelChoiceField) else copy.deepcopy(original))
        assert type(mine) is type(django_s) and type(mine.widget) is type(django_s.widget)
        assert vars(mine).keys() == vars(django_s).keys(), name
        assert vars(mine.widget).keys() == vars(django_s.widget).keys(), name
        assert mine.widget.attrs == django_s.widget.attrs
        assert mine.widget.attrs is not original.widget.attrs
        if hasattr(original, "queryset"):  # shared, never evaluated in place (KeptChoiceField)
            assert mine.queryset is original.queryset
            assert mine.widget.choices.field is mine
        elif hasattr(original, "choices"):
            assert list(mine.choices) == list(django_s.choices) == list(original.choices)
            assert mine.widget.choices is not original.widget.choices


def test_an_invalid_filing_drawn_with_its_errors_leaves_the_next_form_clean(db):
    bound = ComplaintForm({"title": "pendek"})
    assert not bound.is_valid()
    bound.fields["title"].widget.attrs["class"] = "form-control is-invalid"  # as crispy draws
    fresh = ComplaintForm()
    assert "is-invalid" not in fresh.fields["title"].widget.attrs.get("class", "")
    assert fresh.fields["title"].widget.attrs["data-max-length"] == 150
    assert "maxlength" not in fresh.fields["title"].widget.attrs


def test_a_field_whose_widget_copies_itself_is_copied_by_django():
    class Remembering(forms.TextInput):
        def __deepcopy__(self, memo):
            copied = super().__deepcopy__(memo)
            copied.copied_by_its_own_deepcopy = True
            return copied

    field = forms.CharField(widget=Remembering)
    copied = copied_like_a_field(field, {})
    assert copied is not field and copied.widget.copied_by_its_own_deepcopy
