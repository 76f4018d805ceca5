"""What a visitor finds, on whichever backend the run uses: SQLite's FTS5 by default,
PostgreSQL's text search in the PostgreSQL + Redis run of `make test`."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from core.searching import parse_query
from meetings.models import Meeting
from search import backends, index
from search import query as searching
from search.models import Entry, Text
from tests.factories import AnnouncementFactory, MeetingFactory
from tests.helpers import LANGUAGES, Page

pytestmark = pytest.mark.django_db


def search(client, language, q, **params):
    response = client.get(f"/{language}/search/", {"q": q, **params})
    return response, Page(response.content.decode())


def result_links(page):
    """(href, hreflang) of each result, in order."""
    return [
        (attrs["href"], attrs.get("hreflang"))
        for tag, attrs in page.tags
        if tag == "a" and "href" in attrs and "result-link" in attrs.get("class", "")
    ]


def hrefs(page):
    return [href for href, _hreflang in result_links(page)]


def durres_meeting_urls(language):
    return {
        f"/{language}/meetings/{meeting.slug}/"
        for meeting in Meeting.objects.filter(host__slug="durres")
    }


def test_durres_without_its_accent_finds_the_durres_meetings_in_albanian(client):
    response, page = search(client, "sq", "Durres")
    assert response.status_code == 200
    found = hrefs(page)
    assert durres_meeting_urls("sq") <= set(found)
    # In the page's language: no other language's result comes before the Albanian ones.
    assert all(href.startswith("/sq/") for href in found[: len(durres_meeting_urls("sq"))])


def test_greek_without_its_tonos_finds_the_durres_meetings_in_greek(client):
    _response, page = search(client, "el", "Δυρραχιο")
    assert durres_meeting_urls("el") <= set(hrefs(page))
    # And the partner, whose Greek name is in the genitive (Δήμος Δυρραχίου).
    assert "/el/partners/durres/" in hrefs(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_aragosta_finds_the_local_meeting_and_its_announcement_in_every_language(client, language):
    _response, page = search(client, language, "aragosta")
    found = hrefs(page)
    assert f"/{language}/meetings/local-durres-2016-07-28/" in found
    assert f"/{language}/announcements/durres-local-meeting-2016-07-28/" in found


def test_migranti_in_italian_puts_italian_results_first(client):
    _response, page = search(client, "it", "migranti")
    links = result_links(page)
    assert links and links[0][0].startswith("/it/")
    languages = ["it" if href.startswith("/it/") else hreflang for href, hreflang in links]
    # Italian results, then those found only in other languages, never mixed.
    assert languages == sorted(languages, key=lambda code: code != "it")


def test_a_match_only_in_another_language_is_labelled_and_marked_with_it(client):
    # "Durazzo" is the Italian name; the English page finds Italian entries only.
    response, page = search(client, "en", "Durazzo")
    links = result_links(page)
    assert links and all(hreflang == "it" for _href, hreflang in links)
    assert all(href.startswith("/it/") for href, _hreflang in links)
    assert "Language: Italian" in page.main
    assert 'lang="it"' in response.content.decode()


def test_title_matches_come_before_text_matches(client):
    _response, page = search(client, "en", "Teruel")
    found = hrefs(page)
    # Every item has "Teruel" in its text; the partner and the meeting there in their title.
    titles = {"/en/partners/teruel/", "/en/meetings/international-4-teruel/"}
    assert set(found[:2]) == titles


def test_each_item_is_listed_once(client):
    _response, page = search(client, "en", "Durres")
    found = hrefs(page)
    assert len(found) == len(set(found))
    slugs = [href.rstrip("/").rsplit("/", 1)[1] for href in found]
    assert len(slugs) == len(set(slugs))


def test_words_found_are_marked_and_everything_else_escaped(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFactory(
            slug="zeugma-meeting",
            title_en="Zeugma <b>bold</b> & co",
            summary_en="The <i>Zeugma</i> workshop & more",
        )
    response, _page = search(client, "en", "zeugma")
    html = response.content.decode()
    assert "<mark>Zeugma</mark> &lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    assert "&lt;i&gt;<mark>Zeugma</mark>&lt;/i&gt; workshop &amp; more" in html
    assert "<b>bold</b>" not in html and "<i>" not in html


def test_several_words_mean_all_of_them(client):
    _response, both = search(client, "en", "Teruel Aragosta")
    _response, one = search(client, "en", "Aragosta")
    assert hrefs(both)
    assert set(hrefs(both)) < set(hrefs(one))
    assert "/en/partners/teruel/" not in hrefs(both)
    for href in hrefs(both):
        text = Page(client.get(href).content.decode()).main.casefold()
        assert "teruel" in text and "aragosta" in text, href


def test_newest_first_among_equals(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for slug, day in [("zeugma-b", 2), ("zeugma-c", 3), ("zeugma-a", 1)]:
            MeetingFactory(slug=slug, title_en="Zeugma", start_date=dt.date(2030, 5, day))
    assert hrefs(search(client, "en", "zeugma")[1]) == [
        "/en/meetings/zeugma-c/",
        "/en/meetings/zeugma-b/",
        "/en/meetings/zeugma-a/",
    ]


def test_title_matches_before_text_matches_in_other_languages_too(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFactory(
            slug="zeugma-text", title_sq="Takim", title_en="", summary_sq="Zeugma",
            start_date=dt.date(2030, 6, 1),
        )  # fmt: skip
        MeetingFactory(
            slug="zeugma-title", title_sq="Zeugma", title_en="", start_date=dt.date(2030, 5, 1)
        )
    assert result_links(search(client, "en", "zeugma")[1]) == [
        ("/sq/meetings/zeugma-title/", "sq"),
        ("/sq/meetings/zeugma-text/", "sq"),
    ]


def test_a_quoted_phrase_means_the_phrase(client):
    _response, phrase = search(client, "en", '"first local meeting"')
    _response, words = search(client, "en", "meeting local first")
    assert "/en/meetings/local-durres-2016-07-28/" in hrefs(phrase)
    assert len(hrefs(phrase)) < len(hrefs(words))


def suggested(page_html):
    """The links of the page's "Perhaps you were looking for" section."""
    section = page_html.split('aria-labelledby="suggestions-heading"', 1)
    if len(section) < 2:
        return []
    section = section[1].split("</section>", 1)[0]
    return [attrs["href"] for tag, attrs in Page(section).tags if tag == "a"]


def test_nothing_found_says_so_and_suggests_close_titles(client):
    response, page = search(client, "en", "Terual")
    assert response.status_code == 200
    assert "Nothing was found for “Terual”." in page.main
    assert "Perhaps you were looking for" in page.main
    assert "/en/partners/teruel/" in suggested(response.content.decode())


def test_suggestions_leave_out_what_is_not_public(client, django_capture_on_commit_callbacks):
    later = timezone.now() + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFactory(slug="teruel-secret", title_en="Teruel secret", published_at=later)
    response, _page = search(client, "en", "Terual")
    assert "/en/meetings/teruel-secret/" not in suggested(response.content.decode())


def test_nothing_found_is_said_in_the_page_language(client):
    _response, page = search(client, "el", "qwxzvk")
    assert "Δεν βρέθηκε τίποτα για «qwxzvk»." in page.main
    assert "Nothing was found" not in page.main


def test_a_save_rolled_back_indexes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            MeetingFactory(slug="zeugma-meeting", title_en="Zeugma workshop")
            transaction.set_rollback(True)
        MeetingFactory(slug="zeugma-kept", title_en="Zeugma kept")
    assert len(callbacks) >= 1  # the kept meeting's
    titles = Text.objects.filter(title__contains="Zeugma").values_list("title", flat=True)
    assert list(titles) == ["Zeugma kept"]


def test_an_announcement_moved_to_another_partner_shows_its_town(
    client, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory(slug="zeugma-news", title_en="Zeugma news")
    teruel = Meeting.objects.get(slug="international-4-teruel").host
    with django_capture_on_commit_callbacks(execute=True):
        announcement.partner = teruel
        announcement.save()
    assert "/en/announcements/zeugma-news/" in hrefs(search(client, "en", "zeugma Teruel")[1])


def test_a_search_racing_a_save_leaves_the_saved_item_out_rather_than_failing(
    django_capture_on_commit_callbacks,
):
    query = parse_query("Durres")
    _page, rows = searching.page_of(query, "sq", 1, 20)
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    index.update(index.source_of_kind("meeting"), [meeting.pk])  # a new entry id
    shown = searching.results(rows, query, "sq")
    assert 0 < len(shown) < len(rows)


def test_a_draft_is_never_found_and_a_published_item_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(
            slug="zeugma-meeting", title_en="Zeugma workshop", publication="draft"
        )
    assert not hrefs(search(client, "en", "zeugma")[1])
    with django_capture_on_commit_callbacks(execute=True):
        meeting.publication = "published"
        meeting.save()
    assert hrefs(search(client, "en", "zeugma")[1]) == ["/en/meetings/zeugma-meeting/"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting.publication = "draft"
        meeting.save()
    assert not hrefs(search(client, "en", "zeugma")[1])


def test_a_scheduled_item_is_found_when_its_time_comes_without_a_rebuild(
    client, django_capture_on_commit_callbacks
):
    publication = timezone.now() + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        AnnouncementFactory(
            slug="zeugma-news", title_en="Zeugma announced", published_at=publication
        )
    assert not hrefs(search(client, "en", "zeugma")[1])
    with time_machine.travel(publication + dt.timedelta(minutes=1)):
        assert hrefs(search(client, "en", "zeugma")[1]) == ["/en/announcements/zeugma-news/"]


def test_a_deleted_item_leaves_the_index(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(slug="zeugma-meeting", title_en="Zeugma workshop")
    assert hrefs(search(client, "en", "zeugma")[1])
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert not hrefs(search(client, "en", "zeugma")[1])
    assert not Entry.objects.filter(kind="meeting", object_id=meeting.pk).exists()


def test_a_partner_town_renamed_reaches_its_meetings(client, django_capture_on_commit_callbacks):
    meeting = Meeting.objects.get(slug="international-4-teruel")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.host.town_en = "Zeugmapolis"
        meeting.host.save()
    assert "/en/meetings/international-4-teruel/" in hrefs(search(client, "en", "Zeugmapolis")[1])


def test_a_language_without_its_own_text_is_not_indexed_as_that_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(
            slug="zeugma-meeting",
            title_sq="Punëtoria Zeugma",
            title_en="",
            summary_en="Zeugma",
        )
    entry = Entry.objects.get(kind="meeting", object_id=meeting.pk)
    assert [text.language for text in entry.texts.all()] == ["sq"]
    # The English page finds it, but as the Albanian text it is.
    assert result_links(search(client, "en", "zeugma")[1]) == [
        ("/sq/meetings/zeugma-meeting/", "sq")
    ]


def test_rebuild_search_index_makes_the_same_index(client):
    columns = ["entry__kind", "entry__object_id", "entry__visible_from", "entry__day"]
    columns += ["language", "title", "url", "text"]
    before = sorted(Text.objects.values_list(*columns))
    Entry.objects.all().delete()
    assert not hrefs(search(client, "en", "aragosta")[1])
    call_command("rebuild_search_index", verbosity=0)
    after = sorted(Text.objects.values_list(*columns))
    assert after == before
    assert hrefs(search(client, "en", "aragosta")[1])


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "-", 'a "b', "AND OR NOT", "'", ":*", "&|!", "\\", "((", "^"]
)
def test_query_syntax_characters_never_raise(client, q):
    response, _page = search(client, "en", q)
    assert response.status_code in (200, 400)


def test_a_nul_character_gets_a_translated_message(client):
    response, page = search(client, "it", "\x00")
    assert response.status_code == 400
    assert "Scrivi una parola da cercare" in page.main


def test_a_long_query_gets_a_translated_message(client):
    response, page = search(client, "es", "a" * 5000)
    assert response.status_code == 400
    assert "200" in page.main
    assert "demasiado larga" in page.main


def test_only_punctuation_gets_a_message(client):
    response, page = search(client, "en", "?!…")
    assert response.status_code == 400
    assert "Please type a word to search for" in page.main


def test_html_in_the_query_is_shown_escaped(client):
    response, _page = search(client, "en", "<script>alert(1)</script>")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_empty_query_shows_the_form(client):
    response, page = search(client, "en", "")
    assert response.status_code == 200
    assert not hrefs(page)
    assert page.find_all("input", id="search-q")


def test_results_are_paginated_by_twenty(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(25):
            MeetingFactory(slug=f"zeugma-{number}", title_en=f"Zeugma workshop {number}")
    _response, first = search(client, "en", "zeugma")
    assert len(hrefs(first)) == 20
    _response, second = search(client, "en", "zeugma", page="2")
    assert len(hrefs(second)) == 5
    assert not set(hrefs(first)) & set(hrefs(second))
    for page in ("9999'", "9" * 40, "-1", "0"):
        response, _page = search(client, "en", "zeugma", page=page)
        assert response.status_code == 200
    # Past the end: the last page.
    assert hrefs(search(client, "en", "zeugma", page="9" * 40)[1]) == hrefs(second)


@pytest.mark.parametrize("page_cache", [True, False])
def test_one_query_is_never_answered_with_another_ones_results(client, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    first = client.get("/en/search/", {"q": "Teruel"})
    second = client.get("/en/search/", {"q": "Aragosta"})
    assert "private" in first["Cache-Control"]
    assert "public" not in first["Cache-Control"]
    assert hrefs(Page(first.content.decode())) != hrefs(Page(second.content.decode()))
    assert client.get("/en/search/")["Cache-Control"] == first["Cache-Control"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_labelled_search_form(client, language):
    page = Page(client.get(f"/{language}/").content.decode())
    (form,) = page.find_all("form", role="search")
    assert form["action"] == f"/{language}/search/"
    assert form["method"] == "get"
    assert page.find_all("label", **{"for": "site-search-q"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_opensearch_description_points_at_the_search_page(client, language):
    response = client.get(f"/{language}/search/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    body = response.content.decode()
    assert f"http://testserver/{language}/search/?q={{searchTerms}}" in body
    home = Page(client.get(f"/{language}/").content.decode())
    assert home.find_all("link", rel="search", href=f"/{language}/search/opensearch.xml")


def test_the_backend_is_the_database_s_own():
    expected = "PostgreSQLBackend" if connection.vendor == "postgresql" else "SQLiteBackend"
    assert type(backends.current()).__name__ == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stop words are PostgreSQL's")
def test_a_query_of_stop_words_alone_finds_nothing_rather_than_everything(client):
    _response, page = search(client, "en", "the of")
    assert not any(href.startswith("/en/") for href in hrefs(page))


def test_the_language_switcher_keeps_the_question(client):
    page = Page(search(client, "en", "aragosta")[0].content.decode())
    (field,) = page.find_all("input", name="next")
    assert field["value"] == "/en/search/?q=aragosta"
    response = client.post("/language/", {"language": "it", "next": field["value"]})
    assert response["Location"] == "/it/search/?q=aragosta"
    # Elsewhere the path alone: those pages are cached whatever their query string.
    home = Page(client.get("/en/", {"utm_source": "x"}).content.decode())
    assert home.find_all("input", name="next")[0]["value"] == "/en/"
