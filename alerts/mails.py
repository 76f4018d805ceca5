"""The mails, each in its recipient's language, with a plain-text and an HTML part.

No tracking: no pixel, no redirecting link; links go straight to the site's pages.
Every mail ends with the EU funding statement; alerts carry RFC 2369/8058's
List-Unsubscribe headers, and meetings their calendar event as an .ics file.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core import mailing
from core.text import translated
from meetings import calendars

from . import links
from .models import Alert

LIST_ID = "IN.TO.EU alerts <alerts.into-eu>"


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    # The page to change one's alerts or leave; for a staff test, the subscribe page.
    choices_url: str
    leave_url: str | None = None

    @classmethod
    def of(cls, subscriber):
        return cls(
            subscriber.email,
            subscriber.language,
            links.manage_url(subscriber),
            links.leave_url(subscriber),
        )

    @classmethod
    def staff(cls, email, language):
        with translation.override(language):
            return cls(email, language, links.absolute(reverse("alerts:subscribe")))


def message(recipient, subject, template, context, headers=None):
    """`subject` is called in the recipient's language."""
    return mailing.message(
        recipient.email,
        recipient.language,
        subject,
        f"alerts/mail/{template}",
        {**context, "recipient": recipient},
        headers,
    )


def confirmation(subscriber):
    """The double opt-in link; once confirmed, a note with the link to the choices."""
    recipient = Recipient.of(subscriber)
    if subscriber.is_confirmed:
        return message(
            recipient,
            lambda: _("Your IN.TO.EU e-mail alerts"),
            "reminder",
            {"subscriber": subscriber},
        )
    return message(
        recipient,
        lambda: _("Please confirm your IN.TO.EU e-mail alerts"),
        "confirm",
        {"subscriber": subscriber, "confirm_url": links.confirm_url(subscriber)},
    )


def alert_subject(event, title):
    if event == Alert.Event.ANNOUNCEMENT:
        text = _("IN.TO.EU announcement: %(title)s")
    elif event == Alert.Event.NEW_MEETING:
        text = _("New IN.TO.EU meeting: %(title)s")
    elif event == Alert.Event.CHANGED:
        text = _("IN.TO.EU meeting changed: %(title)s")
    else:
        text = _("IN.TO.EU meeting cancelled: %(title)s")
    return text % {"title": title}


def alert(event, item, recipient):
    """One alert; `item` is a meeting or an announcement, read with its partner."""
    headers = {"List-Id": LIST_ID}
    if recipient.leave_url:
        headers["List-Unsubscribe"] = f"<{recipient.leave_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    with translation.override(recipient.language):
        title = translated(item, "title")
        url = links.absolute(item.get_absolute_url())
        context = {"event": event, "item": item, "title": title, "url": url}
        mail = message(
            recipient, lambda: alert_subject(event, title.text), "alert", context, headers
        )
        if event != Alert.Event.ANNOUNCEMENT and item.day_is_known:
            ics = calendars.calendar([item], links.absolute).to_ical()
            mail.attach(f"{item.slug}.ics", ics, "text/calendar; charset=utf-8")
    return mail
