import datetime as dt
import re

import jinja2
import pytest
from django.template import engines
from django.utils import translation

from core import display
from into_eu import jinja
from meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.helpers import LANGUAGES, Page, public_urls

pytestmark = pytest.mark.django_db

GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_renders_in_its_language(client, language):
    urls = public_urls(language)
    assert (
        len(urls) == 20
    )  # 6 project pages (home and press too), 3 lists, 4 partners, 6 meetings, 1 announcement
    with translation.override(language):
        statement = translation.gettext(
            "Co-funded by the Europe for Citizens Programme of the European Union"
        )
    for url in urls:
        assert url.startswith(f"/{language}/")
        page = get(client, url)
        assert page.find_all("html")[0]["lang"] == language, url
        assert len(page.find_all("h1")) == 1, url
        emblem = page.find_all("img", **{"class": "eu-emblem"})
        assert len(emblem) == 1 and emblem[0]["alt"], url
        assert statement in page.all_text, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_funding_statement_is_translated(language):
    msgid = "Co-funded by the Europe for Citizens Programme of the European Union"
    with translation.override(language):
        text = translation.gettext(msgid)
    if language == "en":
        assert text == msgid
    else:
        assert text != msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_hreflang_alternates_and_switcher_lead_to_the_same_page(client, language):
    for url in public_urls(language):
        page = get(client, url)
        alternates = {
            link["hreflang"]: link["href"]
            for link in page.find_all("link", rel="alternate")
            if "hreflang" in link
        }
        assert set(alternates) == {*LANGUAGES, "x-default"}, url
        assert alternates["x-default"] == "http://testserver/"
        (form,) = page.find_all("form", action="/language/")
        assert form["method"] == "post"
        (next_field,) = page.find_all("input", name="next")
        assert next_field["value"] == url
        switcher = {button["value"]: button for button in page.find_all("button", name="language")}
        assert set(switcher) == set(LANGUAGES)
        for code in LANGUAGES:
            expected = "/" + code + url[len(language) + 1 :]
            assert alternates[code] == "http://testserver" + expected
            assert switcher[code]["lang"] == code
            chosen = client.post("/language/", {"language": code, "next": url})
            assert (chosen.status_code, chosen["Location"]) == (302, expected), url
        assert switcher[language].get("aria-current") == "true"
        assert [code for code in LANGUAGES if "aria-current" in switcher[code]] == [language]


def test_switcher_names_each_language_in_itself(client):
    page = get(client, "/el/")
    names = page.find_all("button", name="language")
    assert [button["lang"] for button in names] == LANGUAGES
    for name in ["Shqip", "Italiano", "Español", "Ελληνικά", "English"]:
        assert name in page.all_text


def test_greek_pages_are_written_in_greek(client):
    for url in public_urls("el"):
        text = get(client, url).main
        # Proper names (IN.TO.EU, Aragosta, e-mail addresses) stay Latin; the prose is Greek.
        greek, latin = len(GREEK.findall(text)), len(LATIN.findall(text))
        assert greek > 3 * latin, (url, greek, latin)


@pytest.mark.parametrize("language", ["sq", "it", "es", "en"])
def test_latin_script_pages_have_no_greek_prose(client, language):
    for url in public_urls(language):
        text = get(client, url).main
        assert len(GREEK.findall(text)) < 40, url  # only place names like Αρχαία Ολυμπία


def test_home_links_answer(client):
    """Every link on every home page leads somewhere that answers 200 (no 404s, no 500s)."""
    seen = set()
    for language in LANGUAGES:
        home = get(client, f"/{language}/")
        for link in home.find_all("a"):
            href = link.get("href", "")
            if href.startswith("/") and href not in seen:
                seen.add(href)
                response = client.get(href, follow=True)
                assert response.status_code == 200, href
    assert len(seen) > 60


def test_root_negotiates_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="el-GR,el;q=0.9,en;q=0.5")["Location"] == "/el/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="it")["Location"] == "/it/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de")["Location"] == "/sq/"
    assert client.get("/")["Location"] == "/sq/"


def test_choosing_a_language_sets_the_cookie_and_root_follows_it(client):
    # Reading pages in a language sets nothing: `/` still follows the browser.
    assert not client.get("/es/partners/").cookies
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="it")["Location"] == "/it/"

    response = client.post("/language/", {"language": "es", "next": "/en/partners/"})
    assert (response.status_code, response["Location"]) == (302, "/es/partners/")
    cookie = response.cookies["django_language"]
    assert cookie.value == "es"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="it")["Location"] == "/es/"
    assert not client.get("/es/meetings/").cookies


def test_choosing_a_language_refuses_what_it_cannot_do(client):
    unknown = client.post("/language/", {"language": "de", "next": "/en/"})
    assert unknown.status_code == 400
    assert not unknown.cookies
    assert '<html lang="' in unknown.content.decode()
    assert not client.post("/language/", {"next": "/en/"}).cookies
    # A link opened by a mail scanner or a crawler changes nothing.
    opened = client.get("/language/?language=it&next=/en/about/")
    assert (opened.status_code, opened["Location"]) == (302, "/en/about/")
    assert not opened.cookies
    # Never a way off the site.
    away = client.post("/language/", {"language": "it", "next": "https://evil.example/"})
    assert away["Location"] == "/"
    assert away.cookies["django_language"].value == "it"


def test_unknown_language_prefix_is_a_translated_404(client):
    response = client.get("/de/partners/")
    assert response.status_code == 404
    page = Page(response.content.decode())
    assert len(page.find_all("h1")) == 1


def test_partners_list_shows_four_with_the_lead_first(client):
    page = get(client, "/en/partners/")
    titles = [a["href"] for a in page.find_all("a") if a.get("href", "").count("/") == 4]
    partner_links = [href for href in titles if href.startswith("/en/partners/")]
    assert partner_links[:4] == [
        "/en/partners/palazzo-san-gervasio/",
        "/en/partners/durres/",
        "/en/partners/teruel/",
        "/en/partners/ancient-olympia/",
    ]
    assert "Lead partner" in page.main


def test_meetings_list_shows_five_international_and_the_durres_meeting(client):
    page = get(client, "/en/meetings/")
    hrefs = {a["href"] for a in page.find_all("a") if a.get("href", "").startswith("/en/meetings/")}
    assert {
        "/en/meetings/international-1-palazzo-san-gervasio/",
        "/en/meetings/international-2-durres/",
        "/en/meetings/international-3-ancient-olympia/",
        "/en/meetings/international-4-teruel/",
        "/en/meetings/international-5-palazzo-san-gervasio/",
        "/en/meetings/local-durres-2016-07-28/",
    } <= hrefs
    for number in range(1, 6):
        assert f"International meeting {number} of 5" in page.main
    assert "Date not recorded" in page.main  # meeting 2, held on a day nobody recorded
    assert "Date to be announced" not in page.main
    assert page.main.count("2017") >= 3


DURRES_DATES = {
    "sq": "28 korrik 2016",
    "it": "28 luglio 2016",
    "es": "28 de julio de 2016",
    "el": "28 Ιουλίου 2016",
    "en": "28 July 2016",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_durres_meeting_page_shows_date_time_and_venue(client, language):
    page = get(client, f"/{language}/meetings/local-durres-2016-07-28/")
    assert DURRES_DATES[language] in page.main
    assert "10:00" in page.main
    assert "UTC+02:00" in page.main
    assert "Aragosta" in page.main
    assert "Taulantia" in page.main
    times = [t["datetime"] for t in page.find_all("time")]
    assert "2016-07-28T10:00:00+02:00" in times


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_is_unknown_of_a_held_meeting_was_not_recorded(client, language):
    teruel = get(client, f"/{language}/meetings/international-4-teruel/")
    durres = get(client, f"/{language}/meetings/international-2-durres/")
    with translation.override(language):
        # Known by its year alone: the year, not a made-up day.
        assert [t["datetime"] for t in teruel.find_all("time")] == ["2017"]
        assert translation.gettext("Theme not recorded") in teruel.main
        assert translation.gettext("Date not recorded") in durres.main
        assert translation.gettext("Venue not recorded") in durres.main
        for page in (teruel, durres):
            for unknown in ("Date", "Venue", "Theme"):
                assert translation.gettext(f"{unknown} to be announced") not in page.main
    calendars = [link["href"] for link in teruel.find_all("a", type="text/calendar")]
    assert calendars == [f"/{language}/meetings/calendar.ics"]  # all meetings', not its own


def test_no_held_or_past_meeting_says_to_be_announced(client):
    for meeting in Meeting.objects.published():
        page = get(client, f"/en{meeting.get_absolute_url()[3:]}")
        assert meeting.is_over, meeting.slug
        assert "to be announced" not in page.main, meeting.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_planned_meeting_without_date_says_to_be_announced(client, language):
    meeting = MeetingFactory(slug="next-one", status="planned", start_date=None)
    page = get(client, f"/{language}{meeting.get_absolute_url()[3:]}")
    with translation.override(language):
        assert translation.gettext("Date to be announced") in page.main
        assert translation.gettext("Venue to be announced") in page.main
        assert translation.gettext("Theme to be announced") in page.main


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_meeting_known_by_its_month_shows_the_month(client, language):
    meeting = MeetingFactory(
        slug="in-may", status="planned", start_date=dt.date(2031, 5, 1), date_precision="month"
    )
    page = get(client, f"/{language}{meeting.get_absolute_url()[3:]}")
    expected = {"sq": "maj 2031", "it": "maggio 2031", "es": "mayo de 2031",
                "el": "Μάιος 2031", "en": "May 2031"}[language]  # fmt: skip
    assert expected in page.main
    assert [t["datetime"] for t in page.find_all("time")] == ["2031-05"]


def test_home_shows_latest_meeting_when_none_is_upcoming(client):
    page = get(client, "/en/")
    assert "Latest meeting" in page.main
    hrefs = [a["href"] for a in page.find_all("a")]
    assert "/en/meetings/international-5-palazzo-san-gervasio/" in hrefs
    assert "/en/announcements/durres-local-meeting-2016-07-28/" in hrefs


def test_announcement_page_names_meeting_and_contact(client):
    page = get(client, "/en/announcements/durres-local-meeting-2016-07-28/")
    assert "25 July 2016" in page.main
    assert "28 July 2016" in page.main
    assert "durres_in.to.eu@durres.gov.al" in page.main


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_times_are_written_as_each_language_writes_them(language):
    late_evening_in_utc = dt.datetime(2016, 7, 27, 22, 30, tzinfo=dt.UTC)  # 00:30 in Tirana
    with translation.override(language):
        assert display.long_date(dt.date(2016, 7, 28)) == DURRES_DATES[language]
        assert display.long_date(late_evening_in_utc) == DURRES_DATES[language]
        assert display.time_of_day(late_evening_in_utc) == "00:30"
        assert display.time_of_day(dt.time(15, 5)) == "15:05"


def test_templates_fail_on_an_undefined_name_under_test():
    template = engines["jinja2"].from_string("<p>{{ meeting.title }}</p>")
    assert template.render({"meeting": {"title": "Durrës"}}) == "<p>Durrës</p>"
    with pytest.raises(jinja2.UndefinedError):
        template.render({"meting": {"title": "Durrës"}})


def test_templates_show_an_undefined_name_as_nothing_outside_tests():
    template = jinja.environment().from_string("<p>{{ meeting.title }}</p>")
    assert template.render() == "<p></p>"


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_and_footer_name_pages_as_their_titles_do(client, language):
    """One name per page in each language: the link's words are the page's title (the
    menu's "About" is a short label for "About the project", by design)."""
    home = client.get(f"/{language}/").content.decode()
    menus = re.search(r'<nav class="site-nav".*?</nav>', home, re.S).group(0)
    menus += re.search(r"<footer.*?</footer>", home, re.S).group(0)
    for path in ["privacy/", "press/", "accessibility/", "contact/"]:
        url = f"/{language}/{path}"
        labels = set(re.findall(rf'<a href="{url}"[^>]*>([^<]+)</a>', menus))
        assert labels, url
        title = re.search(r"<h1[^>]*>(.*?)</h1>", client.get(url).content.decode(), re.S)
        assert labels == {title.group(1).strip()}, url
