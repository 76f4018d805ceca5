"""Registering for a meeting as a visitor does: the form, the mails through a real SMTP
server and the worker, the waiting list, cancelling by the link, and the window."""

import datetime as dt
import re

import pytest
import time_machine
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from registrations import links, seats
from registrations.models import Registrant, Registration
from tests.factories import open_registration
from tests.mail import html_part, text_part, work

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def form(**extra):
    return {
        "name": "Ana Hoxha",
        "email": "ana@example.org",
        "organisation": "",
        "language": "en",
        "access_needs": "",
        "consent": "on",
        "website": "",
        **extra,
    }


def register(client, registration, page="en", address="198.51.100.7", **extra):
    return client.post(
        url("registrations:register", page, slug=registration.meeting.slug),
        form(**extra),
        REMOTE_ADDR=address,
    )


def place_link(message):
    found = re.search(
        r"https://into-eu\.example\.org(/\w\w/registrations/[^/\s]+/)", text_part(message)
    )
    assert found, text_part(message)
    return found.group(1)


def calendar_of(message):
    parts = [
        part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"
    ]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_content())


def test_registering_confirms_a_place_and_mails_it_with_the_meeting_for_the_calendar(
    client, smtp, registration
):
    response = register(client, registration, language="el", organisation="Qendra")
    assert response.status_code == 302
    assert response["Location"] == url("registrations:registered", slug=registration.meeting.slug)
    registrant = Registrant.objects.get()
    assert registrant.status == Registrant.Status.CONFIRMED
    assert registrant.consent_version
    work()
    [message] = smtp.to("ana@example.org")
    with translation.override("el"):
        assert (
            translation.gettext("Your place is confirmed: %(title)s")
            % {"title": registration.meeting.title_en}
            in message["Subject"]
        )
        assert translation.gettext(
            "Co-funded by the Europe for Citizens Programme of the European Union"
        ) in text_part(message)
    assert message["Content-Language"] == "el"
    assert "<html" in html_part(message)
    event = calendar_of(message).walk("VEVENT")[0]
    assert event["DTSTART"].dt.date() == registration.meeting.start_date
    assert place_link(message).startswith("/el/registrations/")


def test_the_cancel_link_changes_nothing_on_get_and_cancels_on_post(client, smtp, registration):
    register(client, registration)
    work()
    link = place_link(smtp.messages[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    # The footer's feedback link does not carry this page's address, which is a key.
    assert "/feedback/?page=" not in page.content.decode()
    assert "/feedback/" in page.content.decode()
    assert Registrant.objects.get().status == Registrant.Status.CONFIRMED
    assert client.head(link).status_code == 200
    assert Registrant.objects.get().status == Registrant.Status.CONFIRMED
    assert client.post(link).status_code == 200
    cancelled = Registrant.objects.get()
    assert cancelled.status == Registrant.Status.CANCELLED
    # The personal data goes at once; the row stays, for the counts.
    assert (cancelled.name, cancelled.email, cancelled.erased_at is not None) == ("", "", True)
    again = client.get(link)
    assert again.status_code == 200
    assert b"Cancel my registration" not in again.content


def test_beyond_the_capacity_people_wait_in_line_and_a_cancellation_promotes_the_first(
    client, smtp, registration
):
    for n in range(4):
        register(client, registration, email=f"person{n}@example.org", name=f"Person {n}")
    statuses = dict(Registrant.objects.values_list("email", "status"))
    assert statuses == {
        "person0@example.org": "confirmed",
        "person1@example.org": "confirmed",
        "person2@example.org": "waiting",
        "person3@example.org": "waiting",
    }
    work()
    [waiting] = smtp.to("person3@example.org")
    assert "number 2 on the waiting list" in text_part(waiting)
    assert not [p for p in waiting.iter_attachments() if p.get_content_type() == "text/calendar"]
    client.post(place_link(smtp.to("person1@example.org")[0]))
    work()
    statuses = dict(Registrant.objects.exclude(email="").values_list("email", "status"))
    assert statuses["person2@example.org"] == "confirmed"
    assert statuses["person3@example.org"] == "waiting"
    promoted = smtp.to("person2@example.org")
    assert len(promoted) == 2
    assert "A place is free for you" in promoted[1]["Subject"]
    calendar_of(promoted[1])
    # The second in line is now first.
    person3 = Registrant.objects.get(email="person3@example.org")
    assert person3.place_in_line() == 1


def test_an_address_registers_once_and_gets_its_mail_again(client, smtp, registration):
    register(client, registration)
    register(client, registration, email="ANA@example.org", name="Someone else")
    assert Registrant.objects.count() == 1
    assert Registrant.objects.get().name == "Ana Hoxha"
    work()
    assert len(smtp.messages) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"opens_at": timezone.now() + dt.timedelta(days=1)},
        {"closes_at": timezone.now() - dt.timedelta(minutes=1)},
    ],
)
def test_registration_is_closed_outside_its_window(client, registration, change):
    Registration.objects.filter(pk=registration.pk).update(**change)
    page = client.get(url("registrations:register", slug=registration.meeting.slug))
    assert b"Registration is closed" in page.content
    assert b'name="email"' not in page.content
    register(client, registration)
    assert not Registrant.objects.exists()


def test_registration_closes_when_the_meeting_starts_or_is_cancelled(client, registration):
    meeting = registration.meeting
    with time_machine.travel(meeting.starts_at + dt.timedelta(minutes=1)):
        register(client, registration)
        assert not Registrant.objects.exists()
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    register(client, registration)
    assert not Registrant.objects.exists()


def test_the_meeting_page_offers_registration_only_while_it_is_open(client, registration):
    """Cached pages too: the closing time is one of the moments the page cache expects."""
    meeting_page = registration.meeting.get_absolute_url()
    registration.closes_at = timezone.now() + dt.timedelta(hours=1)
    registration.save()
    assert b"/register/" in client.get(meeting_page).content
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        assert b"/register/" not in client.get(meeting_page).content
    registration.closes_at = None
    registration.save()
    assert b"/register/" in client.get(meeting_page).content
    registration.delete()
    assert b"/register/" not in client.get(meeting_page).content


def test_a_bad_form_keeps_what_was_typed_and_says_what_is_wrong(client, registration):
    response = register(client, registration, email="not-an-address", consent="", name="<b>Ana</b>")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="form-problems"' in html
    assert 'href="#register-email"' in html and 'href="#register-consent"' in html
    assert 'value="not-an-address"' in html
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html
    assert 'aria-invalid="true"' in html
    assert not Registrant.objects.exists()


def test_robots_and_floods_register_nobody(client, registration):
    assert register(client, registration, website="http://spam.example").status_code == 302
    assert not Registrant.objects.exists()
    answers = [
        register(client, registration, email=f"p{n}@example.org", address="203.0.113.9")
        for n in range(11)
    ]
    assert answers[-1].status_code == 429
    assert Registrant.objects.count() == 10


def test_tampered_links_change_nothing(client, smtp, registration):
    register(client, registration)
    work()
    link = place_link(smtp.messages[0])
    assert client.post(link[:-3] + "xx/").status_code == 400
    assert Registrant.objects.get().status == Registrant.Status.CONFIRMED


def test_the_reminder_goes_once_the_day_before(client, smtp, registration, settings):
    from registrations import tasks

    register(client, registration)
    work()
    start = registration.meeting.starts_at
    with time_machine.travel(start - dt.timedelta(hours=30)):
        assert tasks.due_reminders(timezone.now()) == []
    with time_machine.travel(start - dt.timedelta(hours=20)):
        tasks.sweep.enqueue()
        tasks.sweep.enqueue()
        work()
    reminders = [m for m in smtp.messages if m["Subject"].startswith("Reminder")]
    assert len(reminders) == 1
    calendar_of(reminders[0])


def test_personal_data_is_deleted_the_set_days_after_the_meeting_and_counts_stay(
    client, registration, settings
):
    from registrations import people

    settings.REGISTRATION_DATA_DAYS = 30
    for n in range(3):
        register(client, registration, email=f"p{n}@example.org", access_needs="wheelchair")
    other = open_registration(slug="later-meeting", days=100)
    register(client, other, email="later@example.org")
    end = registration.meeting.ends_at
    with time_machine.travel(end + dt.timedelta(days=29)):
        assert people.forget_past() == 0
    with time_machine.travel(end + dt.timedelta(days=31)):
        assert people.forget_past() == 3
    kept = registration.registrants.all()
    assert kept.count() == 3
    assert kept.confirmed().count() == 2 and kept.waiting().count() == 1
    assert set(kept.values_list("name", "email", "access_needs", "language")) == {("", "", "", "")}
    assert other.registrants.get().email == "later@example.org"


def test_a_link_of_a_forgotten_registration_is_gone(client, smtp, registration):
    register(client, registration)
    work()
    link = place_link(smtp.messages[0])
    with time_machine.travel(registration.meeting.ends_at + dt.timedelta(days=31)):
        from registrations import people

        people.forget_past()
        page = client.get(link)
    assert b"no longer exists" in page.content


def test_staff_adding_places_confirms_people_waiting(registration):
    for n in range(3):
        seats.register(
            registration.pk,
            {"name": f"P{n}", "email": f"p{n}@example.org", "language": "en"},
        )
    capacity, [promoted] = seats.set_places(registration.pk, 3)
    assert (capacity, promoted.email) == (3, "p2@example.org")
    assert registration.registrants.confirmed().count() == 3
    # Never fewer places than people confirmed, whatever was asked.
    assert seats.set_places(registration.pk, 1) == (3, [])


def test_nothing_moves_once_the_meeting_is_over(client, smtp, registration):
    for n in range(3):
        register(client, registration, email=f"p{n}@example.org")
    work()
    link = place_link(smtp.to("p0@example.org")[0])
    smtp.messages.clear()
    with time_machine.travel(registration.meeting.ends_at + dt.timedelta(days=2)):
        answer = client.post(link)
        assert b"The meeting is over" in answer.content
        from registrations import people

        people.erase("p1@example.org")
        work()
    counts = dict(registration.registrants.values_list("status").annotate(n=Count("pk")))
    assert counts == {"confirmed": 2, "waiting": 1}
    assert registration.registrants.with_personal_data().count() == 2
    assert smtp.messages == []


def test_cancelled_meetings_and_meetings_without_a_day_get_no_reminder(client, registration):
    from registrations import tasks

    register(client, registration)
    meeting = registration.meeting
    soon = meeting.starts_at - dt.timedelta(hours=2)
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    with time_machine.travel(soon):
        assert tasks.due_reminders(timezone.now()) == []
    meeting.status = meeting.Status.CONFIRMED
    meeting.save()
    with time_machine.travel(soon):
        assert len(tasks.due_reminders(timezone.now())) == 1
        assert tasks.due_reminders(timezone.now()) == []


def test_the_cached_meeting_page_drops_the_button_when_the_meeting_starts(client, registration):
    meeting_page = registration.meeting.get_absolute_url()
    assert b"/register/" in client.get(meeting_page).content
    with time_machine.travel(registration.meeting.starts_at + dt.timedelta(minutes=1)):
        assert b"/register/" not in client.get(meeting_page).content


def test_the_per_address_limit_is_per_meeting(client, smtp):
    registrations = [open_registration(slug=f"meeting-{n}", days=10 + n) for n in range(7)]
    for registration in registrations:
        register(client, registration, address=f"198.51.100.{registrations.index(registration)}")
    assert Registrant.objects.filter(email="ana@example.org").count() == 7


def test_links_name_one_registrant_and_die_with_the_key(registration):
    registrant = seats.register(
        registration.pk, {"name": "A", "email": "a@example.org", "language": "sq"}
    )
    assert links.registrant_of(links.token(registrant)) == registrant
    seats.cancel(registrant.pk)
    with pytest.raises(links.Gone):
        links.registrant_of(links.token(registrant))
