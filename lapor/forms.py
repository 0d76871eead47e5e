"""What every form with limited text does: say the limit instead of cutting a paste."""

from django import forms


def count_instead_of_cut(form: forms.Form) -> None:
    """A browser silently cuts pasted text at `maxlength`; instead the field carries its
    limit as `data-max-length` (static/js/counter.js counts against it as the person types)
    and the server refuses a longer text with its message, keeping what was typed."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length:
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-max-length"] = field.max_length
