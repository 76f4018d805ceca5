"""Drafts and scheduled publication, shared by meetings, announcements and pages.

An item is public when staff marked it published *and* its publication time has
come; nothing runs at that moment, the queries simply start to include it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishingQuerySet(models.QuerySet):
    def published(self, now=None):
        now = now or timezone.now()
        return self.filter(publication=Publishable.Publication.PUBLISHED, published_at__lte=now)

    def next_publication_time(self, now=None):
        """When the next scheduled item goes public, or None; caches must not outlive it."""
        now = now or timezone.now()
        return (
            self.filter(publication=Publishable.Publication.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )


class Publishable(models.Model):
    class Publication(models.TextChoices):
        DRAFT = "draft", _("Draft (visible to staff only)")
        PUBLISHED = "published", _("Published")

    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        help_text=_("Published items appear on the site from their publication time on."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        db_index=True,
        help_text=_("A time in the future schedules the item: it appears by itself then."),
    )

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return (
            self.publication == self.Publication.PUBLISHED and self.published_at <= timezone.now()
        )
