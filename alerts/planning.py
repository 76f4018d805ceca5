"""Which saves send alerts, and to whom.

Staff publishing in the admin is what sends: an announcement once, when published; a
meeting when published, and again each time its date, time, zone, place or status
changes while it still lies ahead (alerts/admin.py tells such a save). What translators,
`load_content` or a shell change sends nothing. The save only records the alert (one
row) and queues its fan-out at the item's publication time; the worker makes the
deliveries.

An alert stands for the item as it is when it goes out: a later save that is no news (a
translation, a typo) carries it along to the item's new SEQUENCE, and only a newer alert
of the same item, an unpublished item or a meeting now over make it out of date.
"""

from django.db import transaction
from django.utils import timezone

from meetings.models import Announcement, Meeting

from .models import Alert, Delivery, Subscriber


def version_of(item):
    return item.sequence if isinstance(item, Meeting) else 0


def item_field(item):
    return "meeting" if isinstance(item, Meeting) else "announcement"


def is_news(item):
    if item.publication != item.Publication.PUBLISHED:
        return False
    # Corrections to a meeting that is over reach no one's plans.
    return not (isinstance(item, Meeting) and item.is_over)


def after_staff_save(item, send, news):
    """After a save by someone who may publish the item: record an alert for its current
    version when the save is news (a publication, a change to a meeting's plans), with the
    editor's choice to send or not; otherwise only bring an alert still waiting in line
    with the item's publication time. Returns the alert, or None."""
    from . import tasks

    if not is_news(item):
        return None
    alert = waiting(item)
    if news:
        if alert is None:
            alert, _created = Alert.objects.get_or_create(
                **{item_field(item): item},
                version=version_of(item),
                defaults={"send": send, "due_at": item.published_at},
            )
        alert.send = send
    elif alert is None:
        return None
    if alert.fanned_out_at is None:
        alert.version, alert.due_at = version_of(item), item.published_at
        alert.save(update_fields=["send", "version", "due_at"])
        if alert.send:
            when = max(item.published_at, timezone.now())
            # In the save's transaction: the alert and its task are stored together or not.
            # A task queued twice finds the work done (fan_out locks the alert).
            tasks.fan_out.using(run_after=when).enqueue(alert.pk)
    return alert


def waiting(item):
    """The item's newest alert, if it has not gone out yet."""
    alert = Alert.objects.filter(**{item_field(item): item}).order_by("-version").first()
    return alert if alert and alert.fanned_out_at is None else None


def is_current(alert, item):
    """Still worth sending: public, ahead (for a meeting), and no newer alert of it."""
    newer = Alert.objects.filter(**{item_field(item): item}, version__gt=alert.version)
    return item.is_public and is_news(item) and not newer.exists()


def event_of(alert, item):
    if isinstance(item, Announcement):
        return Alert.Event.ANNOUNCEMENT
    if item.status == Meeting.Status.CANCELLED:
        return Alert.Event.CANCELLED
    earlier = Alert.objects.filter(meeting=item, fanned_out_at__isnull=False).exclude(pk=alert.pk)
    return Alert.Event.CHANGED if earlier.exists() else Alert.Event.NEW_MEETING


class Outcome:
    SENT_TO = "fanned out"
    NOT_YET = "not yet public"
    STALE = "out of date"
    DONE = "already done"


def fan_out(alert_id, now=None):
    """One delivery per matching subscriber, in one bulk insert; (outcome, detail)."""
    now = now or timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None or alert.fanned_out_at or not alert.send:
            return Outcome.DONE, 0
        item = alert.item
        if item.publication == item.Publication.PUBLISHED and item.published_at > now:
            # Rescheduled later since the alert was queued: it waits for the new time.
            return Outcome.NOT_YET, item.published_at
        if not is_current(alert, item):
            return Outcome.STALE, 0
        # Saves that were no news may have raised the SEQUENCE since: the mail tells the
        # item as it is, with its calendar event's current SEQUENCE.
        alert.version = version_of(item)
        alert.event = event_of(alert, item)
        alert.fanned_out_at = now
        alert.save(update_fields=["version", "event", "fanned_out_at"])
        subscribers = Subscriber.objects.wanting(alert.event, alert.partner_id).values_list(
            "pk", flat=True
        )
        deliveries = Delivery.objects.bulk_create(
            [Delivery(alert=alert, subscriber_id=pk, next_attempt_at=now) for pk in subscribers],
            batch_size=2000,
            ignore_conflicts=True,
        )
    return Outcome.SENT_TO, len(deliveries)
