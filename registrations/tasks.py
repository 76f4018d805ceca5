"""What the task worker does for registration: the mails, the reminders, and deleting
personal data once a meeting is long over (the privacy notice says when)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import recurring
from core.mailing import send_once
from meetings.models import Meeting

from . import mails, people
from .models import Notice, Registrant, Registration

SWEEP_EVERY = dt.timedelta(hours=1)


def registrant(registrant_id):
    """The registrant, while they still have an address to write to."""
    return (
        Registrant.objects.with_personal_data()
        .select_related("registration__meeting__host")
        .filter(pk=registrant_id)
        .first()
    )


def send(make, task_function, registrant_id, attempt, *args):
    """Make and send one mail; a temporary refusal queues the same task again later."""
    person = registrant(registrant_id)
    if person is None:
        return "gone"
    return send_once(
        make(person),
        attempt,
        lambda run_after: task_function.using(run_after=run_after).enqueue(
            registrant_id, attempt + 1, *args
        ),
    )


@task()
def send_registered(registrant_id, attempt=1):
    return send(mails.registered, send_registered, registrant_id, attempt)


@task()
def send_promoted(registrant_id, attempt=1):
    return send(mails.promoted, send_promoted, registrant_id, attempt)


@task()
def send_reminder(registrant_id, attempt=1):
    return send(mails.reminder, send_reminder, registrant_id, attempt)


@task()
def send_notice(notice_id):
    """A message from the organisers: one task per registrant, each retried alone."""
    notice = Notice.objects.select_related("registration").get(pk=notice_id)
    registrants = notice.registration.registrants.with_personal_data().active()
    if notice.audience == Notice.Audience.CONFIRMED:
        registrants = registrants.confirmed()
    ids = list(registrants.values_list("pk", flat=True))
    for registrant_id in ids:
        send_notice_to.enqueue(registrant_id, 1, notice_id)
    Notice.objects.filter(pk=notice_id).update(recipients=len(ids))
    return len(ids)


@task()
def send_notice_to(registrant_id, attempt, notice_id):
    notice = Notice.objects.get(pk=notice_id)
    return send(
        lambda person: mails.notice(person, notice),
        send_notice_to,
        registrant_id,
        attempt,
        notice_id,
    )


def due_reminders(now):
    """Queue the reminders of confirmed registrants whose meeting (ahead, on a known day,
    neither cancelled nor postponed) starts within REGISTRATION_REMINDER_HOURS. Each is
    marked by a conditional UPDATE in the transaction that queues its mail, so a sweep
    running twice reminds once, and a failure between the two loses neither."""
    soon = now + dt.timedelta(hours=settings.REGISTRATION_REMINDER_HOURS)
    meetings = Registration.objects.ahead(now).exclude(meeting__status=Meeting.Status.POSTPONED)
    due = (
        Registrant.objects.confirmed()
        .with_personal_data()
        .filter(
            reminded_at__isnull=True,
            registration__in=meetings,
            registration__meeting__starts_at__lte=soon,
        )
        .values_list("pk", flat=True)
    )
    reminded = []
    for pk in due:
        with transaction.atomic():
            if Registrant.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                send_reminder.enqueue(pk)
                reminded.append(pk)
    return reminded


@task()
def sweep():
    try:
        now = timezone.now()
        reminded = due_reminders(now)
        forgotten = people.forget_past(now)
    finally:
        schedule_sweep()
    return {"reminders": len(reminded), "personal_data_deleted": forgotten}


def schedule_sweep(**kwargs):
    """Queue the next sweep unless one is waiting (post_migrate calls this too)."""
    recurring.queue_next(sweep, SWEEP_EVERY)
