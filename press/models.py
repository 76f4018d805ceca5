from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable, PublishingQuerySet
from core.reversing import reverse

# By the day it appeared, newest first; items whose day was not recorded last.
NEWEST_FIRST = [F("published_on").desc(nulls_last=True), "outlet", "pk"]


class CoverageQuerySet(PublishingQuerySet):
    def newest_first(self):
        return self.order_by(*NEWEST_FIRST)


class Coverage(Publishable):
    """What the press reported about the project: one article, broadcast or release."""

    slug = models.SlugField(
        _("address name"), unique=True, help_text=_("A short name, used by the site's data files.")
    )
    outlet = models.CharField(
        _("outlet"), max_length=200, help_text=_("The newspaper, site or broadcaster.")
    )
    title = models.CharField(
        _("original title"),
        max_length=300,
        blank=True,
        help_text=_("As the outlet wrote it, in its language; empty when not recorded."),
    )
    published_on = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Empty when the day was not recorded.")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    url = models.URLField(_("address"), blank=True, help_text=_("Optional: the item online."))
    summary = models.TextField(_("what it reported"), help_text=_("One sentence."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("press coverage item")
        verbose_name_plural = _("press coverage")
        ordering = NEWEST_FIRST

    def __str__(self):
        return self.title or self.outlet

    def get_absolute_url(self):
        return reverse("press:press") + f"#coverage-{self.slug}"
