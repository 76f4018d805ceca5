"""Drafts and scheduled publication, shared by meetings, announcements and pages.

An item is public when staff marked it published *and* its publication time has
come; nothing runs at that moment, the queries simply start to include it. Every
model built on `Publishable` says, through `next_change()`, when the clock alone next
changes what is public; the page cache (into_eu/web/pagecache.py) asks every such model,
so a new one is never forgotten.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def earliest(*moments):
    return min((moment for moment in moments if moment), default=None)


class PublishingQuerySet(models.QuerySet):
    def published(self, now=None):
        now = now or timezone.now()
        return self.filter(publication=Publishable.Publication.PUBLISHED, published_at__lte=now)

    def published_or_scheduled(self):
        """Everything staff marked published, whether or not its time has come."""
        return self.filter(publication=Publishable.Publication.PUBLISHED)

    def next_publication_time(self, now=None):
        """When the next scheduled item goes public, or None."""
        now = now or timezone.now()
        return (
            self.filter(publication=Publishable.Publication.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def next_change(self, now=None):
        """The next moment at which the clock alone changes what these items show, or None;
        a page rendered from them must not be kept past it. A model whose pages change
        with time otherwise (a meeting that ends) adds its moments."""
        return self.next_publication_time(now)


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

    objects = PublishingQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return (
            self.publication == self.Publication.PUBLISHED and self.published_at <= timezone.now()
        )


def schedulable_models():
    """Every installed model built on Publishable, and any other whose manager says when
    the clock changes what it shows (`next_change`, as a registration that opens)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) or hasattr(model._default_manager, "next_change")
    ]


def next_change(now=None):
    """When the clock alone next changes a public page, over every publishable model."""
    now = now or timezone.now()
    return earliest(*(model._default_manager.next_change(now) for model in schedulable_models()))
