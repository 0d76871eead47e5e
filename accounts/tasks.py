"""Tasks for the worker: e-mails about accounts."""

from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import confirmation_tokens
from lapor.mail import send_templated, site_url


def send_confirmation(user_id):
    user = User.objects.get(pk=user_id)
    if user.is_active:
        return "already active"
    path = reverse("accounts:confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": confirmation_tokens.make_token(user),
    })
    send_templated("confirm_account", user.email, {"user": user, "confirm_url": site_url(path)})
    return user.email
