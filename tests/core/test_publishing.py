import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from meetings.models import Announcement, Meeting
from pages.models import Page
from tests.factories import AnnouncementFactory, MeetingFactory

pytestmark = pytest.mark.django_db

FUTURE = dt.datetime(2031, 3, 1, 9, 0, tzinfo=dt.UTC)
PUBLIC_LISTS = ["/en/", "/en/meetings/", "/en/announcements/", "/en/partners/durres/"]


@pytest.fixture
def hidden():
    """A draft and a scheduled item of each kind, hosted by Durrës."""
    durres = Meeting.objects.get(slug="local-durres-2016-07-28").host
    return {
        "draft-meeting": MeetingFactory(slug="draft-meeting", host=durres, publication="draft"),
        "scheduled-meeting": MeetingFactory(
            slug="scheduled-meeting", host=durres, published_at=FUTURE
        ),
        "draft-news": AnnouncementFactory(slug="draft-news", partner=durres, publication="draft"),
        "scheduled-news": AnnouncementFactory(
            slug="scheduled-news", partner=durres, published_at=FUTURE
        ),
    }


def test_drafts_and_scheduled_items_are_404_and_nowhere_in_lists(client, hidden):
    for slug in ["draft-meeting", "scheduled-meeting"]:
        assert client.get(f"/en/meetings/{slug}/").status_code == 404
    for slug in ["draft-news", "scheduled-news"]:
        assert client.get(f"/en/announcements/{slug}/").status_code == 404
    for url in PUBLIC_LISTS:
        html = client.get(url).content.decode()
        for slug in hidden:
            assert f"/{slug}/" not in html, (url, slug)


def test_a_draft_page_is_404(client):
    Page.objects.filter(key="privacy").update(publication="draft")
    assert client.get("/en/privacy/").status_code == 404


def test_scheduled_items_appear_by_themselves_when_their_time_comes(client, hidden):
    with time_machine.travel(FUTURE - dt.timedelta(minutes=1), tick=False):
        assert client.get("/en/meetings/scheduled-meeting/").status_code == 404
        assert "/scheduled-news/" not in client.get("/en/announcements/").content.decode()
    with time_machine.travel(FUTURE + dt.timedelta(minutes=1), tick=False):
        assert client.get("/en/meetings/scheduled-meeting/").status_code == 200
        assert client.get("/en/announcements/scheduled-news/").status_code == 200
        assert "/scheduled-news/" in client.get("/en/announcements/").content.decode()
        assert "/scheduled-meeting/" in client.get("/en/meetings/").content.decode()
        # Drafts stay hidden whatever the clock says.
        assert client.get("/en/meetings/draft-meeting/").status_code == 404


def test_querysets_name_the_rule():
    assert set(Meeting.objects.published()) == set(Meeting.objects.all())
    MeetingFactory(slug="later", published_at=FUTURE)
    assert Meeting.objects.next_publication_time() == FUTURE
    assert not Meeting.objects.published().filter(slug="later").exists()
    assert Meeting.objects.published(now=FUTURE).filter(slug="later").exists()
    assert Announcement.objects.published().count() == 1


def test_staff_preview_shows_drafts_with_a_banner(staff_client, hidden):
    meeting = hidden["draft-meeting"]
    for language in ["sq", "el", "en"]:
        response = staff_client.get(f"/{language}/preview/meetings/{meeting.pk}/")
        assert response.status_code == 200
        assert 'class="preview-banner"' in response.content.decode()
        assert "no-cache" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = staff_client.get(f"/en/preview/meetings/{meeting.pk}/").content.decode()
    assert "only staff can see" in html
    scheduled = hidden["scheduled-news"]
    html = staff_client.get(f"/en/preview/announcements/{scheduled.pk}/").content.decode()
    assert "scheduled for 1 March 2031" in html
    page = Page.objects.get(key="home")
    page.publication = "draft"
    page.save()
    assert staff_client.get(f"/en/preview/pages/{page.pk}/").status_code == 200


def test_visitors_cannot_reach_previews(client, hidden):
    for url in [
        f"/en/preview/meetings/{hidden['draft-meeting'].pk}/",
        f"/en/preview/announcements/{hidden['draft-news'].pk}/",
        f"/en/preview/pages/{Page.objects.get(key='home').pk}/",
    ]:
        assert client.get(url).status_code == 404


def test_admin_view_on_site_opens_the_preview(staff_client, hidden):
    meeting = hidden["draft-meeting"]
    html = staff_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    for code in ["sq", "it", "es", "el", "en"]:
        assert f"/{code}/preview/meetings/{meeting.pk}/" in html


def test_new_items_start_as_drafts():
    assert Meeting().publication == "draft"
    assert Announcement().publication == "draft"
    assert abs(Announcement().published_at - timezone.now()) < dt.timedelta(seconds=5)
