"""The alerts' deliveries through the queue: claimed by one worker, then sent, failed,
out of date or back in the queue after a temporary refusal (core/mailing.py tells
which a refusal is).
"""

import datetime as dt
import uuid

from django.db.models import F
from django.utils import timezone

from core.mailing import retry_delay

from .models import Delivery

BATCH = 50


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
