"""Which saves send alerts, and to whom.

Staff publishing in the admin is what sends: an announcement once, when published; a
meeting when published, and again each time a change raises its calendar SEQUENCE
(date, time, zone, venue, status, title) while it still lies ahead. What `load_content`
or a shell changes sends nothing. The save only records the alert (one row) and queues
its fan-out at the item's publication time; the worker makes the deliveries.
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
    """After a save by someone who may publish the item: record the alert of its current
    version when the save is news (a publication, or a change to a meeting's plans), or
    bring an alert still waiting in line with the item's publication time and the choice
    to send."""
    from . import tasks

    if not is_news(item):
        return None
    alert = Alert.objects.filter(**{item_field(item): item}, version=version_of(item)).first()
    if alert is None:
        if not news:
            return None
        alert, _created = Alert.objects.get_or_create(
            **{item_field(item): item},
            version=version_of(item),
            defaults={"send": send, "due_at": item.published_at},
        )
    elif alert.fanned_out_at is not None or (alert.send, alert.due_at) == (
        send,
        item.published_at,
    ):
        return alert
    else:
        alert.send, alert.due_at = send, item.published_at
        alert.save(update_fields=["send", "due_at"])
    if alert.send:
        when = max(item.published_at, timezone.now())
        # In the save's transaction: the alert and its task are stored together or not.
        tasks.fan_out.using(run_after=when).enqueue(alert.pk)
    return alert


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
    STALE = "superseded or withdrawn"
    DONE = "already done"


def fan_out(alert_id, now=None):
    """One delivery per matching subscriber, in one bulk insert; (outcome, count)."""
    now = now or timezone.now()
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("meeting", "announcement")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None or alert.fanned_out_at or not alert.send:
            return Outcome.DONE, 0
        item = type(alert.item).objects.filter(pk=alert.item.pk).first()
        if item is None or version_of(item) != alert.version or not is_news(item):
            return Outcome.STALE, 0
        if item.published_at > now:
            # Rescheduled later since the alert was queued: it waits for the new time.
            return Outcome.NOT_YET, item.published_at
        alert.event = event_of(alert, item)
        alert.fanned_out_at = now
        alert.save(update_fields=["event", "fanned_out_at"])
        partner_id = alert.partner_id
        subscribers = Subscriber.objects.wanting(alert.event, partner_id).values_list(
            "pk", flat=True
        )
        deliveries = Delivery.objects.bulk_create(
            [Delivery(alert=alert, subscriber_id=pk, next_attempt_at=now) for pk in subscribers],
            batch_size=2000,
            ignore_conflicts=True,
        )
    return Outcome.SENT_TO, len(deliveries)
