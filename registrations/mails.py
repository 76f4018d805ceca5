"""The mails to registrants, each in the language they chose, with the link to their
own page (to see their place or cancel) and the EU funding statement. A confirmed
place comes with the meeting as an .ics file, the same event the site's calendars
carry, so that it lands in their calendar and later updates replace it."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import mailing
from core.text import translated
from meetings import calendars

from . import links
from .models import Registrant


def mail(registrant, subject, kind, context=None, calendar=False):
    """`kind` names what the mail says: confirmed, waiting, promoted, reminder, notice."""
    meeting = registrant.registration.meeting
    with translation.override(registrant.language):
        title = translated(meeting, "title").text
        context = {
            "place": None,
            "notice": None,
            **(context or {}),
            "registrant": registrant,
            "meeting": meeting,
            "title": title,
            "meeting_url": mailing.absolute(meeting.get_absolute_url()),
            "place_url": links.place_url(registrant),
            "kind": kind,
            "calendar": calendar and meeting.day_is_known,
        }
        message = mailing.message(
            registrant.email,
            registrant.language,
            lambda: str(subject) % {"title": title},
            "registrations/mail/registrant",
            context,
        )
        if calendar and meeting.day_is_known:
            ics = calendars.calendar([meeting], mailing.absolute).to_ical()
            message.attach(f"{meeting.slug}.ics", ics, "text/calendar; charset=utf-8")
    return message


def registered(registrant):
    """The answer to a registration: the place is confirmed, or where it is in line."""
    if registrant.status == Registrant.Status.CONFIRMED:
        return mail(registrant, _("Your place is confirmed: %(title)s"), "confirmed", calendar=True)
    return mail(
        registrant,
        _("You are on the waiting list: %(title)s"),
        "waiting",
        {"place": registrant.place_in_line()},
    )


def promoted(registrant):
    return mail(registrant, _("A place is free for you: %(title)s"), "promoted", calendar=True)


def reminder(registrant):
    return mail(registrant, _("Reminder: %(title)s"), "reminder", calendar=True)


def notice(registrant, notice):
    """A message the organisers wrote, in their words, framed in the reader's language."""
    return mail(
        registrant,
        _("Message about %(title)s"),
        "notice",
        {"notice": notice},
    )
