"""What the task worker does (`manage.py db_worker`; django-tasks' database backend).

Every task can run twice, in two workers at once, or after a crash, and still send
each mail once: the fan-out locks its alert and inserts deliveries under a unique
constraint, and a delivery is sent only by the worker whose UPDATE took it from the
queue (alerts/sending.py).
"""

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from core import recurring
from core.mailing import Mailer, Refused, send_once
from meetings.models import Announcement, Meeting

from . import mails, planning, sending, subscriptions
from .models import Alert, Delivery, Subscriber

log = logging.getLogger(__name__)
# Workers sending one alert side by side.
SENDERS_PER_ALERT = 2
# Batches one task sends before it hands the rest to a new task (sending.BATCH each).
BATCHES_PER_TASK = 10
SWEEP_EVERY = dt.timedelta(hours=1)
# A delivery left "being sent" this long was interrupted (a worker killed between the
# SMTP server's answer and the database's): marked failed rather than sent twice.
INTERRUPTED_AFTER = dt.timedelta(hours=1)
STRANDED_AFTER = dt.timedelta(minutes=15)


@task()
def fan_out(alert_id):
    outcome, detail = planning.fan_out(alert_id)
    if outcome == planning.Outcome.NOT_YET:
        fan_out.using(run_after=detail).enqueue(alert_id)
    elif outcome == planning.Outcome.SENT_TO and detail:
        for _worker in range(SENDERS_PER_ALERT):
            send_alert.enqueue(alert_id)
    return f"{outcome}: {detail}"


@task()
def send_alert(alert_id):
    """Send a few batches of this alert's due deliveries, then queue the rest as a task
    of its own: a worker told to stop finishes its task in seconds, and none is lost."""
    alert = Alert.objects.select_related("meeting__host", "announcement__partner").get(pk=alert_id)
    mailer = Mailer()
    counts = {"sent": 0, "failed": 0, "later": 0, "outdated": 0}
    retry_at = None
    try:
        for _batch in range(BATCHES_PER_TASK):
            batch = sending.claim(alert_id)
            if not batch:
                break
            if not planning.is_current(alert, type(alert.item).objects.get(pk=alert.item.pk)):
                # Changed again, withdrawn or over since the fan-out (a retry may come hours
                # later): what it would tell is no longer true.
                counts["outdated"] += sending.outdated(alert_id, batch)
                break
            done = []
            try:
                for delivery in batch:
                    outcome, due = deliver(mailer, alert, delivery)
                    if outcome == "sent":
                        done.append(delivery)
                    else:
                        counts[outcome] += 1
                    if due:
                        retry_at = min(retry_at or due, due)
            finally:
                # One UPDATE a batch: a row per mail made the database the bottleneck. A
                # worker killed before this leaves its batch "being sent", never resent.
                counts["sent"] += sending.sent(done)
        else:
            send_alert.enqueue(alert_id)
    finally:
        mailer.close()
    if retry_at:
        send_alert.using(run_after=retry_at).enqueue(alert_id)
    return counts


def deliver(mailer, alert, delivery):
    """Hand one delivery to the SMTP server: ("sent" | "failed", None), or ("later", when
    it is due again)."""
    if delivery.subscriber is None:  # left since the fan-out
        sending.failed(delivery, "unsubscribed")
        return "failed", None
    try:
        mail = mails.alert(alert.event, alert.item, mails.Recipient.of(delivery.subscriber))
        mailer.send(mail)
    except Refused as refused:
        due = None if refused.permanent else sending.later(delivery, refused.reason)
        if due:
            return "later", due
        sending.failed(delivery, refused.reason)
        return "failed", None
    except Exception as error:
        # A mail that cannot be made (a header Django refuses, say) fails alone, and the
        # rest of the batch goes on; the log has the details.
        log.exception("alert %s to subscriber %s", alert.pk, delivery.subscriber_id)
        sending.failed(delivery, type(error).__name__)
        return "failed", None
    return "sent", None


@task()
def send_confirmation(subscriber_id, attempt=1):
    """The confirmation link (or, for a confirmed address, the link to its choices)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return "gone"
    return send_once(
        mails.confirmation(subscriber),
        attempt,
        lambda run_after: send_confirmation.using(run_after=run_after).enqueue(
            subscriber_id, attempt + 1
        ),
    )


@task()
def send_test_alert(kind, item_id, language, email):
    """A staff member's own copy of an item's alert, in any language, to check it."""
    model = Meeting if kind == "meeting" else Announcement
    item = model.objects.get(pk=item_id)
    event = Alert.Event.ANNOUNCEMENT if kind == "announcement" else Alert.Event.NEW_MEETING
    Mailer().send(mails.alert(event, item, mails.Recipient.staff(email, language)))
    return "sent"


@task()
def sweep():
    """The clean-up the privacy notice promises, mails whose task was lost taken up
    again, and the next sweep queued whatever happens."""
    try:
        now = timezone.now()
        requests, records = subscriptions.sweep(now)
        interrupted = Delivery.objects.filter(
            status=Delivery.Status.SENDING, claimed_at__lt=now - INTERRUPTED_AFTER
        ).update(status=Delivery.Status.FAILED, error="interrupted while being sent")
        # Queued mails long overdue lost their task (a worker killed mid-task, a crash).
        stranded = set(
            Delivery.objects.filter(
                status=Delivery.Status.QUEUED, next_attempt_at__lt=now - STRANDED_AFTER
            ).values_list("alert_id", flat=True)
        )
        for alert_id in stranded:
            send_alert.enqueue(alert_id)
    finally:
        schedule_sweep()
    return {
        "requests": requests,
        "consent_records": records,
        "interrupted": interrupted,
        "resumed": len(stranded),
    }


def schedule_sweep(**kwargs):
    """Queue the next sweep unless one is waiting (post_migrate calls this too)."""
    recurring.queue_next(sweep, SWEEP_EVERY)
