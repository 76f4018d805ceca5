import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Meeting
from partners.models import Partner
from registrations.models import Registration
from tests.alerts.mail import serve
from tests.factories import MeetingFactory


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that the site sends to, for one test."""
    inbox, controller = serve(settings)
    yield inbox
    controller.stop()


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


@pytest.fixture
def registration(db):
    return open_registration()
