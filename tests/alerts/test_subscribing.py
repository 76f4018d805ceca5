"""Subscribing with double opt-in, changing one's choices and leaving, as a visitor does."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from alerts import links, subscriptions
from alerts.models import Consent, Subscriber, digest
from partners.models import Partner
from tests.mail import html_part, subscriber, text_part, work

pytestmark = pytest.mark.django_db
LANGUAGES = ["sq", "it", "es", "el", "en"]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def form(**extra):
    return {
        "email": "reader@example.org",
        "language": "el",
        "announcements": "on",
        "new_meetings": "on",
        "meeting_changes": "on",
        "partner": "",
        "consent": "on",
        "website": "",
        **extra,
    }


def subscribe(client, page="en", **extra):
    return client.post(url("alerts:subscribe", page), form(**extra), REMOTE_ADDR="198.51.100.7")


def in_greek(*texts):
    """Each text as the Greek catalogue has it: there, and not left in English."""
    with translation.override("el"):
        greek = [translation.gettext(text) for text in texts]
    assert all(g != t for g, t in zip(greek, texts, strict=True))
    return greek


def link_in(message, name):
    found = re.search(
        rf"https://into-eu\.example\.org(/\w\w/alerts/{name}/[^/\s]+/)", text_part(message)
    )
    assert found, text_part(message)
    return found.group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_subscribe_page_asks_for_an_address_choices_and_consent(client, language):
    response = client.get(url("alerts:subscribe", language))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in html and 'name="consent"' in html
    assert url("page-privacy", language) in html
    assert f'<option value="{language}" lang="{language}" selected>' in html
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_subscribing_mails_a_confirmation_link_in_the_chosen_language(client, smtp):
    response = subscribe(client)
    assert response.status_code == 302
    assert response["Location"] == url("alerts:requested")
    requested = client.get(response["Location"])
    assert b"72" in requested.content
    pending = Subscriber.objects.get()
    assert (pending.email, pending.language, pending.confirmed_at) == (
        "reader@example.org",
        "el",
        None,
    )
    assert not smtp.messages  # sent by the worker, not the request
    work()
    [message] = smtp.messages
    assert message["To"] == "reader@example.org"
    subject, funding = in_greek(
        "Please confirm your IN.TO.EU e-mail alerts",
        "Co-funded by the Europe for Citizens Programme of the European Union",
    )
    assert message["Subject"].strip() == subject
    assert message["Content-Language"] == "el"
    assert "/el/alerts/confirm/" in text_part(message)
    assert funding in text_part(message) and funding in html_part(message)


def test_opening_the_link_changes_nothing_and_the_button_confirms(client, smtp):
    subscribe(client)
    work()
    path = link_in(smtp.messages[0], "confirm")
    page = client.get(path)
    assert page.status_code == 200
    assert b'method="post"' in page.content
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert Subscriber.objects.get().confirmed_at is None
    confirmed = client.post(path, REMOTE_ADDR="203.0.113.5")
    assert confirmed.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    asked, confirm = Consent.objects.filter(subscriber=subscriber)
    assert (asked.event, asked.client_address) == ("asked", "198.51.100.7")
    assert (confirm.event, confirm.client_address) == ("confirmed", "203.0.113.5")
    assert confirm.text_version and confirm.language == "el"
    assert confirm.email_digest == digest("reader@example.org")
    again = client.post(path)
    assert again.status_code == 200
    assert Consent.objects.count() == 2


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client, smtp):
    known = subscriber("known@example.org", language="it")
    new = subscribe(client, email="new@example.org")
    old = subscribe(client, email="KNOWN@example.org", language="sq", announcements="")
    assert (new.status_code, new["Location"]) == (old.status_code, old["Location"])
    work()
    [reminder] = smtp.to("known@example.org")
    assert "/it/alerts/choices/" in text_part(reminder)
    assert "/confirm/" not in text_part(reminder)
    known.refresh_from_db()
    assert (known.language, known.announcements) == ("it", True)  # nothing changed


def test_asking_again_soon_sends_nothing_more(client, smtp):
    subscribe(client)
    subscribe(client)
    work()
    assert len(smtp.messages) == 1
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "not-an-address", "Ju lutemi shkruani një adresë e-mail"),
        ("email", "a" * 300 + "@example.org", "Siguroni që kjo vlerë ka të shumtën 254"),
        ("email", "<script>alert(1)</script>@example.org", "Ju lutemi shkruani një adresë e-mail"),
        ("consent", "", "Ju lutemi jepni pëlqimin"),
        ("language", "xx", "Përzgjidhni një zgjedhje të vlefshme"),
        ("partner", "999999", "Përzgjidhni një zgjedhje të vlefshme"),
    ],
)
def test_a_bad_form_is_refused_with_a_translated_message_and_stores_nothing(
    client, smtp, field, value, message
):
    response = subscribe(client, page="sq", **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    # The field in error is marked and described by its message, in the page's language.
    field_tag = re.search(rf'<(input|select)[^>]* id="alerts-{field}"[^>]*>', html).group()
    assert 'aria-invalid="true"' in field_tag and f"alerts-{field}-error" in field_tag
    error = re.search(rf'id="alerts-{field}-error">([^<]*)<', html).group(1)
    assert error.startswith(message[:12]), error
    assert "<script>alert" not in html
    work()
    assert not Subscriber.objects.exists() and not Consent.objects.exists() and not smtp.messages


def test_no_kind_of_alert_chosen_is_refused(client):
    response = subscribe(client, announcements="", new_meetings="", meeting_changes="")
    assert response.status_code == 400
    assert b"at least one kind" in response.content
    assert not Subscriber.objects.exists()


def test_a_robot_filling_the_hidden_field_is_answered_alike_and_stores_nothing(client, smtp):
    response = subscribe(client, website="https://spam.example")
    assert response.status_code == 302 and response["Location"] == url("alerts:requested")
    work()
    assert not Subscriber.objects.exists() and not smtp.messages


def test_requests_are_limited_per_client_and_per_address(client, smtp):
    for n in range(3):
        assert subscribe(client, email=f"r{n}@example.org").status_code == 302
    # Asked again once the quarter hour is over: the link again, once. The fourth request
    # of the day is answered alike, and nothing more is done.
    later = timezone.now() + dt.timedelta(minutes=20)
    with time_machine.travel(later, tick=False):
        subscribe(client, email="r0@example.org")
        subscribe(client, email="r0@example.org")
    with time_machine.travel(later + dt.timedelta(minutes=20), tick=False):
        assert subscribe(client, email="r0@example.org").status_code == 302
    work()
    assert len(smtp.to("r0@example.org")) == 2
    for n in range(3, 10):
        subscribe(client, email=f"r{n}@example.org")
    limited = subscribe(client, page="el", email="last@example.org")
    assert limited.status_code == 429
    assert "Πάρα πολλά" in limited.content.decode() or "αιτήματα" in limited.content.decode()
    assert not Subscriber.objects.filter(email="last@example.org").exists()


@pytest.mark.parametrize("view", ["alerts:confirm", "alerts:manage", "alerts:leave"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_in_the_page_language_and_changes_nothing(client, view, method):
    known = subscriber()
    good = links.token(known, links.CONFIRM if view == "alerts:confirm" else links.MANAGE)
    for token in (good[:-2] + "xx", "nonsense", good.replace(":", ".")):
        response = getattr(client, method)(url(view, "es", token=token))
        assert response.status_code == 400
        assert "enlace" in response.content.decode()
    assert Subscriber.objects.filter(pk=known.pk, confirmed_at__isnull=False).exists()


def test_a_confirmation_link_expires_after_72_hours(client, smtp):
    subscribe(client)
    work()
    path = link_in(smtp.messages[0], "confirm")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=73), tick=False):
        response = client.post(path)
    assert response.status_code == 400
    assert b"72" in response.content
    assert Subscriber.objects.get().confirmed_at is None


def test_the_choices_page_shows_and_changes_the_choices(client):
    known = subscriber(language="en")
    path = url("alerts:manage", "en", token=links.token(known, links.MANAGE))
    page = client.get(path)
    assert page.status_code == 200 and b"reader@example.org" in page.content
    assert "no-store" in page["Cache-Control"]
    durres = Partner.objects.get(slug="durres")
    saved = client.post(
        path,
        {"language": "sq", "announcements": "on", "partner": durres.pk},
        REMOTE_ADDR="192.0.2.1",
    )
    assert saved.status_code == 200 and b'role="status"' in saved.content
    known.refresh_from_db()
    assert (known.language, known.announcements, known.new_meetings, known.partner) == (
        "sq",
        True,
        False,
        durres,
    )
    change = Consent.objects.get(event="changed")
    assert change.choices["partner"] == "durres" and change.client_address == "192.0.2.1"
    refused = client.post(path, {"language": "sq"})
    assert refused.status_code == 400
    known.refresh_from_db()
    assert known.announcements


def test_leaving_by_the_page_deletes_the_address_and_keeps_the_consent_record(client):
    known = subscriber()
    Consent.objects.create(
        subscriber=known, email_digest=digest(known.email), event="confirmed", language="en"
    )
    path = url("alerts:leave", "en", token=links.token(known, links.MANAGE))
    page = client.get(path)
    assert page.status_code == 200 and Subscriber.objects.exists()
    left = client.post(path)
    assert left.status_code == 200
    assert not Subscriber.objects.exists()
    records = Consent.objects.filter(email_digest=digest("reader@example.org"))
    assert [record.event for record in records] == ["confirmed", "left"]
    assert not Consent.objects.filter(subscriber__isnull=False).exists()
    again = client.post(path)
    assert again.status_code == 200 and b"not subscribed" in again.content


def test_one_click_unsubscribe_is_a_post_with_no_page_and_no_login(client):
    known = subscriber()
    path = url("alerts:leave", "en", token=links.token(known, links.MANAGE))
    response = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_unconfirmed_requests_go_after_seven_days_and_consent_records_after_three_years():
    now = timezone.now()
    stale = Subscriber.objects.create(
        email="stale@example.org", language="en", asked_at=now - dt.timedelta(days=8)
    )
    subscriptions.record(stale, Consent.Event.ASKED)
    fresh = Subscriber.objects.create(
        email="fresh@example.org", language="en", asked_at=now - dt.timedelta(days=6)
    )
    confirmed = subscriber("old@example.org")
    confirmed.asked_at = now - dt.timedelta(days=400)
    confirmed.save()
    for email_address, age in (("gone@example.org", 1200), ("recent@example.org", 30)):
        Consent.objects.create(
            email_digest=digest(email_address),
            event="left",
            language="en",
            at=now - dt.timedelta(days=age),
        )
    assert subscriptions.sweep(now) == (1, 1)
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "fresh@example.org",
        "old@example.org",
    }
    assert not Consent.objects.filter(email_digest=digest("stale@example.org")).exists()
    assert not Consent.objects.filter(email_digest=digest("gone@example.org")).exists()
    assert Consent.objects.filter(email_digest=digest("recent@example.org")).exists()
    assert Subscriber.objects.filter(pk=fresh.pk).exists()


def test_the_alert_pages_are_linked_from_footer_lists_and_press_page(client):
    for name in ("meetings:list", "meetings:announcements", "press:press", "home"):
        html = client.get(url(name, "it")).content.decode()
        assert f'href="{url("alerts:subscribe", "it")}"' in html, name
