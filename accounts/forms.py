from django.contrib.auth import forms as auth_forms

from accounts.models import User


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
