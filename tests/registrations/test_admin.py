"""Registration in the admin: opening it, the list, the CSV export, writing to everyone,
and partner editors kept to their own meetings."""

import csv
import io

import pytest
from django.contrib.auth.models import User

from registrations import seats
from registrations.models import Notice, Registration
from tests.factories import open_registration
from tests.helpers import staff
from tests.mail import text_part, work

pytestmark = pytest.mark.django_db


def person(registration, n, **data):
    return seats.register(
        registration.pk,
        {"name": f"Person {n}", "email": f"p{n}@example.org", "language": "en", **data},
    )


def admin_url(registration, view=""):
    return f"/admin/registrations/registration/{registration.pk}/{view}"


def rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_export_neutralises_cells_a_spreadsheet_would_run(staff_client, registration):
    person(registration, 1, name='=HYPERLINK("https://evil.example","click")')
    person(registration, 2, organisation="+SUM(A1:A9)", access_needs="@cmd -x")
    person(registration, 3, name="-2+3")
    response = staff_client.get(admin_url(registration, "export/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *people = rows(response)
    assert header[:3] == ["status", "name", "e-mail address"]
    # Status and language in words (the staff member's language), not as stored.
    assert {row[0] for row in people} == {"Confirmed", "On the waiting list"}
    assert {row[4] for row in people} == {"English"}
    cells = [cell for row in people for cell in row]
    assert '\'=HYPERLINK("https://evil.example","click")' in cells
    assert "'+SUM(A1:A9)" in cells and "'@cmd -x" in cells and "'-2+3" in cells
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@"}]


def test_the_change_form_lists_the_registrants_with_counts(staff_client, registration):
    for n in range(3):
        person(registration, n, access_needs="step-free access")
    page = staff_client.get(admin_url(registration, "change/")).content.decode()
    assert "2 confirmed of 2 places, 1 waiting, 0 cancelled." in page
    assert "p2@example.org" in page and "step-free access" in page


def test_raising_the_places_confirms_who_waits_and_lowering_below_the_confirmed_is_refused(
    staff_client, registration
):
    for n in range(3):
        person(registration, n)
    form = {
        "capacity": "3",
        "opens_at_0": "2026-01-01",
        "opens_at_1": "00:00",
        "closes_at_0": "",
        "closes_at_1": "",
        "registrants-TOTAL_FORMS": "0",
        "registrants-INITIAL_FORMS": "3",
        "registrants-MIN_NUM_FORMS": "0",
        "registrants-MAX_NUM_FORMS": "1000",
    }
    response = staff_client.post(admin_url(registration, "change/"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert registration.registrants.confirmed().count() == 3
    response = staff_client.post(admin_url(registration, "change/"), {**form, "capacity": "1"})
    assert response.status_code == 200
    assert Registration.objects.get(pk=registration.pk).capacity == 3


def test_a_message_to_the_registrants_goes_to_each_through_the_worker(
    staff_client, smtp, registration
):
    for n in range(3):
        person(registration, n)
    work()
    smtp.messages.clear()
    response = staff_client.post(
        admin_url(registration, "message/"),
        {"audience": "confirmed", "subject": "Room change", "text": "We meet in room 2."},
    )
    assert response.status_code == 302
    work()
    assert sorted(m["To"] for m in smtp.messages) == ["p0@example.org", "p1@example.org"]
    assert "We meet in room 2." in text_part(smtp.messages[0])
    assert "/registrations/" in text_part(smtp.messages[0])
    assert Notice.objects.get().recipients == 2


def test_a_durres_editor_opens_registration_for_durres_only(client, monkeypatch):
    own = open_registration(slug="durres-open")
    other = open_registration(slug="teruel-open", partner="teruel")
    person(own, 1)
    person(other, 2)
    staff(client, "ana", "Partner editors: durres", monkeypatch)
    assert client.get(admin_url(own, "change/")).status_code == 200
    assert client.get(admin_url(own, "export/")).status_code == 200
    for view in ("change/", "export/", "message/"):
        response = client.get(admin_url(other, view))
        assert response.status_code in {302, 404}, view
        assert b"p2@example.org" not in response.content
    assert client.post(
        admin_url(other, "message/"), {"audience": "everyone", "subject": "x", "text": "y"}
    ).status_code in {302, 404}
    assert not Notice.objects.exists()
    assert User.objects.get(username="ana").has_perm("registrations.view_registrant")
