"""Who asked for which e-mail alerts, what they consented to, and every mail sent.

A `Subscriber` is a request until it is confirmed (double opt-in) and is deleted when
the person leaves. `Consent` rows prove consent: they name the address only by a
digest, so they can outlive the address for as long as the privacy notice says. An
`Alert` is one version of one item to announce; a `Delivery` is that alert for one
subscriber, unique per pair, so that no retry, worker or instance sends it twice.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Announcement, Meeting
from partners.models import Partner

# The consent text people agree to (templates/alerts/subscribe.html). Change it with
# the text, so that each record says which one was shown.
CONSENT_VERSION = "2026-11-30"


def new_key():
    return secrets.token_urlsafe(24)


def digest(email):
    """How consent records name an address once it is gone."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def with_email(self, email):
        return self.filter(email__iexact=email.strip())

    def wanting(self, event, partner_id):
        """Confirmed subscribers who asked for this kind of alert from this partner."""
        wants = {
            Alert.Event.ANNOUNCEMENT: Q(announcements=True),
            Alert.Event.NEW_MEETING: Q(new_meetings=True),
            Alert.Event.CHANGED: Q(meeting_changes=True),
            Alert.Event.CANCELLED: Q(meeting_changes=True),
        }[event]
        return self.confirmed().filter(wants, Q(partner__isnull=True) | Q(partner_id=partner_id))


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(
        _("language of the mails"), max_length=8, choices=settings.LANGUAGES
    )
    announcements = models.BooleanField(_("announcements"), default=True)
    new_meetings = models.BooleanField(_("new meetings"), default=True)
    meeting_changes = models.BooleanField(_("changed and cancelled meetings"), default=True)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only from this partner"),
    )
    # In every link sent to the address: a link stops working when the address leaves.
    key = models.CharField(max_length=64, default=new_key, unique=True, editable=False)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # When the last confirmation or reminder was sent: one per address per quarter hour.
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-asked_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_subscriber_per_address"),
        ]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Consent(models.Model):
    class Event(models.TextChoices):
        ASKED = "asked", _("asked to subscribe")
        CONFIRMED = "confirmed", _("confirmed")
        CHANGED = "changed", _("changed the choices")
        LEFT = "left", _("left")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="consents"
    )
    email_digest = models.CharField(max_length=64, db_index=True)
    event = models.CharField(_("event"), max_length=12, choices=Event.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    client_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    text_version = models.CharField(_("consent text"), max_length=16, default=CONSENT_VERSION)
    language = models.CharField(_("language"), max_length=8)
    choices = models.JSONField(_("choices"), default=dict)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_event_display()} {self.at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """One version of an item, announced once: a meeting's version is its calendar
    SEQUENCE, so the changes that reach calendars are the ones that reach mailboxes."""

    class Event(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("new announcement")
        NEW_MEETING = "new", _("new meeting")
        CHANGED = "changed", _("changed meeting")
        CANCELLED = "cancelled", _("cancelled meeting")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    version = models.PositiveIntegerField(default=0)
    # False: staff published without sending; this version then never sends.
    send = models.BooleanField(default=True)
    event = models.CharField(max_length=12, choices=Event.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Sent from this moment: the item's publication time, or now.
    due_at = models.DateTimeField(default=timezone.now)
    # Set when the deliveries were made; None until then (or for good, if it never sent).
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=True) ^ Q(announcement__isnull=True),
                name="alert_of_one_item",
            ),
            models.UniqueConstraint(
                fields=["meeting", "version"],
                condition=Q(meeting__isnull=False),
                name="one_alert_per_meeting_version",
            ),
            models.UniqueConstraint(
                fields=["announcement", "version"],
                condition=Q(announcement__isnull=False),
                name="one_alert_per_announcement_version",
            ),
        ]

    def __str__(self):
        return f"{self.item} ({self.version})"

    @property
    def item(self):
        return self.meeting or self.announcement

    @property
    def partner_id(self):
        return self.meeting.host_id if self.meeting_id else self.announcement.partner_id


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        OUTDATED = "outdated", _("not sent: out of date")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    # Emptied when the subscriber leaves: the counts stay, the address goes.
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Which worker's batch holds it while it is being sent.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "alert"], name="one_mail_per_subscriber_and_version"
            )
        ]
        indexes = [models.Index(fields=["alert", "status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.alert} → {self.subscriber_id}: {self.status}"
