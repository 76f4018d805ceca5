"""Alerts sent by the task worker to a real SMTP server: once, in each reader's language."""

import datetime as dt
import os
import subprocess
import sys
from unittest import mock

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from alerts import mails, tasks
from alerts.models import Alert, Delivery, Subscriber
from meetings.models import Announcement, Meeting
from partners.models import Partner
from tests.mail import announcement_form, html_part, subscriber, text_part, work

from ..factories import PartnerFactory
from ..helpers import form_of, meeting_form

pytestmark = pytest.mark.django_db
SITE = "https://into-eu.example.org"


def gettext_in(language, text):
    with translation.override(language):
        return translation.gettext(text)


def publish_announcement(client, partner=None, **extra):
    partner = partner or Partner.objects.get(slug="durres")
    response = client.post(
        reverse("admin:meetings_announcement_add"), announcement_form(partner, **extra)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Announcement.objects.get(slug=extra.get("slug", "new-announcement"))


def save_meeting(client, data, meeting=None):
    url = (
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
        if meeting
        else reverse("admin:meetings_meeting_add")
    )
    response = client.post(url, data)
    assert response.status_code == 302, (response.status_code, response.content[:300])
    return Meeting.objects.get(slug=data["slug"])


def calendar_of(message):
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    [event] = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    return event


def test_publishing_an_announcement_sends_one_mail_to_each_subscriber_in_their_language(
    staff_client, smtp
):
    subscriber("greek@example.org", language="el")
    subscriber("english@example.org", language="en")
    subscriber("meetings-only@example.org", language="it", announcements=False)
    Subscriber.objects.create(email="unconfirmed@example.org", language="sq")
    announcement = publish_announcement(staff_client)
    assert not smtp.messages  # the admin's save only queued the work
    work()
    assert sorted(m["To"] for m in smtp.messages) == ["english@example.org", "greek@example.org"]
    [greek] = smtp.to("greek@example.org")
    subject = gettext_in("el", "IN.TO.EU announcement: %(title)s") % {"title": "News (el)"}
    assert greek["Subject"].strip() == subject
    assert greek["Content-Language"] == "el"
    leave = greek["List-Unsubscribe"].strip()
    assert leave.startswith(f"<{SITE}/el/alerts/leave/") and leave.endswith("/>")
    assert greek["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    funding = gettext_in(
        "el", "Co-funded by the Europe for Citizens Programme of the European Union"
    )
    page = SITE + "/el/announcements/new-announcement/"
    for part in (text_part(greek), html_part(greek)):
        assert "News (el)" in part and funding in part and page in part
        assert f"{SITE}/el/alerts/choices/" in part
    assert "<img" not in html_part(greek)
    # Never twice: the same tasks queued again, as a retry or a second worker would.
    tasks.fan_out.enqueue(Alert.objects.get().pk)
    tasks.send_alert.enqueue(Alert.objects.get().pk)
    work()
    assert len(smtp.messages) == 2
    alert = Alert.objects.get(announcement=announcement)
    assert alert.event == "announcement"
    assert alert.deliveries.filter(status="sent").count() == 2

    # The mail program's one-click unsubscribe: a POST to that address, no page, no login.
    path = leave.strip("<>").removeprefix(SITE)
    response = staff_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="greek@example.org").exists()
    assert alert.deliveries.filter(status="sent").count() == 2  # the counts stay


def test_a_text_missing_in_the_readers_language_comes_in_english_and_says_so(staff_client, smtp):
    subscriber("italian@example.org", language="it")
    publish_announcement(staff_client, title_it="")
    work()
    [message] = smtp.messages
    notice = gettext_in(
        "it", "This text is not yet available in this language. It is shown in English."
    )
    assert "News (en)" in message["Subject"]
    assert notice in text_part(message) and notice in html_part(message)
    assert 'lang="en"' in html_part(message)


def test_a_meeting_sends_new_then_changed_with_its_calendar_event_and_a_summary_edit_sends_nothing(
    staff_client, smtp
):
    subscriber("reader@example.org", language="en")
    meeting = save_meeting(staff_client, meeting_form(send_alerts="on"))
    work()
    [new] = smtp.messages
    assert new["Subject"] == "New IN.TO.EU meeting: A meeting (en)"
    first = calendar_of(new)
    assert str(first["UID"]) == f"meeting-{meeting.pk}@into-eu"
    assert first["SEQUENCE"] == 0
    assert "17:30" in text_part(new) and "Europe/Madrid" in text_part(new)

    meeting = save_meeting(
        staff_client, form_of(meeting, start_date="2030-03-05", send_alerts="on"), meeting
    )
    work()
    assert len(smtp.messages) == 2
    changed = smtp.messages[1]
    assert changed["Subject"] == "IN.TO.EU meeting changed: A meeting (en)"
    second = calendar_of(changed)
    assert str(second["UID"]) == str(first["UID"])
    assert second["SEQUENCE"] == 1 == meeting.sequence
    assert second.decoded("DTSTART").date() == dt.date(2030, 3, 5)

    save_meeting(
        staff_client,
        form_of(meeting, start_date="2030-03-05", summary_en="A new summary.", send_alerts="on"),
        meeting,
    )
    work()
    assert len(smtp.messages) == 2


def test_a_version_overtaken_before_it_was_sent_is_not_sent(staff_client, smtp):
    subscriber("reader@example.org", language="en")
    meeting = save_meeting(staff_client, meeting_form(send_alerts="on"))
    save_meeting(staff_client, form_of(meeting, status="cancelled", send_alerts="on"), meeting)
    work()
    assert [m["Subject"] for m in smtp.messages] == ["IN.TO.EU meeting cancelled: A meeting (en)"]


def test_a_save_that_is_no_news_before_a_scheduled_publication_keeps_its_alert(staff_client, smtp):
    subscriber("reader@example.org", language="en")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    schedule = {"published_at_0": tomorrow.isoformat(), "send_alerts": "on"}
    meeting = save_meeting(staff_client, meeting_form(**schedule))
    # A new title raises the calendar SEQUENCE, and is no news.
    meeting = save_meeting(staff_client, form_of(meeting, title_en="Renamed", **schedule), meeting)
    assert meeting.sequence == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        work()
    [message] = smtp.messages
    assert message["Subject"].strip() == "New IN.TO.EU meeting: Renamed"
    assert calendar_of(message)["SEQUENCE"] == 1


def test_a_later_save_of_an_item_published_without_sending_sends_nothing(staff_client, smtp):
    subscriber()
    announcement = publish_announcement(staff_client, send_alerts="")
    data = announcement_form(
        announcement.partner, slug=announcement.slug, title_en="Typo fixed", send_alerts="on"
    )
    response = staff_client.post(
        reverse("admin:meetings_announcement_change", args=[announcement.pk]), data
    )
    assert response.status_code == 302
    work()
    assert not smtp.messages


def test_mails_still_queued_when_the_item_is_withdrawn_are_not_sent(staff_client, smtp, settings):
    settings.MAIL_RETRY_SECONDS = (3600,)
    subscriber("first@example.org")
    subscriber("second@example.org")
    smtp.replies = ["451 4.3.0 Later"]  # one mail waits an hour for its retry
    announcement = publish_announcement(staff_client)
    work()
    [sent] = [m["To"] for m in smtp.messages]
    Announcement.objects.filter(pk=announcement.pk).update(publication="draft")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        work()
    assert len(smtp.messages) == 1
    statuses = dict(Delivery.objects.values_list("subscriber__email", "status"))
    waited = ({"first@example.org", "second@example.org"} - {sent}).pop()
    assert statuses == {sent: "sent", waited: "outdated"}
    page = staff_client.get(reverse("admin:meetings_announcement_change", args=[announcement.pk]))
    assert "1 not sent: the item changed or was withdrawn since" in page.content.decode()


def test_mails_whose_task_was_lost_are_taken_up_by_the_sweep(staff_client, smtp):
    subscriber()
    announcement = publish_announcement(staff_client)
    with mock.patch.object(tasks, "SENDERS_PER_ALERT", 0):  # the send task is lost
        work()
    assert not smtp.messages
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        tasks.sweep.call()
        work()
    assert len(smtp.messages) == 1
    assert Delivery.objects.get(alert__announcement=announcement).status == "sent"


def test_a_mail_that_cannot_be_made_fails_alone(staff_client, smtp):
    subscriber("first@example.org")
    subscriber("second@example.org")
    real = mails.alert

    def broken_for_the_first(event, item, recipient):
        if recipient.email == "first@example.org":
            raise ValueError("Header values can't contain newlines")
        return real(event, item, recipient)

    with mock.patch.object(mails, "alert", broken_for_the_first):
        publish_announcement(staff_client)
        work()
    assert [m["To"] for m in smtp.messages] == ["second@example.org"]
    failed = Delivery.objects.get(subscriber__email="first@example.org")
    assert (failed.status, failed.error) == ("failed", "ValueError")


def test_a_cancelled_meeting_says_so(staff_client, smtp):
    subscriber("reader@example.org", language="en")
    meeting = save_meeting(staff_client, meeting_form(send_alerts="on"))
    work()
    save_meeting(staff_client, form_of(meeting, status="cancelled", send_alerts="on"), meeting)
    work()
    subjects = [m["Subject"] for m in smtp.messages]
    assert subjects == [
        "New IN.TO.EU meeting: A meeting (en)",
        "IN.TO.EU meeting cancelled: A meeting (en)",
    ]
    assert calendar_of(smtp.messages[1])["STATUS"] == "CANCELLED"


def test_staff_can_publish_without_sending_and_see_the_counts(staff_client, smtp):
    subscriber()
    announcement = publish_announcement(staff_client, send_alerts="")
    work()
    assert not smtp.messages
    assert Alert.objects.get(announcement=announcement).send is False
    page = staff_client.get(reverse("admin:meetings_announcement_change", args=[announcement.pk]))
    assert b"not sent, as chosen" in page.content
    assert b"Confirmed subscribers: 1" in page.content


def test_a_scheduled_publication_sends_when_its_time_comes(staff_client, smtp):
    subscriber()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    publish_announcement(staff_client, published_at_0=tomorrow.isoformat(), published_at_1="09:00")
    work()
    assert not smtp.messages
    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        work()
    assert len(smtp.messages) == 1


def test_a_temporary_refusal_is_retried_and_the_mail_arrives_once(staff_client, smtp):
    subscriber()
    smtp.replies = ["451 4.3.0 Try again later"]
    announcement = publish_announcement(staff_client)
    work()
    assert smtp.refused == 1 and len(smtp.messages) == 1
    delivery = Delivery.objects.get(alert__announcement=announcement)
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_a_permanent_refusal_marks_the_mail_failed_for_staff_to_see(staff_client, smtp):
    subscriber()
    smtp.replies = ["550 5.1.1 <reader@example.org>: no such mailbox"]
    announcement = publish_announcement(staff_client)
    work()
    assert not smtp.messages
    delivery = Delivery.objects.get(alert__announcement=announcement)
    # The server's codes are kept, not its words: they quote the address.
    assert (delivery.status, delivery.error) == ("failed", "550 5.1.1")
    page = staff_client.get(reverse("admin:meetings_announcement_change", args=[announcement.pk]))
    assert b"0 queued, 0 sent, 1 failed" in page.content
    assert "1 × 550 5.1.1" in page.content.decode()
    assert b"reader@example.org" not in page.content


def test_a_server_that_keeps_refusing_for_now_gets_its_tries_then_the_mail_fails(
    staff_client, smtp, settings
):
    subscriber()
    smtp.replies = ["421 4.7.0 Busy"] * 5
    settings.MAIL_RETRY_SECONDS = (0, 0)
    publish_announcement(staff_client)
    work()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, smtp.refused) == ("failed", 3, 3)


def test_a_partner_choice_limits_the_alerts_to_that_partner(staff_client, smtp):
    subscriber("durres-only@example.org", partner=Partner.objects.get(slug="durres"))
    subscriber("everything@example.org")
    publish_announcement(staff_client, partner=Partner.objects.get(slug="teruel"))
    work()
    assert [m["To"] for m in smtp.messages] == ["everything@example.org"]


def test_loading_content_and_changing_a_past_meeting_send_nothing(staff_client, smtp):
    subscriber()
    call_command("load_content", verbosity=0)
    past = Meeting.objects.published().past().first()
    save_meeting(staff_client, form_of(past, status="postponed", send_alerts="on"), past)
    work()
    assert not smtp.messages and not Alert.objects.exists()


def test_a_translators_save_sends_nothing(translator, smtp):
    subscriber()
    meeting = Meeting.objects.create(
        slug="ahead",
        kind="local",
        host=Partner.objects.get(slug="durres"),
        title_sq="Përpara",
        start_date=dt.date(2031, 1, 1),
        publication="published",
    )
    data = form_of(meeting, **{"venue_name_el": "Δημαρχείο", "send_alerts": "on"})
    translator.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    work()
    assert not smtp.messages and not Alert.objects.exists()


def test_staff_can_send_themselves_a_test_alert_in_any_language(staff_client, smtp):
    announcement = publish_announcement(staff_client, send_alerts="")
    url = reverse("admin:meetings_announcement_test_alert", args=[announcement.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"language": "el"})
    assert response.status_code == 302
    work()
    [message] = smtp.messages
    assert message["To"] == "editor@example.org"
    assert "News (el)" in message["Subject"] and message["Content-Language"] == "el"
    assert "List-Unsubscribe" not in message


def test_a_delivery_is_unique_per_subscriber_and_version():
    reader = subscriber()
    announcement = Announcement.objects.first()
    alert = Alert.objects.create(announcement=announcement)
    Delivery.objects.create(alert=alert, subscriber=reader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(alert=alert, subscriber=reader)


def worker_process(smtp):
    """`manage.py db_worker` in a process of its own, on the test database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "SITE_URL": SITE,
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "-v", "0"]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers share PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_once(smtp):
    readers = [subscriber(f"reader{n}@example.org") for n in range(120)]
    announcement = Announcement.objects.create(
        slug="for-two-workers",
        title_sq="Njoftim",
        title_en="Notice",
        partner=PartnerFactory(),
        publication="published",
    )
    alert = Alert.objects.create(announcement=announcement)
    tasks.fan_out.enqueue(alert.pk)
    for _extra in range(4):  # more senders than needed, all racing for the same rows
        tasks.send_alert.enqueue(alert.pk)
    workers = [worker_process(smtp) for _n in range(2)]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    recipients = [m["To"] for m in smtp.messages]
    assert len(recipients) == len(readers) == len(set(recipients))
    assert alert.deliveries.filter(status="sent").count() == len(readers)
