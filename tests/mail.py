"""A real SMTP server (aiosmtpd) on loopback, the task worker, and subscribers."""

import email
import email.policy
import socket
from unittest import mock

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Subscriber


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """Keeps every accepted message; answers with `replies` first, one per DATA."""

    def __init__(self):
        self.messages = []
        self.replies = []
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.replies:
            self.refused += 1
            return self.replies.pop(0)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


def serve(settings):
    inbox = Inbox()
    inbox.port = port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://into-eu.example.org"
    settings.MAIL_RETRY_SECONDS = (0, 0, 0)
    return inbox, controller


def work():
    """Run the task worker until nothing is due (as `manage.py db_worker` does).

    Between tasks the worker closes connections whose autocommit differs from the
    settings', as each test's open transaction does: kept open here, as Django's test
    client keeps it between requests.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            verbosity=0,
        )


def subscriber(email_address="reader@example.org", language="en", **choices):
    from django.utils import timezone

    return Subscriber.objects.create(
        email=email_address, language=language, confirmed_at=timezone.now(), **choices
    )


def text_part(message):
    return message.get_body(("plain",)).get_content()


def html_part(message):
    return message.get_body(("html",)).get_content()


def announcement_form(partner, **extra):
    """The admin's announcement form as an editor submits it, publishing now with alerts."""
    from .helpers import LANGUAGES, PUBLISH_NOW, translated

    return {
        **PUBLISH_NOW,
        "published_at_0": timezone.localdate().isoformat(),
        "published_at_1": "00:00",
        "slug": "new-announcement",
        "partner": partner.pk,
        "meeting": "",
        **translated("title", "News"),
        **{f"{f}_{code}": "" for f in ("summary", "body", "contact_name") for code in LANGUAGES},
        "contact_email": "",
        "contact_phone": "",
        "send_alerts": "on",
        **extra,
    }
