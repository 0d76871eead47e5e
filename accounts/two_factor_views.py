"""The staff's second factor: enrol an authenticator app (QR code and key, then a first code,
then ten recovery codes shown once) and enter a code at login."""

from base64 import b32encode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from accounts import two_factor
from accounts.access import is_staff_person
from lapor.http import private_page


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True}),
        error_messages={"required": _("Masukkan kode dari aplikasi autentikator.")})


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        return "/admin/"
    return target


def _go(name, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': _next(request)})}")


def _staff(view):
    @login_required(login_url="admin:login")
    def wrapper(request, *args, **kwargs):
        if not is_staff_person(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return private_page(wrapper)


@_staff
def setup(request):
    """First login with a role that needs it: scan, confirm with a first code, keep the
    recovery codes."""
    if two_factor.has_authenticator(request.user):
        return _go("accounts:two_factor_verify", request)
    device = two_factor.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = two_factor.confirm_authenticator(user=request.user,
                                                     token=form.cleaned_data["code"])
        if confirmed is not None:
            otp_login(request, confirmed[0])
            return render(request, "accounts/two_factor_codes.html",
                          {"codes": confirmed[1], "next": _next(request)})
        form.add_error("code", _("Kode salah atau kedaluwarsa. Masukkan kode yang sedang "
                                 "tampil di aplikasi; periksa jam ponsel Anda."))
    qr = segno.make(device.config_url, micro=False)
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "next": _next(request), "key": _grouped(device.bin_key),
        "qr": qr.svg_inline(scale=4, omitsize=False, title=str(_("Kode QR autentikator"))),
    }, status=400 if form.is_bound else 200)


def _grouped(key: bytes) -> str:
    """The key as the app's manual entry wants it, in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@_staff
def verify(request):
    """A code from the app, or a recovery code, after the password."""
    if not two_factor.has_authenticator(request.user):
        return _go("accounts:two_factor_setup", request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("Kode salah, kedaluwarsa atau sudah dipakai. Coba kode "
                                 "berikutnya dari aplikasi, atau satu kode pemulihan."))
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": _next(request)}, status=400 if form.is_bound else 200)
