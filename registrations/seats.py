"""Taking, giving back and handing on places: never more confirmed than the capacity.

Every change locks the meeting's registration row first (SELECT … FOR UPDATE on
PostgreSQL; SQLite lets one writer in at a time), so that registrations arriving at the
same second are counted one after the other. The mails are queued for the worker in
the same transaction.
"""

from django.contrib.auth.base_user import BaseUserManager
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import CONSENT_VERSION, Registrant, Registration
from .people import EMPTIED


class Closed(Exception):
    """The registration is not open (yet, any more, or the meeting is off)."""


def register(registration_id, data, now=None):
    """A place for the person, confirmed or on the waiting list. An address already
    registered for the meeting keeps its place and gets its mail again; the answer on the
    page is the same either way, so nobody learns from it who is registered."""
    from . import tasks

    email = BaseUserManager.normalize_email(data["email"])
    try:
        with transaction.atomic():
            registration = Registration.objects.select_for_update().get(pk=registration_id)
            # Read once the lock is held, so the line's order is the order places were given.
            now = now or timezone.now()
            if not registration.is_open(now):
                raise Closed
            registrant = registration.registrants.active().with_email(email).first()
            if registrant is None:
                full = registration.registrants.confirmed().count() >= registration.capacity
                registrant = Registrant.objects.create(
                    registration=registration,
                    status=Registrant.Status.WAITING if full else Registrant.Status.CONFIRMED,
                    name=data["name"],
                    email=email,
                    organisation=data.get("organisation", ""),
                    language=data["language"],
                    access_needs=data.get("access_needs", ""),
                    registered_at=now,
                    status_changed_at=now,
                    consent_version=CONSENT_VERSION,
                )
            # The queue is a table of this database: the mail is queued with the place.
            tasks.send_registered.enqueue(registrant.pk)
    except IntegrityError:
        # The same address registered at the same moment elsewhere: that one goes on.
        return None
    return registrant


def cancel(registrant_id, now=None):
    """Give the place back: the personal data goes at once, and the first person waiting
    takes the seat. False when it was already cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        registrant = Registrant.objects.select_related("registration").get(pk=registrant_id)
        registration = Registration.objects.select_for_update().get(pk=registrant.registration_id)
        registrant = registration.registrants.select_for_update().get(pk=registrant_id)
        if registrant.status == Registrant.Status.CANCELLED:
            return False
        registrant.status = Registrant.Status.CANCELLED
        registrant.status_changed_at = now
        for name, value in EMPTIED.items():
            setattr(registrant, name, value)
        registrant.erased_at = now
        registrant.save()
        fill_places(registration, now)
    return True


def fill_places(registration, now=None):
    """Confirm people waiting, first come first served, while places are free (after a
    cancellation, or when staff add places). Call with the registration locked. Nothing
    moves once the meeting is over or cancelled: no "a place is free" for a past meeting,
    and its counts stay as they were."""
    from . import tasks

    now = now or timezone.now()
    if not Registration.objects.ahead(now).filter(pk=registration.pk).exists():
        return []
    free = registration.capacity - registration.registrants.confirmed().count()
    if free <= 0:
        return []
    promoted = list(registration.registrants.waiting()[:free])
    for registrant in promoted:
        registrant.status = Registrant.Status.CONFIRMED
        registrant.status_changed_at = now
        registrant.save(update_fields=["status", "status_changed_at"])
        tasks.send_promoted.enqueue(registrant.pk)
    return promoted


def set_places(registration_id, capacity):
    """Staff change the number of places: never below those already confirmed (counted
    under the lock, so a registration arriving meanwhile counts too); waiting people take
    any new places. Returns (the number set, the people who got a place)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        confirmed = registration.registrants.confirmed().count()
        registration.capacity = max(capacity, confirmed)
        registration.save(update_fields=["capacity"])
        return registration.capacity, fill_places(registration)
