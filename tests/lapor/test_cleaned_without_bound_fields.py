"""lapor.forms.CleanedWithoutBoundFields: a form's fields cleaned as Django cleans them, without
a BoundField for each field whose cleaning only reads its data."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from lapor.forms import CleanedWithoutBoundFields


class Upper(forms.TextInput):
    def value_from_datadict(self, data, files, name):  # a widget that reads its own way
        value = super().value_from_datadict(data, files, name)
        return value.upper() if value else value


class Plain(forms.Form):
    title = forms.CharField(max_length=10)
    count = forms.IntegerField(min_value=1, required=False)
    day = forms.SplitDateTimeField(required=False)  # two inputs: day_0 and day_1
    shout = forms.CharField(widget=Upper, required=False)
    locked = forms.CharField(disabled=True, initial="tetap", required=False)
    photo = forms.FileField(required=False)  # cleaned with its initial value
    agree = forms.BooleanField()

    def clean_title(self):
        if self.cleaned_data["title"] == "spam":
            raise forms.ValidationError("Bukan judul.", code="spam")
        return self.cleaned_data["title"].strip("!")


class Quick(CleanedWithoutBoundFields, Plain):
    pass


class Prefixed(Quick):
    prefix = "lapor"


CASES = [
    {"title": "Jalan!", "count": "3", "day_0": "2026-12-05", "day_1": "08:00", "shout": "tolong",
     "locked": "diubah", "agree": "on"},
    {"title": "spam", "count": "0", "day_0": "bukan", "agree": ""},
    {"title": "x" * 11, "count": "dua"},
    {},
]


@pytest.mark.parametrize("data", CASES)
def test_the_same_cleaned_data_and_errors_as_django_s_own_cleaning(data):
    files = MultiValueDict({"photo": [SimpleUploadedFile("a.txt", b"isi")]} if data else {})
    django_s, quick = Plain(data, files), Quick(data, files)
    assert quick.is_valid() == django_s.is_valid()
    assert quick.cleaned_data == django_s.cleaned_data
    assert quick.errors.get_json_data() == django_s.errors.get_json_data()


def test_a_prefix_is_read_as_django_reads_it():
    form = Prefixed({"lapor-title": "Lampu", "lapor-agree": "on", "title": "salah"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Lampu"


def test_only_the_fields_that_clean_otherwise_get_a_bound_field():
    form = Quick(CASES[0], MultiValueDict())
    assert form.is_valid(), form.errors
    assert set(form._bound_fields_cache) == {"locked", "photo"}  # disabled; a file field
    assert form.cleaned_data["locked"] == "tetap" and form.cleaned_data["shout"] == "TOLONG"


def test_a_form_drawn_after_errors_keeps_what_was_typed_next_to_its_message():
    form = Quick({"title": "x" * 11, "count": "dua"})
    assert not form.is_valid()
    html = str(form["count"]) + str(form["title"])
    assert 'value="dua"' in html and 'value="' + "x" * 11 + '"' in html
    assert form["count"].errors and form["title"].errors
