"""sitemap.xml's building blocks: every public page in the five languages, each with its
hreflang alternates. Each app lists its own items (<app>/sitemaps.py), and only what
`published()` lets through, so drafts and scheduled items stay out until their time.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse


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


def latest(*moments):
    return max((moment for moment in moments if moment), default=None)


def last_published_change(queryset):
    """When a published item of `queryset` last changed or went public."""
    found = queryset.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
    return latest(found["updated"], found["published"])


class PublishedSitemap(I18nSitemap):
    """Items of a Publishable model; a scheduled item changes the site when it goes public."""

    def lastmod(self, item):
        return latest(item.updated_at, item.published_at)


class ListSitemap(I18nSitemap):
    """Pages of many items, by URL name. Each function of `sources` (one per app) gives
    `{URL name: function of the list's last change}`; a class is made per site with
    `ListSitemap.of(...)`."""

    sources = ()

    @classmethod
    def of(cls, *sources):
        return type("ListSitemap", (cls,), {"sources": sources})

    @cached_property
    def _lists(self):
        return {name: when for source in self.sources for name, when in source().items()}

    def items(self):
        return list(self._lists)

    def location(self, item):
        return reverse(item)

    @cached_property
    def _lastmods(self):
        # Asked once per language: each answer is read once per request's sitemap.
        return {name: when() for name, when in self._lists.items()}

    def lastmod(self, item):
        return self._lastmods[item]
