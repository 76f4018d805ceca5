"""Never more confirmed than the places, even when many register at the same second."""

import threading

import pytest
from django.db import connection, connections

from registrations import seats
from registrations.models import Registrant
from tests.factories import PartnerFactory, open_registration

PEOPLE = 20
PLACES = 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_registering_at_once_for_five_places_leave_five_confirmed_and_fifteen_waiting():
    registration = open_registration(capacity=PLACES, partner=PartnerFactory())
    start = threading.Barrier(PEOPLE)
    errors = []

    def person(n):
        try:
            start.wait()
            seats.register(
                registration.pk,
                {"name": f"Person {n}", "email": f"person{n}@example.org", "language": "en"},
            )
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    registrants = Registrant.objects.filter(registration=registration)
    assert registrants.confirmed().count() == PLACES
    assert registrants.waiting().count() == PEOPLE - PLACES
    # The line is the order of arrival: places 1 to 15, each once.
    assert sorted(r.place_in_line() for r in registrants.waiting()) == list(
        range(1, PEOPLE - PLACES + 1)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_cancellations_at_once_promote_exactly_as_many_as_left():
    registration = open_registration(capacity=PLACES, partner=PartnerFactory())
    people = [
        seats.register(
            registration.pk,
            {"name": f"P{n}", "email": f"p{n}@example.org", "language": "en"},
        )
        for n in range(PEOPLE)
    ]
    leaving = [person.pk for person in people[:PLACES]]
    start = threading.Barrier(len(leaving))

    def cancel(pk):
        try:
            start.wait()
            seats.cancel(pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(pk,)) for pk in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    registrants = Registrant.objects.filter(registration=registration)
    assert registrants.confirmed().count() == PLACES
    assert set(registrants.confirmed().values_list("email", flat=True)) == {
        f"p{n}@example.org" for n in range(PLACES, 2 * PLACES)
    }
