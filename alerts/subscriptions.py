"""Asking, confirming, changing and leaving: each step and the consent record it leaves."""

import datetime as dt
import ipaddress

from django.contrib.auth.base_user import BaseUserManager
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CONSENT_VERSION, Consent, Subscriber, digest

# One confirmation or reminder per address in this time, however often it is asked for.
MAIL_INTERVAL = dt.timedelta(minutes=15)
REQUEST_LIFETIME = dt.timedelta(days=7)
# How long consent records outlive the address (the privacy notice says so).
CONSENT_RECORDS_KEPT = dt.timedelta(days=3 * 365)


def choices_of(subscriber):
    return {
        "announcements": subscriber.announcements,
        "new_meetings": subscriber.new_meetings,
        "meeting_changes": subscriber.meeting_changes,
        "partner": subscriber.partner.slug if subscriber.partner else None,
    }


def ip_address(value):
    """A client address as stored, or None for anything else (a misconfigured proxy
    header may hold a list)."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def record(subscriber, event, client_address=None, text_version=CONSENT_VERSION):
    Consent.objects.create(
        subscriber=subscriber,
        email_digest=digest(subscriber.email),
        event=event,
        client_address=ip_address(client_address),
        text_version=text_version,
        language=subscriber.language,
        choices=choices_of(subscriber),
    )


def ask(form, client_address):
    """A request to subscribe. Whatever the address's state, the visitor is told the same
    thing (check your mail): nobody learns from the site who is subscribed."""
    from . import tasks

    email = BaseUserManager.normalize_email(form.cleaned_data["email"])
    now = timezone.now()
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().with_email(email).first()
            if subscriber is None:
                subscriber = form.save(commit=False)
                subscriber.email = email
                subscriber.mailed_at = now
                subscriber.save()
                record(subscriber, Consent.Event.ASKED, client_address)
                tasks.send_confirmation.enqueue(subscriber.pk)
            elif subscriber.mailed_at is None or subscriber.mailed_at < now - MAIL_INTERVAL:
                # Asked again: the link once more (the request then lasts a week from now,
                # so the link's 72 hours fit in it), or, once confirmed, a note with the link
                # to the choices. The first request's choices stand either way.
                subscriber.mailed_at = now
                if not subscriber.is_confirmed:
                    subscriber.asked_at = now
                    record(subscriber, Consent.Event.ASKED, client_address)
                subscriber.save(update_fields=["mailed_at", "asked_at"])
                tasks.send_confirmation.enqueue(subscriber.pk)
    except IntegrityError:
        # The same address asked at the same moment elsewhere: that request goes on.
        pass


def confirm(subscriber, client_address):
    """Consent to the text shown when the person asked, even if it has changed since."""
    asked = subscriber.consents.filter(event=Consent.Event.ASKED).last()
    subscriber.confirmed_at = timezone.now()
    subscriber.save(update_fields=["confirmed_at"])
    version = asked.text_version if asked else CONSENT_VERSION
    record(subscriber, Consent.Event.CONFIRMED, client_address, version)


def change(form, client_address):
    subscriber = form.save()
    record(subscriber, Consent.Event.CHANGED, client_address)
    return subscriber


@transaction.atomic
def leave(subscriber, client_address=None):
    """The address goes; the consent records stay, naming it by its digest only."""
    record(subscriber, Consent.Event.LEFT, client_address)
    subscriber.delete()


@transaction.atomic
def erase(email):
    """Everything held about an address (GDPR Art. 17), consent records included."""
    subscribers = Subscriber.objects.with_email(email)
    count = subscribers.count()
    subscribers.delete()
    consents, _by_model = Consent.objects.filter(email_digest=digest(email)).delete()
    return {_("alert subscriptions"): count, _("alert consent records"): consents}


def held_about(email):
    """Everything held about an address (GDPR Art. 15), as plain data."""
    subscriber = Subscriber.objects.with_email(email).select_related("partner").first()
    data = {"email": email.strip(), "subscription": None, "mails": []}
    if subscriber:
        data["subscription"] = {
            "email": subscriber.email,
            "language": subscriber.language,
            **choices_of(subscriber),
            "asked_at": subscriber.asked_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at and subscriber.confirmed_at.isoformat(),
        }
        data["mails"] = [
            {
                "item": str(delivery.alert.item),
                "event": delivery.alert.event,
                "status": delivery.status,
                "attempts": delivery.attempts,
                "sent_at": delivery.sent_at and delivery.sent_at.isoformat(),
            }
            for delivery in subscriber.deliveries.select_related(
                "alert__meeting", "alert__announcement"
            ).order_by("pk")
        ]
    data["consent_records"] = [
        {
            "event": consent.event,
            "at": consent.at.isoformat(),
            "from_address": consent.client_address,
            "consent_text": consent.text_version,
            "language": consent.language,
            "choices": consent.choices,
        }
        for consent in Consent.objects.filter(email_digest=digest(email))
    ]
    return data


def sweep(now=None):
    """What the privacy notice promises to delete: requests never confirmed within a week
    (with their records), and consent records of addresses gone for three years."""
    now = now or timezone.now()
    expired = Subscriber.objects.unconfirmed().filter(asked_at__lt=now - REQUEST_LIFETIME)
    with transaction.atomic():
        Consent.objects.filter(subscriber__in=expired).delete()
        requests, _ = expired.delete()
    old = now - CONSENT_RECORDS_KEPT
    gone = (
        Consent.objects.filter(subscriber__isnull=True)
        .values("email_digest")
        .annotate(last=Max("at"))
        .filter(last__lt=old)
        .values_list("email_digest", flat=True)
    )
    records, _ = Consent.objects.filter(subscriber__isnull=True, email_digest__in=gone).delete()
    return requests, records
