"""What every form with limited text does: say the limit instead of cutting a paste; and a
form class whose fields are copied for each form quickly."""

import copy

from django import forms


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
    copies the fields that use Django's own Field and Widget copying as those would — the field
    and its widget shallowly, the widget's attrs, the error messages and the validators — but
    without the copy module's generic protocol, which cost a filing more than its form's
    cleaning. A field or widget with copying of its own (choices, querysets, several widgets)
    is copied by Django as before."""
    form_class.base_fields = _QuicklyCopiedFields(form_class.base_fields)
    return form_class


class _QuicklyCopiedFields(dict):
    def __deepcopy__(self, memo):
        return {name: _copied_field(field, memo) for name, field in self.items()}


def _copied_field(field, memo):
    widget = field.widget
    if not (type(field).__deepcopy__ is forms.Field.__deepcopy__
            and type(widget).__deepcopy__ is forms.Widget.__deepcopy__
            and _copied_as_its_dict(field) and _copied_as_its_dict(widget)):
        return copy.deepcopy(field, memo)
    result = _shallow_copy(field)
    result.widget = _shallow_copy(widget)
    result.widget.attrs = widget.attrs.copy()
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    memo[id(field)], memo[id(widget)] = result, result.widget
    return result


def _copied_as_its_dict(obj):
    """Whether copy.copy(obj) makes a new object of its class with a copy of its __dict__."""
    kind = type(obj)
    return (kind.__reduce_ex__ is object.__reduce_ex__ and kind.__reduce__ is object.__reduce__
            and kind.__getstate__ is object.__getstate__ and not hasattr(kind, "__copy__")
            and not hasattr(kind, "__slots__"))


def _shallow_copy(obj):
    result = object.__new__(type(obj))
    result.__dict__.update(obj.__dict__)
    return result
