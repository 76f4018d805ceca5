"""The signed links in the mails.

Each names a subscriber and carries its random key, so a link stops working when the
address leaves (or is erased); the signature makes a changed link fail. Confirmation
links also expire, as the subscribe page says.
"""

import datetime as dt

from django.core import signing
from django.urls import reverse
from django.utils import translation

from core import mailing

from .models import Subscriber

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
CONFIRMATION_LIFETIME = dt.timedelta(hours=72)


class InvalidLink(Exception):
    """Tampered with, incomplete or expired."""


class Gone(InvalidLink):
    """A sound link of an address that has since left (or was never confirmed in time)."""


def token(subscriber, purpose):
    return signing.dumps([subscriber.pk, subscriber.key], salt=purpose)


def subscriber_of(value, purpose):
    max_age = CONFIRMATION_LIFETIME if purpose == CONFIRM else None
    try:
        pk, key = signing.loads(value, salt=purpose, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink from None
    subscriber = Subscriber.objects.filter(pk=pk, key=key).first()
    if subscriber is None:
        raise Gone
    return subscriber


def manage_path(subscriber):
    """The choices page, in the language of the page that links to it."""
    return reverse("alerts:manage", kwargs={"token": token(subscriber, MANAGE)})


def leave_path(subscriber):
    return reverse("alerts:leave", kwargs={"token": token(subscriber, MANAGE)})


absolute = mailing.absolute


def url(viewname, subscriber, purpose, language=None):
    """The whole address of one of a subscriber's pages, in their language."""
    with translation.override(language or subscriber.language):
        path = reverse(viewname, kwargs={"token": token(subscriber, purpose)})
    return absolute(path)


def confirm_url(subscriber):
    return url("alerts:confirm", subscriber, CONFIRM)


def manage_url(subscriber):
    return url("alerts:manage", subscriber, MANAGE)


def leave_url(subscriber):
    return url("alerts:leave", subscriber, MANAGE)
