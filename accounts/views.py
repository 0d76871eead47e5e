"""Citizen accounts: register with e-mail confirmation, log in and out, reset the password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext_lazy as _

from accounts import ratelimit, services
from accounts.forms import LoginForm, NewPasswordForm, RegistrationForm, ResetRequestForm
from accounts.models import User
from accounts.tokens import confirmation_tokens
from lapor.http import private_page


@private_page
def register(request):
    if request.user.is_authenticated:
        return redirect("complaints:my_reports")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.register_citizen(form=form)
        return render(request, "accounts/register_done.html", {"email": user.email})
    return render(request, "accounts/register.html", {"form": form},
                  status=400 if form.is_bound else 200)


def _user_from_uid(uidb64):
    try:
        return User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None


@private_page
def confirm(request, uidb64, token):
    user = _user_from_uid(uidb64)
    if user is None or not confirmation_tokens.check_token(user, token):
        return render(request, "accounts/confirm_failed.html", status=400)
    services.confirm_citizen(user=user)
    login(request, user, backend="accounts.backends.AppointmentBackend")
    messages.success(request, _("E-mail Anda terkonfirmasi. Selamat datang!"))
    return redirect("complaints:my_reports")


login_view = private_page(auth_views.LoginView.as_view(
    template_name="accounts/login.html", authentication_form=LoginForm,
    redirect_authenticated_user=True,
))
logout_view = auth_views.LogoutView.as_view()
_password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html", form_class=ResetRequestForm,
    email_template_name="emails/password_reset_body.txt",
    html_email_template_name="emails/password_reset_body.html",
    subject_template_name="emails/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_sent"),
)


@private_page
def password_reset(request):
    """Django's reset form (the same answer whether or not the address has an account),
    with requests per address counted: a flood of resets mails nobody."""
    if request.method == "POST":
        count = ratelimit.hit(ratelimit.client_key(request, "reset"), window_seconds=3600)
        if count > settings.LAPOR_RESET_LIMIT_PER_HOUR:
            form = ResetRequestForm(request.POST)
            form.is_valid()
            form.add_error(None, _("Terlalu banyak permintaan atur ulang dari perangkat ini. "
                                   "Coba lagi dalam satu jam."))
            return render(request, "accounts/password_reset.html", {"form": form}, status=429)
    return _password_reset(request)
password_reset_sent = private_page(auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"))
password_reset_confirm = private_page(auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", form_class=NewPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
))
password_reset_complete = private_page(auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"))
