from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lapor.phones import normalize_phone


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "phone"]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "phone", "is_active"]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])


class RegistrationForm(auth_forms.BaseUserCreationForm):
    """A citizen's account. The e-mail must be confirmed before the first login."""

    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]
        labels = {"full_name": _("Nama lengkap"), "email": _("E-mail"),
                  "phone": _("Nomor telepon/WhatsApp (opsional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's template holds the <form>
        self.helper.add_input(Submit("submit", _("Daftar")))

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("Alamat e-mail ini sudah terdaftar. Silakan masuk, atau atur ulang kata sandi "
                  "bila lupa."),
                code="taken",
            )
        return email

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("E-mail atau kata sandi salah. Periksa lagi; huruf besar dan kecil "
                           "pada kata sandi dibedakan."),
        "inactive": _("Akun ini belum aktif. Buka tautan konfirmasi yang kami kirim ke e-mail "
                      "Anda."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's template holds the <form>
        self.helper.add_input(Submit("submit", _("Masuk")))

    def get_invalid_login_error(self):
        # Say "not confirmed yet" rather than "wrong password", but only to whoever knows the
        # password (so the message reveals nothing to someone guessing addresses).
        user = User.objects.filter(
            email__iexact=self.cleaned_data.get("username") or "", is_active=False
        ).first()
        if user is not None and user.check_password(self.cleaned_data.get("password") or ""):
            return ValidationError(self.error_messages["inactive"], code="inactive")
        return super().get_invalid_login_error()


class ResetRequestForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's template holds the <form>
        self.helper.add_input(Submit("submit", _("Kirim tautan atur ulang")))


class NewPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's template holds the <form>
        self.helper.add_input(Submit("submit", _("Simpan kata sandi baru")))
