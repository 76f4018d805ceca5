"""Building and sending the site's mails, shared by every app that writes to people.

Each mail is in its recipient's language, with a plain-text and an HTML part (templates
`<name>.txt` and `<name>.html`, the HTML extending `mail/base.html`, which ends with the
EU funding statement). No tracking: no pixel, no redirecting link.

Handing a mail to the SMTP server tells a temporary refusal from a final one: a 4xx
reply, a refused or broken connection or a timeout is temporary, and the mail is tried
again later (MAIL_RETRY_SECONDS); a 5xx reply is final.
"""

import contextlib
import datetime as dt
import logging
import re
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

log = logging.getLogger(__name__)


def absolute(path):
    """A path of the site as the whole address a mail can link to."""
    return settings.SITE_URL.rstrip("/") + path


def message(to, language, subject, template, context, headers=None):
    """One mail to `to`, rendered in `language`; `subject` is called in that language."""
    context = {**context, "language": language, "site_url": settings.SITE_URL}
    with translation.override(language):
        mail = EmailMultiAlternatives(
            subject=subject(),
            body=render_to_string(f"{template}.txt", context),
            to=[to],
            headers={
                "Content-Language": language,
                "Auto-Submitted": "auto-generated",
                **(headers or {}),
            },
        )
        mail.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return mail


class Refused(Exception):
    def __init__(self, permanent, reason):
        super().__init__(reason)
        self.permanent = permanent
        self.reason = reason[:300]


def _reply(error):
    """The SMTP server's reply (code, text) behind an exception, or (None, None)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return max(error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code, error.smtp_error
    return None, None


# An enhanced status code (RFC 3463), the part of a reply that names no address.
ENHANCED_STATUS = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")


def refusal(error):
    """What staff are shown of a refusal: the server's codes, never its words, which
    often quote the recipient's address."""
    code, text = _reply(error)
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    if code:
        status = ENHANCED_STATUS.match(text or "")
        reason = f"{code} {status.group()}" if status else str(code)
    else:
        reason = type(error).__name__
    return Refused(permanent=bool(code and code >= 500), reason=reason)


class Mailer:
    """One SMTP connection for a batch, opened again after a failure broke it."""

    def __init__(self):
        self.connection = None

    def send(self, mail):
        try:
            if self.connection is None:
                self.connection = get_connection(fail_silently=False)
                # Opened here, or Django's backend opens and closes one for every mail.
                self.connection.open()
            mail.connection = self.connection
            mail.send()
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise refusal(error) from error

    def close(self):
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def retry_delay(attempts):
    """Seconds before attempt `attempts + 1`, or None when the mail has had its tries."""
    delays = settings.MAIL_RETRY_SECONDS
    return delays[attempts - 1] if attempts <= len(delays) else None


def send_once(mail, attempt, again, mailer=None):
    """Send a single mail; after a temporary refusal call `again(run_after)` to queue the
    next attempt (a task's `.using(run_after=…).enqueue`). Returns what happened, in
    words, for the task's result."""
    try:
        (mailer or Mailer()).send(mail)
    except Refused as refused:
        delay = None if refused.permanent else retry_delay(attempt)
        if delay is None:
            log.warning("mail (attempt %s) failed: %s", attempt, refused.reason)
            return f"failed: {refused.reason}"
        again(timezone.now() + dt.timedelta(seconds=delay))
        return f"later: {refused.reason}"
    return "sent"
