import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.views.decorators.cache import never_cache

from core.publishing import Publishable, schedulable_models
from into_eu.web import pagecache
from into_eu.web.pagecache import PageCacheMiddleware
from meetings.models import Announcement, Meeting
from pages.models import Page
from tests.factories import AnnouncementFactory, MeetingFactory
from tests.helpers import LANGUAGES, public_urls
from tests.helpers import Page as HTML

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
# Browsers ask every time; shared caches may answer for a second, and stale meanwhile.
PUBLIC = "public, max-age=0, s-maxage=1, stale-while-revalidate=30, stale-if-error=86400"


def cache_size():
    """How many keys the configured cache holds (local memory or Redis)."""
    backend = cache._cache
    if isinstance(backend, dict):
        return len(backend)
    return backend.get_client().dbsize()


def test_a_stored_page_costs_no_query(client, django_assert_num_queries):
    first = client.get("/en/meetings/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/en/meetings/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Language"] == "en"
    assert second["ETag"] == first["ETag"]


def test_tracking_parameters_share_the_page(client, django_assert_num_queries):
    client.get("/en/")
    with django_assert_num_queries(0):
        response = client.get("/en/?utm_source=facebook&fbclid=IwAR0abc")
    assert response.status_code == 200


def test_a_change_saved_in_the_admin_shows_on_the_next_request(staff_client):
    visitor = Client()
    about = Page.objects.get(key="about")
    assert visitor.get("/en/about/").status_code == 200  # now stored
    data = {
        f"{field}_{code}": getattr(about, f"{field}_{code}") or ""
        for field in ("title", "intro", "body")
        for code in ("sq", "it", "es", "el", "en")
    }
    data.update(
        key="about",
        title_en="About IN.TO.EU, changed",
        publication="published",
        published_at_0="2016-01-01",
        published_at_1="00:00",
    )
    response = staff_client.post(f"/admin/into_eu/page/{about.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "About IN.TO.EU, changed" in visitor.get("/en/about/").content.decode()


def test_a_change_made_by_code_shows_on_the_next_request(client):
    """Management commands and the shell save through the ORM: the same signals fire."""
    announcement = Announcement.objects.published().first()
    url = f"/en/announcements/{announcement.slug}/"
    assert client.get(url).status_code == 200
    assert announcement.title_en in client.get("/en/announcements/").content.decode()
    announcement.delete()
    assert client.get(url).status_code == 404
    assert announcement.title_en not in client.get("/en/announcements/").content.decode()


def test_a_scheduled_announcement_appears_on_time_despite_the_cache(client):
    AnnouncementFactory(
        slug="scheduled", title_en="Scheduled news", published_at=NOW + dt.timedelta(hours=1)
    )
    with time_machine.travel(NOW, tick=False):
        assert "Scheduled news" not in client.get("/en/announcements/").content.decode()
        assert client.get("/en/announcements/scheduled/").status_code == 404
    with time_machine.travel(NOW + dt.timedelta(minutes=59), tick=False):
        assert "Scheduled news" not in client.get("/en/announcements/").content.decode()
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        assert "Scheduled news" in client.get("/en/announcements/").content.decode()
        assert client.get("/en/announcements/scheduled/").status_code == 200


def test_a_meeting_moves_to_the_past_when_it_ends(client):
    MeetingFactory(slug="spring", title_en="Spring meeting", start_date=dt.date(2030, 3, 1))
    with time_machine.travel(NOW, tick=False):
        html = client.get("/en/").content.decode()
        assert "Next meeting" in html and "Spring meeting" in html
    # The meeting has no end time: it is upcoming until its day is over in Rome.
    with time_machine.travel(dt.datetime(2030, 3, 1, 23, 0, tzinfo=UTC), tick=False):
        html = client.get("/en/").content.decode()
        assert "Latest meeting" in html and "Spring meeting" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_answers_set_no_cookie_and_may_be_kept_by_shared_caches(client, language):
    urls = set(public_urls(language))
    for page in [HTML(client.get(url).content.decode()) for url in sorted(urls)]:
        links = [tag.get("href", "") for tag in page.find_all("a") + page.find_all("link")]
        # The feedback form is filled in with the page it is opened from: kept by no cache.
        urls |= {
            url for url in links if url.startswith(f"/{language}/") and "/feedback/" not in url
        }
    # 21 pages (the alerts' subscribe page among them), 4 feeds, 4 calendars, the OpenSearch
    # description.
    assert len(urls) == 30
    # A visitor who chose a language earlier gets no cookie either.
    client.post("/language/", {"language": language, "next": f"/{language}/"})
    for url in sorted(urls):
        # Rendered, then from the page cache; GET and HEAD alike.
        for method in (client.get, client.head, client.get, client.head):
            response = method(url)
            assert response.status_code == 200, url
            assert not response.cookies, url
            assert response["Cache-Control"] == PUBLIC, url
    feedback = client.get(f"/{language}/feedback/?page=/{language}/")
    assert "no-store" in feedback["Cache-Control"] and not feedback.cookies


def test_the_shared_cache_lifetimes_come_from_the_settings(client, settings):
    settings.SHARED_CACHE_SECONDS = 5
    settings.STALE_WHILE_REVALIDATE_SECONDS = 60
    settings.STALE_IF_ERROR_SECONDS = 3600
    assert client.get("/it/partners/")["Cache-Control"] == (
        "public, max-age=0, s-maxage=5, stale-while-revalidate=60, stale-if-error=3600"
    )


def test_a_missing_page_is_shared_but_not_stored(client):
    # A shared cache must be able to put the 404 in place of a page withdrawn since.
    client.get("/el/meetings/")
    size = cache_size()  # the page and the cache's state
    for _ in range(2):
        response = client.get("/el/meetings/no-such-meeting/")
        assert response.status_code == 404
        assert response["Cache-Control"] == PUBLIC
        assert not response.cookies
    assert cache_size() == size
    # An address no language owns is nobody's page.
    assert "Cache-Control" not in client.get("/de/meetings/")


def test_what_staff_read_is_kept_by_no_cache(staff_client):
    for url in ["/en/", "/en/meetings/", "/en/meetings/feed/rss/", "/en/no-such-page/"]:
        assert staff_client.get(url)["Cache-Control"] == "private, no-store", url


def test_staff_are_never_served_or_stored(staff_client):
    visitor = Client()
    staff_client.get("/en/meetings/")
    assert cache_size() == 0  # the staff's page was not stored
    meeting = Meeting.objects.get(slug="international-1-palazzo-san-gervasio")
    url = meeting.get_absolute_url()
    assert visitor.get(url).status_code == 200  # stored now
    Meeting.objects.filter(pk=meeting.pk).update(publication="draft")  # sends no signal
    assert visitor.get(url).status_code == 200  # the stored page
    assert staff_client.get(url).status_code == 404  # staff read the database


def test_private_and_uncacheable_answers_are_not_stored():
    calls = []

    @never_cache
    def preview(request):
        calls.append(1)
        return HttpResponse("draft preview")

    middleware = PageCacheMiddleware(preview)
    request = RequestFactory().get("/en/meetings/preview/")
    middleware(request)
    middleware(RequestFactory().get("/en/meetings/preview/"))
    assert len(calls) == 2

    def with_cookie(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("x", "y")
        return response

    middleware = PageCacheMiddleware(with_cookie)
    middleware(RequestFactory().get("/en/x/"))
    response = middleware(RequestFactory().get("/en/x/"))
    assert len(calls) == 4
    assert "x" in response.cookies


def test_conditional_get_answers_304(client):
    response = client.get("/en/meetings/")
    assert response["Cache-Control"] == PUBLIC
    etag, modified = response["ETag"], response["Last-Modified"]
    again = client.get("/en/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/en/meetings/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/en/meetings/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_conditional_get_answers_304_without_the_page_cache(client, settings):
    settings.PAGE_CACHE = False
    response = client.get("/en/")
    assert response["Cache-Control"] == PUBLIC
    assert client.get("/en/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_junk_requests_never_grow_the_cache(client):
    for url in ["/en/", "/en/announcements/", "/en/announcements/?page=1"]:
        assert client.get(url).status_code == 200
    size = cache_size()
    junk = [f"/en/?q={n}&utm_source={'x' * n}" for n in range(100)]
    junk += [f"/en/announcements/?page={p}" for p in ("0", "01", "001", "-1", "abc", "9999")]
    junk += ["/en/announcements/?page=1&page=1", "/en/no-such-page/", "/xx/", "/en/%ff/"]
    for url in junk:
        assert client.get(url).status_code in {200, 404}, url
    for n in range(50):
        client.get("/en/", HTTP_ACCEPT_LANGUAGE=f"el;q=0.{n % 10}, x-{n};q=0.1")
        client.get("/", HTTP_ACCEPT_LANGUAGE=f"it-{n}, en;q=0.5")
        client.get("/en/", HTTP_HOST=f"testserver:{8000 + n}")
    assert cache_size() == size


def test_page_numbers_on_a_page_that_does_not_paginate_add_no_entry(
    client, django_assert_num_queries
):
    home = client.get("/en/")
    size = cache_size()
    for number in range(2, 51):
        response = client.get(f"/en/?page={number}")
        assert response.status_code == 200
        assert response.content == home.content
    assert cache_size() == size
    with django_assert_num_queries(0):  # answered by the page-less entry
        assert client.get("/en/?page=7").status_code == 200


def test_only_pages_that_exist_of_a_paginated_list_are_stored(client, django_assert_num_queries):
    AnnouncementFactory.create_batch(max(0, 21 - Announcement.objects.published().count()))
    first = client.get("/en/announcements/")
    size = cache_size()
    assert client.get("/en/announcements/?page=1").content == first.content
    assert cache_size() == size  # page 1 is the list itself
    second = client.get("/en/announcements/?page=2")
    assert second.status_code == 200
    assert second.content != first.content
    assert cache_size() == size + 1
    with django_assert_num_queries(0):
        assert client.get("/en/announcements/?page=2").content == second.content
    for missing in ("3", "999", "0"):
        assert client.get(f"/en/announcements/?page={missing}").status_code == 404, missing
    # Django's own name for the last page: answered, but not a number to key by.
    assert client.get("/en/announcements/?page=last").status_code == 200
    assert cache_size() == size + 1


def test_spellings_of_the_host_share_one_entry(client):
    first = client.get("/en/", HTTP_HOST="TestServer.")
    html = first.content.decode()
    assert "http://testserver/en/" in html
    assert "TestServer" not in html
    size = cache_size()
    for host in ("testserver", "TESTSERVER", "testserver."):
        response = client.get("/en/", HTTP_HOST=host)
        assert response.status_code == 200
        assert response.content == first.content
    assert cache_size() == size


def create_table_in_this_transaction(model):
    """The model's table, gone again when the test's transaction is rolled back (both
    databases undo DDL; Django's SQLite schema editor refuses to run in a transaction)."""
    editor = connection.schema_editor(collect_sql=True)
    editor.deferred_sql = []
    editor.create_model(model)
    with connection.cursor() as cursor:
        for statement in [*editor.collected_sql, *map(str, editor.deferred_sql)]:
            cursor.execute(statement)


def test_a_new_publishable_model_is_scheduled_without_touching_the_cache():
    """Any model built on Publishable is asked when it next changes: here one made up
    for the test, which the page cache's code has never heard of."""

    class Bulletin(Publishable):
        class Meta:
            app_label = "core"

    try:
        create_table_in_this_transaction(Bulletin)
        soon = NOW + dt.timedelta(minutes=5)
        Bulletin.objects.create(publication=Publishable.Publication.PUBLISHED, published_at=soon)
        with time_machine.travel(NOW, tick=False):
            assert Bulletin in schedulable_models()
            assert pagecache.next_change() == soon.timestamp()
    finally:
        del apps.all_models["core"]["bulletin"]
        apps.clear_cache()


def test_a_new_code_version_serves_no_page_stored_by_the_old(client, settings):
    settings.CODE_VERSION = "release-1"
    about = Page.objects.get(key="about")
    assert about.title_en in client.get("/en/about/").content.decode()
    # A change that sends no signal, as a deploy's new templates would: the stored page
    # stays as it was for the code that stored it.
    Page.objects.filter(pk=about.pk).update(title_en="Rendered by the new release")
    assert "Rendered by the new release" not in client.get("/en/about/").content.decode()
    settings.CODE_VERSION = "release-2"
    assert "Rendered by the new release" in client.get("/en/about/").content.decode()


def test_without_a_build_id_the_version_is_a_digest_of_the_code(settings):
    settings.CODE_VERSION = ""
    assert pagecache.code_version() == pagecache._source_digest()
    assert len(pagecache.code_version()) == 16
