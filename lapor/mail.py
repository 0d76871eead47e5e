"""E-mail from three templates per message: emails/<name>_subject.txt, _body.txt, _body.html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def site_url(path):
    """An absolute link for an e-mail (the worker has no request to build one from)."""
    return f"{settings.LAPOR_SITE_URL}{path}"


# Backends that take a message without sending it anywhere: what they take is "logged".
NOT_SENT_BACKENDS = {"django.core.mail.backends.console.EmailBackend",
                     "django.core.mail.backends.dummy.EmailBackend",
                     "django.core.mail.backends.filebased.EmailBackend"}


def really_sends():
    """Whether the configured e-mail backend hands messages to a mail server."""
    return settings.MAILERS["default"]["BACKEND"] not in NOT_SENT_BACKENDS


def send_templated(name, to, context, *, language="id"):
    """Render and send one message; raises when the mail server refuses (never silent).
    Returns whether it left lapor (False for the console and similar backends)."""
    context = {"region_name": settings.LAPOR_REGION_NAME, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{name}_subject.txt", context)
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[to]
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return really_sends()


def render_short(name, context, *, language="id"):
    """The text of an SMS/WhatsApp message: messages/<name>.txt, on one line."""
    context = {"region_name": settings.LAPOR_REGION_NAME, **context}
    with translation.override(language):
        return " ".join(render_to_string(f"messages/{name}.txt", context).split())
