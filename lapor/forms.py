"""What every form with limited text does: say the limit instead of cutting a paste; a form
class whose fields are copied for each form quickly; and one cleaned without a BoundField per
field."""

import copy
import functools
import operator

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise


def count_instead_of_cut(form: forms.Form) -> None:
    """A browser silently cuts pasted text at `maxlength`; instead the field carries its
    limit as `data-max-length` (static/js/counter.js counts against it as the person types)
    and the server refuses a longer text with its message, keeping what was typed."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length:
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-max-length"] = field.max_length


def copies_fields_quickly(form_class):
    """Each form copies its class's fields (BaseForm.__init__ deep-copies `base_fields`); this
    copies the fields that use Django's own Field, ChoiceField and Widget copying as those
    would — the field and its widget shallowly, the widget's attrs, the error messages, the
    validators, and a choice field's choices — but without the copy module's generic
    protocol, which cost a filing more than its form's cleaning. A field or widget with
    copying of its own (querysets, several widgets) is copied by Django as before."""
    form_class.base_fields = _QuicklyCopiedFields(form_class.base_fields)
    return form_class


class CleanedWithoutBoundFields(forms.BaseForm):
    """BaseForm._clean_fields, without a BoundField for each field whose cleaning only reads
    its data: Django 5+ cleans each field through a BoundField (`Field._clean_bound_field`),
    and making twenty of them cost a filing more than cleaning its fields. A field that is
    disabled, or whose class cleans otherwise (a file's keeps its initial value), is cleaned
    through its BoundField as before; a page drawn after errors makes its BoundFields then."""

    def _clean_fields(self):
        for name, field in self.fields.items():
            try:
                if field.disabled or type(field)._clean_bound_field is not _PLAIN_CLEANING:
                    value = field._clean_bound_field(self[name])
                else:  # what Field._clean_bound_field does with BoundField.data
                    value = field.clean(
                        self._widget_data_value(field.widget, self.add_prefix(name)))
                self.cleaned_data[name] = value
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)


_PLAIN_CLEANING = forms.Field._clean_bound_field


class _QuicklyCopiedFields(dict):
    def __deepcopy__(self, memo):
        return {name: _copied_field(field, memo) for name, field in self.items()}


def _copied_field(field, memo):
    copying = _copying(type(field), type(field.widget))
    if copying is None:
        return copy.deepcopy(field, memo)
    result = copied_like_a_field(field, memo)
    if copying is _CHOICE_FIELD:  # ChoiceField.__deepcopy__
        result._choices = _copied_choices(field._choices, memo)
    return result


def copied_like_a_field(field, memo):
    """What Field.__deepcopy__ makes of `field` (and Widget's or ChoiceWidget's of its
    widget); made by Django when the field's or the widget's class copies otherwise."""
    widget = field.widget
    if not _fits(type(field), type(widget)):
        return forms.Field.__deepcopy__(field, memo)
    result = _shallow_copy(field)
    result.widget = _shallow_copy(widget)
    result.widget.attrs = widget.attrs.copy()
    if type(widget).__deepcopy__ is forms.widgets.ChoiceWidget.__deepcopy__:
        result.widget.choices = copy.copy(widget.choices)
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    memo[id(field)], memo[id(widget)] = result, result.widget
    return result


_PLAIN_FIELD, _CHOICE_FIELD = "plain", "choice"
_WIDGET_COPYING = (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)
_copying_by_classes = {}


def _copying(field_class, widget_class):
    """_PLAIN_FIELD or _CHOICE_FIELD when copied_like_a_field copies a field of this class
    with a widget of that class as Django would; None when Django must."""
    key = (field_class, widget_class)
    if key not in _copying_by_classes:
        copying = {forms.Field.__deepcopy__: _PLAIN_FIELD,
                   forms.ChoiceField.__deepcopy__: _CHOICE_FIELD}.get(field_class.__deepcopy__)
        _copying_by_classes[key] = copying if _fits(field_class, widget_class) else None
    return _copying_by_classes[key]


@functools.cache
def _fits(field_class, widget_class):
    """Whether copied_like_a_field can copy such a field and widget without Django."""
    return (widget_class.__deepcopy__ in _WIDGET_COPYING
            and _copied_as_its_dict(field_class) and _copied_as_its_dict(widget_class))


def _copied_as_its_dict(kind):
    """Whether copy.copy makes of an object of this class a new one with a copy of its
    __dict__."""
    return (kind.__reduce_ex__ is object.__reduce_ex__ and kind.__reduce__ is object.__reduce__
            and kind.__getstate__ is object.__getstate__ and not hasattr(kind, "__copy__")
            and not hasattr(kind, "__slots__"))


def _shallow_copy(obj):
    result = object.__new__(type(obj))
    result.__dict__.update(obj.__dict__)
    return result


def _copied_choices(choices, memo):
    """copy.deepcopy(choices, memo) for lists and tuples of texts, numbers and lazy texts (a
    lazy text copies as itself): new lists, and a tuple kept when nothing in it was copied
    anew, as deepcopy does. Anything else is deepcopy's."""
    kind = type(choices)
    if kind is list:
        return [_copied_choices(item, memo) for item in choices]
    if kind is tuple:
        items = tuple(_copied_choices(item, memo) for item in choices)
        return choices if all(map(operator.is_, items, choices)) else items
    if kind in _KEPT_AS_THEY_ARE or isinstance(choices, Promise):
        return choices
    return copy.deepcopy(choices, memo)


_KEPT_AS_THEY_ARE = {str, int, bool, float, type(None)}
