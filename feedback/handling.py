"""Receiving feedback, answering it, and what is kept of it and for how long."""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CONSENT_VERSION, Feedback

PAGE_LENGTH = 500


def page_of(value, host=None):
    """A page of this site as its path (`/sq/meetings/…`), from a path or a whole address
    of this host; anything else (another site, a script URL) is dropped."""
    value = (value or "").strip()[:PAGE_LENGTH]
    parts = urlsplit(value)
    foreign = parts.scheme not in {"http", "https"} or not host or parts.netloc != host
    if (parts.scheme or parts.netloc) and foreign:
        return ""
    path = parts.path
    if not path.startswith("/") or path.startswith("//") or any(ch in path for ch in "\r\n\t"):
        return ""
    if carries_a_token(path):
        return ""
    return path + (f"?{parts.query}" if parts.query else "")


def carries_a_token(path):
    """A page reached by a mail's signed link (a registration, alert choices): its address
    is a key to someone's data, never to be stored or mailed to staff."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return "token" in match.kwargs


def receive(data, language):
    from . import tasks

    email = BaseUserManager.normalize_email(data.get("email") or "")
    feedback = Feedback.objects.create(
        page=data.get("page", ""),
        message=data["message"],
        email=email,
        language=language,
        consent_version=CONSENT_VERSION if email else "",
    )
    tasks.notify_staff.enqueue(feedback.pk)
    return feedback


def answered(feedback, user, now=None):
    """Record that the answer goes out; the worker mails it (queued in this transaction:
    the queue is a table of this database)."""
    from . import tasks

    now = now or timezone.now()
    feedback.status = Feedback.Status.ANSWERED
    feedback.answered_at = feedback.settled_at = now
    feedback.answered_by = user
    tasks.send_answer.enqueue(feedback.pk)


def held_about(email):
    return [
        {
            "received_at": feedback.received_at.isoformat(),
            "page": feedback.page,
            "message": feedback.message,
            "email": feedback.email,
            "language": feedback.language,
            "consent_text": feedback.consent_version,
            "status": feedback.status,
            "answer": feedback.answer,
            "answered_at": feedback.answered_at and feedback.answered_at.isoformat(),
        }
        for feedback in Feedback.objects.with_email(email).order_by("pk")
    ]


def erase(email):
    count, _by_model = Feedback.objects.with_email(email).delete()
    return {_("accessibility feedback messages"): count}


def forget_old(now=None):
    """Messages settled (answered or closed) more than FEEDBACK_KEPT_DAYS ago, and those
    never settled that arrived that long ago: no address is kept for ever because nobody
    answered (the privacy notice says both)."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.FEEDBACK_KEPT_DAYS)
    settled = Q(settled_at__lt=limit) & ~Q(status=Feedback.Status.NEW)
    unanswered = Q(settled_at__isnull=True, received_at__lt=limit)
    count, _by_model = Feedback.objects.filter(settled | unanswered).delete()
    return count
