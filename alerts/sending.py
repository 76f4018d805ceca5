"""Handing mails to the SMTP server, and telling a temporary refusal from a final one.

A 4xx reply, a refused or broken connection or a timeout is temporary: the mail is
tried again later. A 5xx reply is final: the mail is marked failed, for staff to see.
"""

import contextlib
import datetime as dt
import re
import smtplib
import uuid

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone

from .models import Delivery

BATCH = 50


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
    delays = settings.ALERTS_RETRY_SECONDS
    return delays[attempts - 1] if attempts <= len(delays) else None


def claim(alert_id, now=None):
    """Due deliveries of an alert that this call alone now holds: the conditional UPDATE
    takes each row from QUEUED once, whichever worker, process or machine asks. When
    another worker took the rows first, the next ones are tried."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        alert_id=alert_id, status=Delivery.Status.QUEUED, next_attempt_at__lte=now
    ).order_by("pk")
    while ids := list(due.values_list("pk", flat=True)[:BATCH]):
        token = uuid.uuid4().hex
        taken = Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SENDING,
            claim=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
        if taken:
            return list(
                Delivery.objects.filter(claim=token, status=Delivery.Status.SENDING)
                .select_related("subscriber", "subscriber__partner")
                .order_by("pk")
            )
    return []


def outdated(alert_id, batch):
    """The batch and the alert's other queued mails: not sent, the item has changed."""
    held = Delivery.objects.filter(pk__in=[delivery.pk for delivery in batch])
    queued = Delivery.objects.filter(alert_id=alert_id, status=Delivery.Status.QUEUED)
    return held.update(status=Delivery.Status.OUTDATED) + queued.update(
        status=Delivery.Status.OUTDATED
    )


def sent(deliveries):
    return Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries]).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), error=""
    )


def failed(delivery, reason):
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=reason)


def later(delivery, reason):
    """Back to the queue after a temporary refusal; the moment it is due again, or None
    (and nothing done) when it has had its tries."""
    delay = retry_delay(delivery.attempts)
    if delay is None:
        return None
    due = timezone.now() + dt.timedelta(seconds=delay)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED, next_attempt_at=due, claim="", error=reason
    )
    return due
