"""Registration for a meeting, where its organisers open it: the seats, and the people.

A meeting's `Registration` holds what staff set (capacity, when it opens and closes).
A `Registrant` is one person's place: confirmed up to the capacity, then waiting in
order. Their personal data is deleted when they cancel, and for everyone some days
after the meeting ends (REGISTRATION_DATA_DAYS); the rows stay, emptied, so that the
counts remain.
"""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.publishing import earliest
from meetings.models import Meeting

# The consent text people agree to (templates/registrations/register.html). Change it
# with the text, so that each registration says which one was shown.
CONSENT_VERSION = "2026-12-01"


def new_key():
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
    def ahead(self, now=None):
        """For a published meeting still to come, on a known day, not cancelled: places can
        still be handed on and reminders sent (a postponed meeting keeps its list)."""
        now = now or timezone.now()
        return self.filter(
            meeting__in=Meeting.objects.published(now)
            .upcoming(now)
            .on_known_days()
            .exclude(status=Meeting.Status.CANCELLED),
            meeting__starts_at__gt=now,
        )

    def open(self, now=None):
        """Taking registrations now: ahead(), not postponed, and within its window."""
        now = now or timezone.now()
        return (
            self.ahead(now)
            .exclude(meeting__status=Meeting.Status.POSTPONED)
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now), opens_at__lte=now)
        )

    def next_change(self, now=None):
        """When a registration next opens or closes (by its closing time, else when its
        meeting starts): the meeting's page shows the Register button only between."""
        now = now or timezone.now()
        closing = self.annotate(closing=Coalesce("closes_at", "meeting__starts_at"))
        return earliest(
            self.filter(opens_at__gt=now)
            .order_by("opens_at")
            .values_list("opens_at", flat=True)
            .first(),
            closing.filter(closing__gt=now)
            .order_by("closing")
            .values_list("closing", flat=True)
            .first(),
        )


class Registration(models.Model):
    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="registration", verbose_name=_("meeting")
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        validators=[MinValueValidator(1)],
        help_text=_("Registrations beyond this number go on a waiting list."),
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the meeting starts."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()
    # Where core.access finds the partner whose editors may change it.
    partner_path = "meeting__host"

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-meeting__starts_at"]

    def __str__(self):
        return str(self.meeting)

    def is_open(self, now=None):
        return type(self).objects.open(now).filter(pk=self.pk).exists()

    def closes(self):
        """When it closes: its closing time, or the meeting's start."""
        return self.closes_at or self.meeting.starts_at


class RegistrantQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registrant.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registrant.Status.CONFIRMED)

    def waiting(self):
        """In the order they registered, which is the order of promotion."""
        return self.filter(status=Registrant.Status.WAITING).order_by("registered_at", "pk")

    def with_personal_data(self):
        return self.filter(erased_at__isnull=True)

    def with_email(self, email):
        # Emptied rows have no address: an empty one must never match them all.
        return self.filter(email__iexact=email.strip()).exclude(email="")


class Registrant(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="registrants"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the mails"), max_length=5, choices=settings.LANGUAGES
    )
    access_needs = models.TextField(_("access needs"), max_length=1000, blank=True)
    # Makes the cancel link of the mails; a new one voids the old links.
    key = models.CharField(max_length=64, default=new_key, editable=False)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    consent_version = models.CharField(max_length=20)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # When the personal data above was deleted (cancelled, or the meeting long over).
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrantQuerySet.as_manager()
    partner_path = "registration__meeting__host"

    class Meta:
        verbose_name = _("registrant")
        verbose_name_plural = _("registrants")
        constraints = [
            # One place per address and meeting; erased rows have no address.
            models.UniqueConstraint(
                "registration",
                Lower("email"),
                condition=~Q(email=""),
                name="one_registration_per_address",
            )
        ]

    def __str__(self):
        return self.name or f"#{self.pk}"

    def place_in_line(self):
        """1 for the first person waiting; None for everyone else."""
        if self.status != self.Status.WAITING:
            return None
        ahead = self.registration.registrants.waiting().filter(
            Q(registered_at__lt=self.registered_at)
            | Q(registered_at=self.registered_at, pk__lt=self.pk)
        )
        return ahead.count() + 1


class Notice(models.Model):
    """A message staff sent to a meeting's registrants (kept without any address)."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed registrants")
        EVERYONE = "everyone", _("Confirmed and waiting registrants")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notices")
    audience = models.CharField(
        _("to"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    subject = models.CharField(_("subject"), max_length=150)
    text = models.TextField(_("message"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
