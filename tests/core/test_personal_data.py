"""Everything the site holds about an address, from every app, exported and erased in
one go from the admin (GDPR Articles 15 and 17)."""

import json

import pytest

from alerts.models import Consent, Subscriber
from feedback.models import Feedback
from registrations import seats
from registrations.models import Registrant
from tests.factories import open_registration

pytestmark = pytest.mark.django_db
EMAIL = "maria@example.org"


@pytest.fixture
def held():
    subscriber = Subscriber.objects.create(email=EMAIL, language="it")
    Consent.objects.create(
        subscriber=subscriber, email_digest="x", event="asked", text_version="v", language="it"
    )
    registration = open_registration(capacity=1)
    seats.register(registration.pk, {"name": "Other", "email": "o@example.org", "language": "en"})
    seats.register(
        registration.pk,
        {"name": "Maria", "email": EMAIL, "language": "it", "access_needs": "large print"},
    )
    Feedback.objects.create(message="Il PDF non si legge", email=EMAIL, language="it")
    Feedback.objects.create(message="someone else", email="o@example.org", language="en")
    return registration


def test_the_export_holds_the_address_in_every_app(staff_client, held):
    response = staff_client.post("/admin/alerts/subscriber/export/", {"email": "MARIA@example.org"})
    data = json.loads(response.content)
    assert set(data) == {"alerts", "registrations", "feedback"}
    assert data["alerts"]["subscription"]["email"] == EMAIL
    [registration] = data["registrations"]
    assert (registration["name"], registration["access_needs"]) == ("Maria", "large print")
    assert registration["status"] == "waiting"
    assert [item["message"] for item in data["feedback"]] == ["Il PDF non si legge"]
    assert "o@example.org" not in response.content.decode()


def test_erasing_an_address_removes_it_everywhere_and_leaves_others(staff_client, held):
    response = staff_client.post("/admin/alerts/subscriber/erase/", {"email": EMAIL}, follow=True)
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email=EMAIL).exists()
    assert not Registrant.objects.filter(email=EMAIL).exists()
    assert not Feedback.objects.filter(email=EMAIL).exists()
    assert Registrant.objects.filter(email="o@example.org").exists()
    assert Feedback.objects.filter(email="o@example.org").exists()
    # The row of the registration stays, emptied, so that the meeting's counts hold.
    assert held.registrants.count() == 2 and held.registrants.with_personal_data().count() == 1
