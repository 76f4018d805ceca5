"""The feedback's mails: to staff when a message arrives (the message and the page, not
the sender's address), and the answer to the sender, in the language they wrote in."""

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import mailing

from .models import Feedback


def arrived(feedback, staff_email, language):
    with translation.override(language):
        admin_url = mailing.absolute(
            reverse(admin_urlname(Feedback._meta, "change"), args=[feedback.pk])
        )
    return mailing.message(
        staff_email,
        language,
        lambda: str(_("New accessibility feedback on the IN.TO.EU website")),
        "feedback/mail/arrived",
        {"feedback": feedback, "admin_url": admin_url},
    )


def answer(feedback):
    with translation.override(feedback.language):
        statement_url = mailing.absolute(reverse("page-accessibility"))
    return mailing.message(
        feedback.email,
        feedback.language,
        lambda: str(_("Our answer to your accessibility feedback")),
        "feedback/mail/answer",
        {"feedback": feedback, "statement_url": statement_url},
    )
