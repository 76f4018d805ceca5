import datetime as dt
import secrets
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage as storage
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.fields import CheckedImageField, osm_url, validate_timezone
from core.publishing import Publishable, PublishingQuerySet, earliest
from core.reversing import reverse
from core.validators import validate_pdf_file
from partners.models import Partner

from . import renditions as rendering

END_OF_DAY = dt.time(23, 59, 59)
# A change to any of these reaches people's calendars, so it raises the iCalendar SEQUENCE.
CALENDAR_FIELDS = [
    "start_date",
    "date_precision",
    "start_time",
    "end_date",
    "end_time",
    "timezone",
    "status",
    "latitude",
    "longitude",
]
CALENDAR_TRANSLATED_FIELDS = ["title", "venue_name", "venue_address"]


# What a meeting card shows (templates/includes/cards.html), and all lists of meetings
# read: each text column exists in five languages, and with whole rows uncached pages
# were 10.5 % slower (`make bench`, one run, 30 November 2026). A template that starts
# showing another field makes tests/into_eu/test_queries.py fail until it is added here.
# Translated names stand for all their languages (modeltranslation expands them).
CARD_FIELDS = [
    "slug",
    "kind",
    "number",
    "title",
    "status",
    "timezone",
    "start_date",
    "date_precision",
    "start_time",
    "end_date",
    "end_time",
    "starts_at",
    "ends_at",
    "venue_name",
    "host",
]


# One order for every list of meetings: by start, then kind and number (international
# meetings first; local ones have no number, so NULL never decides), then slug (unique).
# Past meetings use it backwards, latest first.
ORDER = ("starts_at", "kind", "number", "slug")
REVERSE_ORDER = tuple(f"-{name}" for name in ORDER)


def random_name(folder, extension):
    """An unguessable stored name: the uploaded name is the sender's, and a guessable
    address would reveal a draft's file (README, "Media serving")."""
    return f"{folder}/{secrets.token_hex(16)}.{extension}"


def photo_name(instance, filename):
    # Originals are re-encoded as JPEG (renditions.stripped_original) whatever was sent.
    return random_name("photos", "jpg")


def document_name(instance, filename):
    # validate_pdf_file accepted only a PDF, so the stored name says so whatever was sent.
    return random_name("documents", "pdf")


# Which meetings are upcoming, past or undated, each stated once: the querysets filter
# by these conditions, and timeline() has the database mark each row with them. A held
# meeting is past even before its period ends: one known only as "2017" was not upcoming
# all through that year.
HELD = Q(status="held")


def upcoming_at(now):
    return Q(ends_at__gte=now) & ~HELD


def past_at(now):
    return Q(ends_at__lt=now) | (HELD & Q(starts_at__isnull=False))


UNDATED = Q(starts_at__isnull=True)


class Timeline(NamedTuple):
    upcoming: list
    undated: list
    past: list


class MeetingQuerySet(PublishingQuerySet):
    """Each rule about which meetings to show lives here, once."""

    def dated(self):
        return self.exclude(UNDATED)

    def undated(self):
        return self.filter(UNDATED)

    def on_known_days(self):
        """Dated to the day: what calendars can hold (a year alone cannot be placed)."""
        return self.dated().filter(date_precision="day")

    def upcoming(self, now=None):
        """Meetings still ahead (not ended, not marked held), soonest first."""
        return self.filter(upcoming_at(now or timezone.now())).order_by(*ORDER)

    def past(self, now=None):
        """Meetings that have ended or were marked held, latest first."""
        return self.filter(past_at(now or timezone.now())).order_by(*REVERSE_ORDER)

    def timeline(self, now=None):
        """upcoming(), undated() and past() as three lists, from one query.

        Django spends more time building a query than the database answering it, so one
        query costs about a third of three. The database marks each row with the same
        conditions the three querysets filter by; ORDER ends on the unique slug, so the
        past, read in ORDER and reversed, is in past()'s order. tests/meetings/test_models.py
        checks that the lists equal the three querysets'.
        """
        now = now or timezone.now()
        rows = self.annotate(
            is_upcoming=ExpressionWrapper(upcoming_at(now), output_field=BooleanField()),
            is_past=ExpressionWrapper(past_at(now), output_field=BooleanField()),
            is_undated=ExpressionWrapper(UNDATED, output_field=BooleanField()),
        ).order_by(*ORDER)
        rows = list(rows)
        return Timeline(
            upcoming=[meeting for meeting in rows if meeting.is_upcoming],
            undated=[meeting for meeting in rows if meeting.is_undated],
            past=[meeting for meeting in rows if meeting.is_past][::-1],
        )

    def next_or_latest(self, now=None):
        """(meeting, is_upcoming): the next meeting, else the latest one; (None, False)
        when no meeting has a date. From timeline()'s one query: the project has a
        handful of meetings."""
        upcoming, _undated, past = self.timeline(now)
        if upcoming:
            return upcoming[0], True
        return (past[0] if past else None), False

    def next_change(self, now=None):
        """Also when the next public meeting ends: it moves from upcoming to past."""
        now = now or timezone.now()
        ends = (
            self.published(now).upcoming(now).order_by("ends_at").values_list("ends_at", flat=True)
        )
        return earliest(super().next_change(now), ends.first())

    def for_cards(self):
        """Only the columns a card shows (CARD_FIELDS)."""
        return self.only(*CARD_FIELDS)

    def with_host(self):
        return self.select_related("host")

    def with_media_flags(self):
        """`has_photos` and `has_documents` on each meeting, so that its page queries only
        the kinds of media it has (most meetings have neither)."""
        return self.annotate(
            has_photos=Exists(Photo.objects.filter(meeting=OuterRef("pk"))),
            has_documents=Exists(Document.objects.filter(meeting=OuterRef("pk"))),
        )


class Meeting(Publishable):
    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International meeting")
        LOCAL = "local", _("Local meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Precision(models.TextChoices):
        DAY = "day", _("the day")
        MONTH = "month", _("the month only")
        YEAR = "year", _("the year only")

    slug = models.SlugField(_("address name"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("1 to 5 for the international meetings; empty for local meetings."),
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    host = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("host partner")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text=_("The venue's time zone; empty means the host partner's."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    date_precision = models.CharField(
        _("what is known of the date"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            "For a meeting known only by its month or year, give the first day of that "
            "month or year as the start date, with no time and no end."
        ),
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    # Derived on save from the local dates, times and time zone, so that the
    # database can sort meetings and tell upcoming from past by itself.
    starts_at = models.DateTimeField(null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(null=True, editable=False, db_index=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown: blank line between paragraphs, “- ” for lists, [text](link)."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # iCalendar clients replace their copy of an event only when this grows (RFC 5545 3.8.7.4).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()
    # Where core.access finds the partner whose editors may change it.
    partner_path = "host"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ORDER
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(kind="international"),
                name="one_international_meeting_per_number",
                violation_error_message=_("Another international meeting has this number."),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.timezone and self.host_id:
            self.timezone = self.host.timezone
        self.starts_at, self.ends_at = self._instants()
        if self.pk and self._calendar_changed():
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)

    def _calendar_changed(self):
        fields = CALENDAR_FIELDS + [
            build_localized_fieldname(name, code)
            for name in CALENDAR_TRANSLATED_FIELDS
            for code, _name in settings.LANGUAGES
        ]
        stored = type(self).objects.filter(pk=self.pk).values(*fields).first()
        return stored is not None and any(stored[name] != getattr(self, name) for name in fields)

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone or self.host.timezone)

    @property
    def start(self):
        """The start as an aware date-time in the venue's zone, when the time is known."""
        if self.start_date and self.start_time:
            return dt.datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)
        return None

    @property
    def end(self):
        if self.end_date and self.end_time:
            return dt.datetime.combine(self.end_date, self.end_time, tzinfo=self.zone)
        return None

    @property
    def day_is_known(self):
        """A start date down to the day: only then can calendars and search engines
        place it (a meeting known by its year alone is shown, sorted, never exported)."""
        return bool(self.start_date) and self.date_precision == self.Precision.DAY

    @property
    def is_over(self):
        """Held, or ended by the clock: what is unknown of it was not recorded, rather than
        still to be announced."""
        if self.status == self.Status.HELD:
            return True
        return self.ends_at is not None and self.ends_at < timezone.now()

    @property
    def is_multi_day(self):
        return bool(self.end_date and self.start_date and self.end_date != self.start_date)

    @property
    def map_url(self):
        return osm_url(self.latitude, self.longitude, self.venue_address)

    def media(self):
        """Its photos and documents, each queried only if with_media_flags() found some
        (or when the flags were not asked for)."""
        photos = self.photos.all() if getattr(self, "has_photos", True) else []
        documents = self.documents.all() if getattr(self, "has_documents", True) else []
        return list(photos), list(documents)

    def clean(self):
        errors = {}
        if self.kind == self.Kind.INTERNATIONAL and not self.number:
            errors["number"] = _("International meetings need their number, 1 to 5.")
        if self.number is not None and not 1 <= self.number <= 5:
            errors["number"] = _("The project has five international meetings: use 1 to 5.")
        if self.kind == self.Kind.LOCAL and self.number:
            errors["number"] = _("Local meetings have no number; leave it empty.")
        if self.start_time and not self.start_date:
            errors["start_date"] = _("A start time needs a start date.")
        if (self.end_date or self.end_time) and not self.start_date:
            errors["end_date"] = _("An end needs a start date.")
        if self.end_time and not self.end_date:
            errors["end_date"] = _("An end time needs an end date.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The meeting cannot end before it starts.")
        if (
            self.start_date
            and self.end_date == self.start_date
            and self.start_time
            and self.end_time
            and self.end_time < self.start_time
        ):
            errors["end_time"] = _("The meeting cannot end before it starts.")
        if self.date_precision != self.Precision.DAY:
            errors.update(self._clean_partial_date())
        if errors:
            raise ValidationError(errors)

    def _clean_partial_date(self):
        """A month or a year is stored as its first day, with nothing more precise."""
        if not self.start_date:
            return {"start_date": _("Give the first day of the month or year that is known.")}
        self.start_date = self._period_start()
        if self.start_time or self.end_date or self.end_time:
            return {"date_precision": _("With the month or year only, leave times and end empty.")}
        return {}

    def _period_start(self):
        if self.date_precision == self.Precision.YEAR:
            return self.start_date.replace(month=1, day=1)
        return self.start_date.replace(day=1)

    def _period_end(self):
        """The last day of the month or year the meeting is known by."""
        if self.date_precision == self.Precision.YEAR:
            return self.start_date.replace(month=12, day=31)
        following = self.start_date.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)

    def _instants(self):
        if not self.start_date:
            return None, None
        zone = self.zone
        if self.date_precision != self.Precision.DAY:
            # Sorted by the period's first day; past once the whole period is.
            return (
                dt.datetime.combine(self._period_start(), dt.time(0), zone),
                dt.datetime.combine(self._period_end(), END_OF_DAY, zone),
            )
        starts_at = dt.datetime.combine(self.start_date, self.start_time or dt.time(0), zone)
        # Without a known end, a meeting counts as upcoming until its (last) day is over.
        last_day = self.end_date or self.start_date
        last_time = self.end_time if self.end_date and self.end_time else END_OF_DAY
        ends_at = dt.datetime.combine(last_day, last_time, zone)
        return starts_at, ends_at


class AnnouncementQuerySet(PublishingQuerySet):
    def published(self, now=None):
        return super().published(now).order_by("-published_at")

    def for_listing(self):
        return self.select_related("meeting", "meeting__host", "partner")

    def for_cards(self):
        """Only the columns an announcement's card shows (as CARD_FIELDS for meetings)."""
        return self.only("slug", "title", "summary", "published_at", "partner")


class Announcement(Publishable):
    """The text a journalist reads: what is announced, when it was published, whom to ask."""

    slug = models.SlugField(_("address name"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown: blank line between paragraphs, “- ” for lists, [text](link)."),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("announced meeting"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("published by"),
    )
    contact_name = models.CharField(_("press contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("press contact e-mail"), blank=True)
    contact_phone = models.CharField(_("press contact telephone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()
    partner_path = "partner"

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:announcement", kwargs={"slug": self.slug})

    @property
    def public_meeting(self):
        """The announced meeting, unless it is still a draft or scheduled."""
        return self.meeting if self.meeting and self.meeting.is_public else None


class Photo(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="photos", verbose_name=_("meeting")
    )
    image = CheckedImageField(
        _("photo"),
        upload_to=photo_name,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    alt_text = models.CharField(
        _("description for people who cannot see it"),
        max_length=250,
        help_text=_("What the photo shows, in a sentence. Required."),
    )
    caption = models.CharField(_("caption"), max_length=300)
    credit = models.CharField(_("photographer or source"), max_length=200, blank=True)
    licence = models.CharField(
        _("licence"), max_length=100, blank=True, help_text=_("For example CC BY 4.0.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    renditions = models.JSONField(default=list, editable=False)

    partner_path = "meeting__host"

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        fresh_upload = bool(self.image) and not self.image._committed
        if fresh_upload:
            self.image = rendering.stripped_original(self.image, self.image.name)
            rendering.delete_renditions(self.renditions)
        super().save(*args, **kwargs)
        if fresh_upload:
            self.renditions = rendering.make_renditions(self.image)
            super().save(update_fields=["renditions"])

    @property
    def sources(self):
        """Renditions with their public URLs, narrowest first."""
        return [
            {
                **entry,
                "webp_url": storage.url(entry["webp"]),
                "jpeg_url": storage.url(entry["jpeg"]),
            }
            for entry in self.renditions
        ]


class Document(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")
        FINAL_REPORT = "final-report", _("Final report")
        OTHER = "other", _("Other document")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language of the document"), max_length=2, choices=settings.LANGUAGES
    )
    file = models.FileField(_("PDF file"), upload_to=document_name, validators=[validate_pdf_file])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    partner_path = "meeting__host"

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title
