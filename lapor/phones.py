"""Phone numbers as people type them in Indonesia (0812…, 62812…, +62 812-…), stored as E.164."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(text, region="ID"):
    """'+6281234567890' for '0812-3456-7890'; ValidationError when it is not a usable number."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Nomor telepon tidak dikenali. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
