"""What the task worker does for feedback: tell staff, send answers, and delete old
messages (the privacy notice says when)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django_tasks import task

from core import recurring
from core.mailing import send_once
from core.models import language_of

from . import handling, mails
from .models import Feedback

SWEEP_EVERY = dt.timedelta(hours=6)


def staff_to_tell():
    """Active staff with an address who may read feedback: superusers and the members
    of groups given the permission (project editors)."""
    permission = Permission.objects.filter(
        content_type__app_label="feedback", codename="view_feedback"
    )
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__permissions__in=permission))
        .filter(is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
    )


@task()
def notify_staff(feedback_id):
    """One mail to each staff member who reads feedback, each retried alone."""
    users = list(staff_to_tell().values_list("pk", flat=True))
    for user_id in users:
        notify_one.enqueue(feedback_id, user_id, 1)
    return len(users)


@task()
def notify_one(feedback_id, user_id, attempt):
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    user = staff_to_tell().filter(pk=user_id).first()
    if feedback is None or user is None:
        return "gone"
    return send_once(
        mails.arrived(feedback, user.email, language_of(user)),
        attempt,
        lambda run_after: notify_one.using(run_after=run_after).enqueue(
            feedback_id, user_id, attempt + 1
        ),
    )


@task()
def send_answer(feedback_id, attempt=1):
    feedback = Feedback.objects.filter(pk=feedback_id).exclude(email="").first()
    if feedback is None:
        return "gone"
    return send_once(
        mails.answer(feedback),
        attempt,
        lambda run_after: send_answer.using(run_after=run_after).enqueue(feedback_id, attempt + 1),
    )


@task()
def sweep():
    try:
        deleted = handling.forget_old()
    finally:
        schedule_sweep()
    return {"deleted": deleted}


def schedule_sweep(**kwargs):
    recurring.queue_next(sweep, SWEEP_EVERY)
