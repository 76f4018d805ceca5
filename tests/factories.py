import datetime as dt

import factory
from django.utils import timezone

from meetings.models import Announcement, Meeting
from partners.models import Partner
from registrations.models import Registration

# Before any clock a test travels to, so factory items are public unless a test says not.
PUBLISHED = dt.datetime(2016, 1, 1, tzinfo=dt.UTC)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name_sq = factory.Sequence(lambda n: f"Bashkia {n}")
    name_en = factory.Sequence(lambda n: f"Municipality {n}")
    town_sq = "Qyteti"
    town_en = "Town"
    country_sq = "Shteti"
    country_en = "Country"
    timezone = "Europe/Rome"
    order = 10


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = Meeting.Kind.LOCAL
    host = factory.SubFactory(PartnerFactory)
    title_sq = factory.Sequence(lambda n: f"Takimi {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    start_date = dt.date(2030, 5, 1)
    publication = "published"
    published_at = PUBLISHED


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    slug = factory.Sequence(lambda n: f"announcement-{n}")
    title_sq = factory.Sequence(lambda n: f"Njoftimi {n}")
    title_en = factory.Sequence(lambda n: f"Announcement {n}")
    partner = factory.SubFactory(PartnerFactory)
    publication = "published"
    published_at = PUBLISHED


def open_registration(capacity=2, partner="durres", slug="open-meeting", days=10, **meeting):
    """A published meeting ahead, hosted by `partner`, with its registration open."""
    start = timezone.localdate() + dt.timedelta(days=days)
    meeting = MeetingFactory(
        slug=slug,
        host=partner if isinstance(partner, Partner) else Partner.objects.get(slug=partner),
        kind=Meeting.Kind.LOCAL,
        number=None,
        status=Meeting.Status.CONFIRMED,
        start_date=start,
        start_time=dt.time(18, 0),
        publication=Meeting.Publication.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=1),
        **meeting,
    )
    return Registration.objects.create(
        meeting=meeting, capacity=capacity, opens_at=timezone.now() - dt.timedelta(hours=1)
    )
