"""Rendering a page costs the same few queries however much content there is."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.query_utils import DeferredAttribute
from django.test.utils import CaptureQueriesContext
from PIL import Image

from meetings.models import Document, Meeting, Photo
from partners.models import Partner
from tests.factories import AnnouncementFactory, MeetingFactory, PartnerFactory
from tests.helpers import LANGUAGES, Page

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6
PAGES = [
    "/en/",
    "/el/",
    "/en/partners/",
    "/en/partners/host/",
    "/en/meetings/",
    "/en/meetings/with-news/",
    "/en/meetings/future-0/",
    "/en/announcements/",
    "/en/announcements/news-0/",
    "/en/about/",
]


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE = False


def add_content(start, stop):
    """Partners, meetings of every kind (upcoming, past, undated) and news, numbered."""
    host = Partner.objects.filter(slug="host").first() or PartnerFactory(slug="host")
    meeting = MeetingFactory._meta.model.objects.filter(slug="with-news").first()
    meeting = meeting or MeetingFactory(host=host, slug="with-news", start_date=dt.date(2031, 2, 1))
    for n in range(start, stop):
        partner = PartnerFactory(slug=f"partner-{n}")
        day = 1 + n % 28
        MeetingFactory(host=host, slug=f"future-{n}", start_date=dt.date(2031, 1, day))
        MeetingFactory(host=partner, slug=f"past-{n}", start_date=dt.date(2015, 1, day))
        MeetingFactory(host=partner, slug=f"undated-{n}", start_date=None)
        AnnouncementFactory(slug=f"news-{n}", partner=partner, meeting=meeting)


def query_counts(client):
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries.captured_queries)
    return counts


def test_queries_stay_few_and_do_not_grow_from_1_to_50_items(client):
    add_content(0, 1)
    with_one = query_counts(client)
    assert max(with_one.values()) <= MAX_QUERIES, with_one
    add_content(1, 50)
    assert query_counts(client) == with_one


def test_the_fifty_items_are_really_on_the_pages(client):
    add_content(0, 50)
    meetings = Page(client.get("/en/meetings/").content.decode())
    # The six shipped meetings, 50 of each kind, and the one with the news.
    assert len(meetings.find_all("article")) == 6 + 3 * 50 + 1
    news = Page(client.get("/en/meetings/with-news/").content.decode())
    assert len([a for a in news.find_all("a") if "/announcements/news-" in a["href"]]) == 50
    partners = Page(client.get("/en/partners/").content.decode())
    assert len(partners.find_all("article")) == 4 + 1 + 50
    listing = Page(client.get("/en/announcements/?page=3").content.decode())
    assert len(listing.find_all("article")) == 51 - 20 - 20


def test_no_page_reads_a_column_it_left_out(client, monkeypatch, settings, tmp_path):
    """Pages select only the columns (and languages) they show; reading another one
    costs a query per item, which this catches on detail pages too."""
    settings.MEDIA_ROOT = tmp_path
    add_content(0, 2)
    meeting = Meeting.objects.get(slug="with-news")
    image = io.BytesIO()
    Image.new("RGB", (600, 400), "#336699").save(image, "JPEG")
    Photo.objects.create(
        meeting=meeting,
        image=SimpleUploadedFile("hall.jpg", image.getvalue(), "image/jpeg"),
        alt_text_sq="Salla",
        caption_sq="Takimi",
        caption_it="La riunione",
    )
    Document.objects.create(
        meeting=meeting,
        kind="agenda",
        title_sq="Rendi i ditës",
        language="sq",
        file=SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    loads = []
    original = DeferredAttribute.__get__

    def spy(self, instance, cls=None):
        if instance is not None and self.field.attname not in instance.__dict__:
            loads.append(f"{type(instance).__name__}.{self.field.attname}")
        return original(self, instance, cls)

    # Every column left out of a query reads through this, loading itself with a query.
    monkeypatch.setattr(DeferredAttribute, "__get__", spy)
    for language in LANGUAGES:
        for url in PAGES:
            response = client.get(url.replace("/en/", f"/{language}/", 1))
            assert response.status_code == 200, url
    assert loads == []
