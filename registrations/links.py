"""The signed link in every registration mail: the person's own page, to see their place
and cancel. It names the registrant and carries their random key, which cancelling
deletes, so a link stops working then; the signature makes a changed link fail."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from core import mailing

from .models import Registrant

SALT = "registrations.place"


class InvalidLink(Exception):
    """Tampered with or incomplete."""


class Gone(InvalidLink):
    """A sound link of a place since cancelled or of a meeting long over."""


def token(registrant):
    return signing.dumps([registrant.pk, registrant.key], salt=SALT)


def registrant_of(value):
    try:
        pk, key = signing.loads(value, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink from None
    registrant = (
        Registrant.objects.filter(pk=pk, key=key)
        .exclude(key="")
        .select_related("registration__meeting__host")
        .first()
    )
    if registrant is None:
        raise Gone
    return registrant


def place_path(registrant):
    return reverse("registrations:place", kwargs={"token": token(registrant)})


def place_url(registrant):
    with translation.override(registrant.language):
        return mailing.absolute(place_path(registrant))
