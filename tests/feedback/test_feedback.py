"""Accessibility feedback: the form (pre-filled from the page it was opened on), the
mail to staff, the answer from the admin reaching the sender, and the deletion."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone, translation

from core.models import StaffLanguage
from feedback import handling
from feedback.models import Feedback
from tests.mail import text_part, work

pytestmark = pytest.mark.django_db


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def send(client, language="es", address="198.51.100.7", **extra):
    data = {
        "page": "/es/meetings/",
        "message": "El calendario no se lee con mi lector de pantalla.",
        "email": "lector@example.org",
        "consent": "on",
        "website": "",
        **extra,
    }
    return client.post(url("feedback:form", language), data, REMOTE_ADDR=address)


def test_the_footer_link_names_the_page_and_the_form_is_filled_in_with_it(client):
    page = client.get("/it/meetings/").content.decode()
    assert 'href="/it/feedback/?page=/it/meetings/"' in page
    form = client.get("/it/feedback/?page=/it/meetings/")
    assert 'value="/it/meetings/"' in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    # Another site's address, or a script, is not taken as the page.
    for value in ("https://evil.example/x", "javascript:alert(1)", "//evil.example/"):
        assert "evil" not in client.get(f"/it/feedback/?page={value}").content.decode()
    referred = client.get("/it/feedback/", HTTP_REFERER="http://testserver/it/partners/")
    assert 'value="/it/partners/"' in referred.content.decode()


def test_a_message_round_trips_form_staff_mail_admin_answer_and_answer_mail(
    client, smtp, staff_client
):
    editor = User.objects.create_user("paola", "paola@example.org", "x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Project editors"))
    StaffLanguage.objects.create(user=editor, language="it")
    User.objects.create_user("ana", "ana@example.org", "x", is_staff=True).groups.add(
        Group.objects.get(name="Partner editors: durres")
    )
    response = send(client)
    assert response.status_code == 302 and response["Location"] == url("feedback:sent", "es")
    feedback = Feedback.objects.get()
    assert (feedback.language, feedback.page, feedback.status) == ("es", "/es/meetings/", "new")
    work()
    # Superuser (staff_client's "editor") and the project editor; not the partner editor.
    assert sorted(m["To"] for m in smtp.messages) == ["editor@example.org", "paola@example.org"]
    [italian] = smtp.to("paola@example.org")
    with translation.override("it"):
        assert italian["Subject"].strip() == translation.gettext(
            "New accessibility feedback on the IN.TO.EU website"
        )
    assert "lector de pantalla" in text_part(italian)
    assert "lector@example.org" not in text_part(italian)  # staff read it in the admin
    smtp.messages.clear()

    change = f"/admin/feedback/feedback/{feedback.pk}/change/"
    assert "lector de pantalla" in staff_client.get(change).content.decode()
    response = staff_client.post(
        change,
        {"status": "new", "answer": "Lo hemos corregido. Gracias.", "send_answer": "on"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == "answered" and feedback.answered_at and feedback.settled_at
    work()
    [answer] = smtp.to("lector@example.org")
    assert answer["Content-Language"] == "es"
    body = text_part(answer)
    assert "Lo hemos corregido. Gracias." in body and "lector de pantalla" in body
    with translation.override("es"):
        assert (
            translation.gettext(
                "Co-funded by the Europe for Citizens Programme of the European Union"
            )
            in body
        )
    assert "/es/accessibility/" in body


def test_an_answer_without_an_address_is_refused_and_sends_nothing(client, smtp, staff_client):
    send(client, email="", consent="")
    feedback = Feedback.objects.get()
    response = staff_client.post(
        f"/admin/feedback/feedback/{feedback.pk}/change/",
        {"status": "new", "answer": "Gracias", "send_answer": "on"},
    )
    assert response.status_code == 200
    assert Feedback.objects.get().status == "new"


def test_an_address_needs_consent_and_errors_keep_what_was_typed(client):
    response = send(client, consent="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#feedback-consent"' in html
    assert "lector de pantalla" in html and 'value="lector@example.org"' in html
    assert not Feedback.objects.exists()
    assert send(client, message="").status_code == 400
    assert send(client, message="x" * 5001).status_code == 400
    assert not Feedback.objects.exists()
    # HTML is kept as text, never markup.
    send(client, message="<script>alert(1)</script>")
    assert Feedback.objects.get().message == "<script>alert(1)</script>"


def test_robots_and_floods_send_nothing(client):
    assert send(client, website="http://spam.example").status_code == 302
    assert not Feedback.objects.exists()
    answers = [send(client, address="203.0.113.5") for _n in range(11)]
    assert answers[-1].status_code == 429
    assert Feedback.objects.count() == 10


def test_settled_messages_are_deleted_after_the_set_days(settings):
    settings.FEEDBACK_KEPT_DAYS = 365
    now = timezone.now()
    new = Feedback.objects.create(message="new", language="en")
    closed = Feedback.objects.create(
        message="closed", language="en", status="closed", settled_at=now
    )
    with time_machine.travel(now + dt.timedelta(days=200)):
        later = Feedback.objects.create(message="later", language="en")
        answered = Feedback.objects.create(
            message="answered", language="en", status="answered", settled_at=timezone.now()
        )
    with time_machine.travel(now + dt.timedelta(days=364)):
        assert handling.forget_old() == 0
    with time_machine.travel(now + dt.timedelta(days=366)):
        # The closed one, and the one nobody answered in a year.
        assert handling.forget_old() == 2
    assert set(Feedback.objects.all()) == {later, answered}
    assert not Feedback.objects.filter(pk__in=[new.pk, closed.pk]).exists()


def test_a_page_reached_by_a_mails_link_is_never_taken_as_the_page(client):
    """Its address is a key to someone's registration or alerts."""
    for private in ("/en/registrations/abc:def/", "/en/alerts/choices/abc:def/"):
        form = client.get(f"/en/feedback/?page={private}").content.decode()
        assert "abc:def" not in form
    assert handling.page_of("/en/registrations/abc:def/") == ""
    assert handling.page_of("/en/meetings/") == "/en/meetings/"


def test_one_ipv6_network_counts_as_one_client(client):
    answers = [
        send(client, address=f"2001:db8:1:2::{n:x}", message=f"problem {n}") for n in range(11)
    ]
    assert answers[-1].status_code == 429
    assert send(client, address="2001:db8:9:9::1").status_code == 302
