"""RSS 2.0 and Atom feeds of announcements and meetings, one set per language.

The feeds live under the language prefix, so the active language decides the
titles, the links and the feed's own language tag.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.text import translated

from .models import Announcement, Meeting

# Enough for any reader catching up; the press page has the rest.
LIMIT = 50


def in_this_language(title):
    """A feed's title with its language, as its readers' lists show it among the other
    four (in that language's own name)."""
    return f"{title} · {dict(settings.LANGUAGES)[get_language()]}"


def about(description):
    """A feed's subtitle: the project, then what the feed holds."""
    tagline = _("INclusive TOwns in action for a shared EUropean strategy of inclusion")
    return f"IN.TO.EU – {tagline}. {description}"


class AnnouncementsFeed(Feed):
    url_name = "meetings:announcements-rss"

    def title(self):
        return in_this_language(_("IN.TO.EU announcements"))

    def link(self):
        return reverse("meetings:announcements")

    def feed_url(self):
        return reverse(self.url_name)

    def description(self):
        return about(
            _(
                "Announcements of the project's meetings, newest first, "
                "for citizens and journalists."
            )
        )

    def items(self):
        return Announcement.objects.published().for_listing()[:LIMIT]

    def item_title(self, item):
        return translated(item, "title").text

    def item_description(self, item):
        return translated(item, "summary").text

    def item_pubdate(self, item):
        # In the site's zone, so the date readers see is the day it was published there.
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.updated_at)

    def item_author_name(self, item):
        return translated(item.partner, "name").text


class AnnouncementsAtomFeed(AnnouncementsFeed):
    feed_type = Atom1Feed
    url_name = "meetings:announcements-atom"

    def subtitle(self):
        return self.description()


class MeetingsFeed(Feed):
    url_name = "meetings:feed-rss"
    description_template = "meetings/feeds/meeting_description.html"

    def title(self):
        return in_this_language(_("IN.TO.EU meetings"))

    def link(self):
        return reverse("meetings:list")

    def feed_url(self):
        return reverse(self.url_name)

    def description(self):
        return about(
            _(
                "The project's five international meetings, each on one theme, and its local "
                "meetings."
            )
        )

    def items(self):
        # Newest first by publication, as readers expect of a feed: for the shipped
        # meetings, the day each was announced or held (meetings/content.py).
        return Meeting.objects.published().with_host().order_by("-published_at", "-pk")[:LIMIT]

    def item_title(self, item):
        return translated(item, "title").text

    def item_pubdate(self, item):
        # In the site's zone, so the date readers see is the day it was published there.
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.updated_at)

    def item_author_name(self, item):
        return translated(item.host, "name").text


class MeetingsAtomFeed(MeetingsFeed):
    feed_type = Atom1Feed
    url_name = "meetings:feed-atom"

    def subtitle(self):
        return self.description()
