"""What registration keeps about people: exported, erased, and deleted after the meeting."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Registrant, Registration


def held_about(email):
    """Every registration of an address (GDPR Art. 15), as plain data."""
    return [
        {
            "meeting": str(registrant.registration.meeting),
            "status": registrant.status,
            "name": registrant.name,
            "email": registrant.email,
            "organisation": registrant.organisation,
            "language": registrant.language,
            "access_needs": registrant.access_needs,
            "registered_at": registrant.registered_at.isoformat(),
            "consent_text": registrant.consent_version,
            "reminded_at": registrant.reminded_at and registrant.reminded_at.isoformat(),
        }
        for registrant in Registrant.objects.with_email(email)
        .select_related("registration__meeting")
        .order_by("pk")
    ]


EMPTIED = {
    "name": "",
    "email": "",
    "organisation": "",
    "language": "",
    "access_needs": "",
    "key": "",
}


def erase(email):
    """Delete an address's registrations' personal data (Art. 17). A place at a meeting
    still ahead is given back, so that someone waiting can take it; past meetings' rows
    are only emptied, their counts kept as they were."""
    from . import seats

    registrants = Registrant.objects.with_email(email)
    ahead = registrants.filter(registration__in=Registration.objects.ahead())
    ids = list(registrants.values_list("pk", flat=True))
    for pk in ahead.values_list("pk", flat=True):
        seats.cancel(pk)
    Registrant.objects.filter(pk__in=ids).with_personal_data().update(
        **EMPTIED, erased_at=timezone.now()
    )
    return {_("meeting registrations"): len(ids)}


def forget_past(now=None):
    """Personal data of registrations for meetings over more than REGISTRATION_DATA_DAYS
    (the privacy notice says how long): deleted, the rows and so the counts kept."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.REGISTRATION_DATA_DAYS)
    over = Q(registration__meeting__ends_at__lt=limit) | Q(
        registration__meeting__ends_at__isnull=True,
        registration__meeting__starts_at__lt=limit,
    )
    return Registrant.objects.with_personal_data().filter(over).update(**EMPTIED, erased_at=now)
