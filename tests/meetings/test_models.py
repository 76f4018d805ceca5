import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from meetings.models import Document, Meeting
from tests.factories import MeetingFactory, PartnerFactory
from tests.helpers import Page

pytestmark = pytest.mark.django_db

ROME = zoneinfo.ZoneInfo("Europe/Rome")


@pytest.fixture
def schedule():
    """Three new meetings in 2030 beside the shipped ones (all 2016–2017 or undated)."""
    return {
        "may": MeetingFactory(slug="may", start_date=dt.date(2030, 5, 10), start_time=dt.time(9)),
        "june": MeetingFactory(
            slug="june", start_date=dt.date(2030, 6, 1), end_date=dt.date(2030, 6, 3)
        ),
        "july": MeetingFactory(slug="july", start_date=dt.date(2030, 7, 1)),
    }


def slugs(queryset):
    return [meeting.slug for meeting in queryset]


def test_upcoming_and_past_follow_the_clock(schedule):
    with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=ROME), tick=False):
        assert slugs(Meeting.objects.upcoming()) == ["may", "june", "july"]
        past = slugs(Meeting.objects.past())
        # Meetings 3 and 4 are known by their year (2017) alone: sorted as of its start.
        assert past == [
            "international-5-palazzo-san-gervasio",
            "international-4-teruel",
            "international-3-ancient-olympia",
            "local-durres-2016-07-28",
            "international-1-palazzo-san-gervasio",
        ]
    # On the second day of the June meeting it is still upcoming; May is past, latest first.
    with time_machine.travel(dt.datetime(2030, 6, 2, 12, tzinfo=ROME), tick=False):
        assert slugs(Meeting.objects.upcoming()) == ["june", "july"]
        assert slugs(Meeting.objects.past())[:2] == ["may", "international-5-palazzo-san-gervasio"]
    # A meeting with no known end is upcoming until its day is over in the venue's zone.
    with time_machine.travel(dt.datetime(2030, 7, 1, 23, 30, tzinfo=ROME), tick=False):
        assert slugs(Meeting.objects.upcoming()) == ["july"]
    with time_machine.travel(dt.datetime(2030, 7, 2, 0, 1, tzinfo=ROME), tick=False):
        assert slugs(Meeting.objects.upcoming()) == []
        assert slugs(Meeting.objects.past())[:3] == ["july", "june", "may"]


MOMENTS = [
    dt.datetime(2030, 1, 1, tzinfo=ROME),
    dt.datetime(2030, 6, 2, 12, tzinfo=ROME),
    dt.datetime(2030, 7, 1, 23, 30, tzinfo=ROME),
    dt.datetime(2030, 7, 2, 0, 1, tzinfo=ROME),
]


@pytest.fixture
def twins(schedule):
    """Meetings at one time as another: kind, number and slug decide their order."""
    start = {"start_date": dt.date(2030, 5, 10), "start_time": dt.time(9)}
    MeetingFactory(slug="may-twin", **start)
    teruel = Meeting.objects.get(slug="international-4-teruel")
    teruel.start_date, teruel.start_time = start["start_date"], start["start_time"]
    teruel.save()
    return schedule


@pytest.mark.parametrize("moment", MOMENTS)
def test_timeline_is_upcoming_undated_and_past_in_one_query(
    twins, moment, django_assert_num_queries
):
    with time_machine.travel(moment, tick=False):
        expected = [
            slugs(Meeting.objects.upcoming()),
            slugs(Meeting.objects.undated()),
            slugs(Meeting.objects.past()),
        ]
        with django_assert_num_queries(1):
            timeline = Meeting.objects.timeline()
    assert [slugs(part) for part in timeline] == expected
    assert expected[1] and expected[2]  # the shipped content has undated and past meetings


def test_media_flags_spare_the_query_of_what_a_meeting_lacks(django_assert_num_queries):
    slug = "international-1-palazzo-san-gervasio"
    Document.objects.create(
        meeting=Meeting.objects.get(slug=slug), kind="agenda", title="Agenda", language="it",
        file="documents/agenda.pdf",
    )  # fmt: skip
    meetings = {m.slug: m for m in Meeting.objects.with_media_flags()}
    with_document, bare = meetings[slug], meetings["local-durres-2016-07-28"]
    assert (with_document.has_photos, with_document.has_documents) == (False, True)
    with django_assert_num_queries(0):
        assert bare.media() == ([], [])
    with django_assert_num_queries(1):
        photos, documents = with_document.media()
    assert photos == [] and [d.title for d in documents] == ["Agenda"]
    unflagged = Meeting.objects.get(slug=slug)
    with django_assert_num_queries(2):  # without the flags, both are read
        unflagged.media()


@pytest.mark.parametrize("moment", MOMENTS)
def test_next_or_latest_is_the_first_upcoming_else_the_first_past(twins, moment):
    with time_machine.travel(moment, tick=False):
        upcoming, past = Meeting.objects.upcoming(), Meeting.objects.past()
        expected = (upcoming.first(), True) if upcoming else (past.first(), False)
        assert Meeting.objects.next_or_latest() == expected


def test_next_or_latest_without_dated_meetings():
    Meeting.objects.dated().delete()
    assert Meeting.objects.next_or_latest() == (None, False)


def test_undated_meetings_are_neither_upcoming_nor_past():
    undated = slugs(Meeting.objects.undated())
    assert undated == ["international-2-durres"]
    listed = slugs(Meeting.objects.upcoming()) + slugs(Meeting.objects.past())
    assert not set(undated) & set(listed)


def test_meetings_page_orders_upcoming_then_past(client, schedule):
    with time_machine.travel(dt.datetime(2030, 6, 2, 12, tzinfo=ROME), tick=False):
        html = client.get("/en/meetings/").content.decode()
    positions = [html.index(f"/en/meetings/{slug}/") for slug in ["june", "july", "may"]]
    assert positions == sorted(positions)
    assert html.index("Upcoming meetings") < positions[0]
    assert positions[1] < html.index("Past meetings") < positions[2]


def test_home_features_the_next_meeting(client, schedule):
    with time_machine.travel(dt.datetime(2030, 6, 2, 12, tzinfo=ROME), tick=False):
        page = Page(client.get("/en/").content.decode())
    assert "Next meeting" in page.main
    assert "/en/meetings/june/" in [a["href"] for a in page.find_all("a")]


def test_start_and_end_are_in_the_venue_time_zone():
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    assert meeting.start.isoformat() == "2016-07-28T10:00:00+02:00"
    assert meeting.starts_at == dt.datetime(2016, 7, 28, 8, 0, tzinfo=dt.UTC)


def test_fallback_text_is_marked_and_announced(client):
    meeting = MeetingFactory(
        slug="fallback", title_el="", body_en="Only in English for now.", body_el=""
    )
    page = Page(client.get(f"/el/meetings/{meeting.slug}/").content.decode())
    with translation.override("el"):
        notice = translation.gettext(
            "This text is not yet available in this language. It is shown in English."
        )
    assert notice in page.main
    assert "Only in English for now." in page.main
    marked = [a for t, a in page.tags if a.get("lang") == "en" and t in {"div", "span", "h1"}]
    assert len(marked) >= 2  # the title and the body, each with lang="en"


def test_fallback_order_is_configurable(client, settings):
    # What CONTENT_FALLBACK=it,en sets; the pages follow modeltranslation's order.
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("it", "en")}
    meeting = MeetingFactory(slug="fallback-it", body_it="Solo in italiano.", body_en="English.")
    html = client.get(f"/es/meetings/{meeting.slug}/").content.decode()
    assert "Solo in italiano." in html
    assert "English." not in html
    assert 'lang="it"' in html
    with translation.override("es"):
        assert meeting.body == "Solo in italiano."


def test_no_notice_when_the_text_exists(client):
    html = client.get("/el/meetings/local-durres-2016-07-28/").content.decode()
    assert 'class="fallback-notice"' not in html


def test_meeting_validation_rejects_end_before_start():
    from django.core.exceptions import ValidationError

    meeting = MeetingFactory.build(
        start_date=dt.date(2030, 5, 2),
        end_date=dt.date(2030, 5, 1),
        host=Meeting.objects.first().host,
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end_date" in error.value.message_dict


def test_the_admin_shows_and_sorts_what_is_known_of_the_date(staff_client):
    html = staff_client.get("/admin/meetings/meeting/?o=5").content.decode()
    cells = re.findall(r'<td class="field-known_date[^"]*">([^<]*)</td>', html)
    assert cells.count("-") == 1  # meeting 2: no date
    dated = [cell for cell in cells if cell != "-"]
    # Sorted by start: meetings 3 and 4 say 2017 (not 1 January) between July 2016 and
    # November 2017.
    assert [cell[-4:] for cell in dated] == ["2016", "2016", "2017", "2017", "2017"]
    assert dated[2:4] == ["2017", "2017"]


def test_a_partial_date_is_kept_as_the_first_day_of_its_period_with_nothing_finer():
    meeting = MeetingFactory.build(
        slug="later", start_date=dt.date(2017, 6, 12), date_precision="year", host=PartnerFactory()
    )
    meeting.full_clean()
    assert meeting.start_date == dt.date(2017, 1, 1)
    meeting.save()
    assert (meeting.starts_at.date(), meeting.ends_at.date()) == (
        dt.date(2017, 1, 1),
        dt.date(2017, 12, 31),
    )
    month = MeetingFactory.build(
        slug="feb", start_date=dt.date(2028, 2, 20), date_precision="month", host=meeting.host
    )
    month.full_clean()
    month.save()
    assert (month.start_date, month.ends_at.date()) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    month.start_time = dt.time(10)
    with pytest.raises(ValidationError) as error:
        month.full_clean()
    assert "date_precision" in error.value.message_dict


def test_a_held_meeting_is_past_even_before_its_year_is_over():
    with time_machine.travel(dt.datetime(2017, 6, 1, tzinfo=ROME), tick=False):
        upcoming = slugs(Meeting.objects.upcoming())
        past = slugs(Meeting.objects.past())
        timeline = Meeting.objects.timeline()
    assert "international-3-ancient-olympia" in past
    assert "international-4-teruel" in past
    assert upcoming == []  # the shipped meetings were all held
    assert slugs(timeline.upcoming) == upcoming and slugs(timeline.past) == past
    # Planned for a year still running, it stays upcoming until that year ends.
    MeetingFactory(slug="later", status="planned", start_date=dt.date(2017, 1, 1),
                   date_precision="year")  # fmt: skip
    with time_machine.travel(dt.datetime(2017, 12, 31, 12, tzinfo=ROME), tick=False):
        assert "later" in slugs(Meeting.objects.upcoming())
    with time_machine.travel(dt.datetime(2018, 1, 1, 1, tzinfo=ROME), tick=False):
        assert "later" in slugs(Meeting.objects.past())
