"""sitemap.xml: every public page in the five languages, each with its hreflang alternates.

Only what `published()` lets through is listed, so drafts and scheduled items
stay out until their time comes.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from meetings.models import Announcement, Meeting
from partners.models import Partner

from .models import Page


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        # The pages' own x-default link is the negotiating root; the sitemap says the same.
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}/"
        for url in urls:
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = root
        return urls


def _latest(*moments):
    return max((moment for moment in moments if moment), default=None)


class PublishedSitemap(I18nSitemap):
    """Items of a Publishable model; a scheduled item changes the site when it goes public."""

    def lastmod(self, item):
        return _latest(item.updated_at, item.published_at)


class ProjectPageSitemap(PublishedSitemap):
    def items(self):
        return Page.objects.published().order_by("key")


class MeetingSitemap(PublishedSitemap):
    def items(self):
        return Meeting.objects.published().order_by("pk")


class AnnouncementSitemap(PublishedSitemap):
    def items(self):
        return Announcement.objects.published().order_by("pk")


class PartnerSitemap(I18nSitemap):
    def items(self):
        return Partner.objects.lead_first()

    def lastmod(self, item):
        return item.updated_at


class ListSitemap(I18nSitemap):
    """The lists, changed whenever one of the items they show changes or goes public."""

    def items(self):
        names = ["partners:list", "meetings:list", "meetings:announcements"]
        if not Page.objects.published().filter(key=Page.Key.HOME).exists():
            names.insert(0, "home")  # the home page answers even before its text is published
        return names

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        # Asked once per language: remember the answer for this request's sitemap.
        if not hasattr(self, "_lastmods"):
            self._lastmods = {}
        if item not in self._lastmods:
            self._lastmods[item] = self._lastmod(item)
        return self._lastmods[item]

    def _lastmod(self, item):
        if item == "partners:list":
            return Partner.objects.aggregate(latest=Max("updated_at"))["latest"]
        model = {"meetings:list": Meeting, "meetings:announcements": Announcement}.get(item)
        if model is None:
            return None
        latest = model.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        return _latest(latest["updated"], latest["published"])


SITEMAPS = {
    "pages": ProjectPageSitemap,
    "lists": ListSitemap,
    "partners": PartnerSitemap,
    "meetings": MeetingSitemap,
    "announcements": AnnouncementSitemap,
}
