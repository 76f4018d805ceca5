"""Accessibility feedback (Directive (EU) 2016/2102, Art. 7): a visitor reports a problem
or asks for content in an accessible form; staff answer from the admin."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The consent text for the optional address (templates/feedback/form.html). Change it
# with the text, so that each message says which one was shown.
CONSENT_VERSION = "2026-12-01"


class FeedbackQuerySet(models.QuerySet):
    def with_email(self, email):
        return self.filter(email__iexact=email.strip()).exclude(email="")


class Feedback(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    page = models.CharField(_("page concerned"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    email = models.EmailField(_("e-mail address for the answer"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    consent_version = models.CharField(max_length=20, blank=True, editable=False)
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(
        _("answer"),
        max_length=5000,
        blank=True,
        help_text=_(
            "Sent by mail to the address given, when you save with “Send the answer” ticked."
        ),
    )
    answered_at = models.DateTimeField(_("answer sent"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("answered by"),
    )
    # When it was last answered or closed: the deletion clock starts there.
    settled_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.received_at:%Y-%m-%d} {self.page or '—'}"
