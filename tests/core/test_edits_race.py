"""Saves of one opening racing each other on PostgreSQL: exactly one wins."""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from core.admin_edits import EditCheck
from meetings.models import Meeting
from pages.models import Page
from tests.core.test_edits import opened, save

EDITORS = 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["meeting", "page"])
def test_saves_racing_from_one_opening_leave_one_winner_and_conflict_pages(
    kind, django_user_model, monkeypatch
):
    call_command("load_content", verbosity=0)
    item = (
        Meeting.objects.get(slug="local-durres-2016-07-28")
        if kind == "meeting"
        else Page.objects.get(key="about")
    )
    clients = []
    for n in range(EDITORS):
        user = django_user_model.objects.create_superuser(f"editor{n}", f"e{n}@example.org", "x")
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        clients.append(client)
    form = opened(clients[0], item)

    # Whoever holds the item's lock keeps it a moment, so that the others arrive meanwhile.
    lock = EditCheck.lock

    def slow_lock(self, model, pk):
        lock(self, model, pk)
        time.sleep(0.3)

    monkeypatch.setattr(EditCheck, "lock", slow_lock)
    start = threading.Barrier(EDITORS)
    answers, errors = {}, []

    def editor(n):
        try:
            start.wait()
            answers[n] = save(clients[n], item, form, title_en=f"Title by editor {n}").status_code
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(answers.values()) == [302] + [409] * (EDITORS - 1)
    [winner] = [n for n, status in answers.items() if status == 302]
    item.refresh_from_db()
    assert item.title_en == f"Title by editor {winner}"
