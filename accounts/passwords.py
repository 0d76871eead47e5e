"""A stricter password for staff than for citizens: staff passwords guard every reporter's
identity. (Django's validators — similarity, length, common passwords, all digits — apply to
everyone.)"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaffPasswordLengthValidator:
    def __init__(self, min_length=12):
        self.min_length = min_length

    def validate(self, password, user=None):
        is_staff = user is not None and (user.is_staff or user.is_superuser
                                         or (user.pk and user.appointments.exists()))
        if is_staff and len(password) < self.min_length:
            raise ValidationError(
                _("Kata sandi petugas paling sedikit %(min_length)d karakter."),
                code="staff_password_too_short", params={"min_length": self.min_length})

    def get_help_text(self):
        return _("Kata sandi petugas paling sedikit %(min_length)d karakter.") % {
            "min_length": self.min_length}
