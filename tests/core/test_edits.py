"""Two staff members on one item: the later save never silently undoes the earlier one.

Each test opens the change form as a browser does (tests.helpers.admin_form), changes it
and posts it, in the order of issue #19's report: A and B open the form, A saves, B saves.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from core.admin_edits import EditCheck
from core.models import Editing
from meetings.models import Announcement, Document, Meeting
from pages.models import Page
from tests.helpers import admin_form, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(django_user_model):
    user = django_user_model.objects.create_superuser("ana", "ana@example.org", "x-pass-1")
    user.first_name, user.last_name = "Ana", "Koci"
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def bruno(django_user_model):
    user = django_user_model.objects.create_superuser("bruno", "bruno@example.org", "x-pass-1")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def change_url(obj):
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"


def opened(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return admin_form(response)


def save(client, obj, form, **changes):
    data = {**form, **{name: [value] for name, value in changes.items()}, "_save": ["Save"]}
    return client.post(change_url(obj), data)


def conflict_form(response):
    """The conflict page's form, as the browser would send it."""
    from tests.helpers import FormValues

    values = {}
    html = response.content.decode()
    html = html.replace('<form method="post" action=""', '<form id="conflict" method="post"')
    for name, value in FormValues(html, "conflict").values:
        values.setdefault(name, []).append(value)
    return values


def resolve(client, obj, response, **choices):
    data = conflict_form(response)
    data["_edit_merge"] = ["1"]
    for key, choice in choices.items():
        data[f"_edit_choice.{key}"] = [choice]
    return client.post(change_url(obj), data)


ITEMS = {
    "meeting": lambda: Meeting.objects.get(slug="local-durres-2016-07-28"),
    "announcement": lambda: Announcement.objects.first(),
    "page": lambda: Page.objects.get(key="about"),
}
SECOND_FIELD = {"meeting": "summary_en", "announcement": "summary_en", "page": "intro_en"}


@pytest.mark.parametrize("kind", ITEMS)
def test_a_later_save_of_an_older_form_gets_the_conflict_page_and_merges(kind, ana, bruno):
    item = ITEMS[kind]()
    form_a, form_b = opened(ana, item), opened(bruno, item)
    assert save(ana, item, form_a, title_en="Ana's title").status_code == 302

    response = save(bruno, item, form_b, **{SECOND_FIELD[kind]: "Bruno's words"})

    assert response.status_code == 409
    item.refresh_from_db()
    assert item.title_en == "Ana's title"  # A's change survives
    assert getattr(item, SECOND_FIELD[kind]) != "Bruno's words"  # nothing written yet
    html = response.content.decode()
    assert "Saved after you opened the form, by Ana Koci at" in html
    report = response.context["report"]
    assert report.theirs == ["Title [en]"]
    assert report.mine == [item._meta.get_field(SECOND_FIELD[kind]).verbose_name.capitalize()]
    assert report.clashes == []
    assert "Bruno&#x27;s words" in html  # B's input is kept in the page's form

    response = resolve(bruno, item, response)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_en == "Ana's title"
    assert getattr(item, SECOND_FIELD[kind]) == "Bruno's words"
    latest = Version.objects.get_for_object(item).first().revision
    assert latest.user.username == "bruno"
    assert "Merged with the changes saved meanwhile by Ana Koci" in latest.get_comment()
    assert "Title" not in latest.get_comment()  # the merge did not take B's old title


def test_both_changing_one_field_asks_which_to_keep(ana, bruno):
    meeting = ITEMS["meeting"]()
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, title_en="Ana's title")
    response = save(bruno, meeting, form_b, title_en="Bruno's title", summary_en="Bruno's")

    assert response.status_code == 409
    [clash] = response.context["report"].clashes
    assert (clash.key, clash.theirs, clash.mine) == ("f.title_en", "Ana's title", "Bruno's title")

    # Without a choice nothing is saved, and the page says why.
    again = resolve(bruno, meeting, response)
    assert again.status_code == 409
    assert "Choose a version for each field both of you changed." in again.content.decode()
    meeting.refresh_from_db()
    assert meeting.title_en == "Ana's title"

    done = resolve(bruno, meeting, again, **{"f.title_en": "theirs"})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.summary_en) == ("Ana's title", "Bruno's")


def test_choosing_mine_keeps_mine(ana, bruno):
    meeting = ITEMS["meeting"]()
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, title_en="Ana's title", theme_en="Ana's theme")
    response = save(bruno, meeting, form_b, title_en="Bruno's title")
    assert resolve(bruno, meeting, response, **{"f.title_en": "mine"}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.theme_en) == ("Bruno's title", "Ana's theme")


def test_a_save_after_the_conflict_page_was_shown_shows_it_again(ana, bruno):
    meeting = ITEMS["meeting"]()
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, title_en="Ana 1")
    response = save(bruno, meeting, form_b, summary_en="Bruno's")
    save(ana, meeting, opened(ana, meeting), theme_en="Ana 2")

    again = resolve(bruno, meeting, response)

    assert again.status_code == 409
    assert again.context["report"].theirs == ["Theme [en]", "Title [en]"]
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.theme_en) == ("Ana 1", "Ana 2")
    assert resolve(bruno, meeting, again).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.theme_en, meeting.summary_en) == ("Ana 1", "Ana 2", "Bruno's")


def test_saving_an_unchanged_form_meanwhile_is_no_conflict(ana, bruno):
    meeting = ITEMS["meeting"]()
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a)
    assert save(bruno, meeting, form_b, title_en="Bruno's").status_code == 302


@pytest.fixture
def documents(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    for n in (1, 2):
        (tmp_path / "documents" / f"agenda-{n}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    meeting = ITEMS["meeting"]()
    return meeting, [
        Document.objects.create(
            meeting=meeting,
            kind="agenda",
            title=f"Agenda {n}",
            language="en",
            file=f"documents/agenda-{n}.pdf",
            order=n,
        )
        for n in (1, 2)
    ]


def test_inline_rows_are_merged_field_by_field(ana, bruno, documents):
    meeting, (first, second) = documents
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, **{"documents-0-title_en": "Ana's agenda"})
    response = save(bruno, meeting, form_b, **{"documents-1-title_en": "Bruno's agenda"})

    assert response.status_code == 409
    report = response.context["report"]
    assert report.theirs == ["Document 1: Title [en]"]
    assert report.mine == ["Document 2: Title [en]"]
    assert resolve(bruno, meeting, response).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title_en, second.title_en) == ("Ana's agenda", "Bruno's agenda")


def test_a_row_deleted_meanwhile_is_not_brought_back_and_what_was_typed_in_it_is_shown(
    ana, bruno, documents
):
    meeting, (first, second) = documents
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, **{"documents-0-DELETE": "on"})
    response = save(
        bruno, meeting, form_b, **{"documents-0-title_en": "Bruno's", "title_en": "Bruno's title"}
    )

    assert response.status_code == 409
    report = response.context["report"]
    assert report.theirs == ["Document 1 (deleted)"]
    assert report.lost == [("Document 1: Title [en]", "Bruno's")]
    assert resolve(bruno, meeting, response).status_code == 302
    assert list(meeting.documents.all()) == [second]
    meeting.refresh_from_db()
    assert meeting.title_en == "Bruno's title"


def test_deleting_a_row_someone_changed_asks(ana, bruno, documents):
    meeting, (first, _second) = documents
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, **{"documents-0-title_en": "Ana's"})
    response = save(bruno, meeting, form_b, **{"documents-0-DELETE": "on"})
    [clash] = response.context["report"].clashes
    assert clash.key == f"x.documents.{first.pk}"
    assert resolve(bruno, meeting, response, **{clash.key: "theirs"}).status_code == 302
    first.refresh_from_db()
    assert first.title_en == "Ana's"


def test_the_race_is_won_by_one_save_when_both_post_the_same_opening(ana, bruno):
    """Sequential here; tests/core/test_edits_race.py races them on PostgreSQL."""
    page = ITEMS["page"]()
    form = opened(ana, page)
    assert save(ana, page, form, title_en="First").status_code == 302
    assert save(bruno, page, form, intro_en="Second").status_code == 409


def test_a_tampered_or_foreign_version_mark_is_refused(ana):
    meeting = ITEMS["meeting"]()
    form = opened(ana, meeting)
    form["_edit_state"] = [form["_edit_state"][0][:-3] + "abc"]
    response = save(ana, meeting, form, title_en="Changed")
    assert response.status_code == 400
    other = opened(ana, ITEMS["page"]())
    response = save(ana, meeting, {**opened(ana, meeting), "_edit_state": other["_edit_state"]})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.title_en != "Changed"


def test_a_history_restore_never_undoes_a_newer_save(ana, bruno):
    meeting = ITEMS["meeting"]()
    save(ana, meeting, opened(ana, meeting), title_en="Version 1")
    save(ana, meeting, opened(ana, meeting), title_en="Version 2")
    older = Version.objects.get_for_object(meeting)[1]
    url = f"/admin/meetings/meeting/{meeting.pk}/history/{older.pk}/"
    restore = bruno.get(url)
    restore_form = admin_form(restore)
    assert restore_form["title_en"] == ["Version 1"]
    save(ana, meeting, opened(ana, meeting), summary_en="Ana, later")

    response = bruno.post(url, {**restore_form, "_save": ["Save"]})

    assert response.status_code == 409
    assert response.context["report"].theirs == ["Summary [en]"]
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.summary_en) == ("Version 2", "Ana, later")
    # Opened again, the restore goes through.
    restore_form = admin_form(bruno.get(url))
    assert bruno.post(url, {**restore_form, "_save": ["Save"]}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_en == "Version 1"


def test_a_form_opened_before_load_content_updated_the_item_gets_the_conflict_page(bruno, tmp_path):
    page = ITEMS["page"]()
    # A site loaded from older files; load_content brings an item no one edited up to date.
    Page.objects.filter(pk=page.pk).update(title_en="Older shipped title")
    form = opened(bruno, page)
    call_command("load_content", verbosity=0)
    page.refresh_from_db()
    assert page.title_en != "Older shipped title"
    response = save(bruno, page, form, intro_en="Bruno's")
    assert response.status_code == 409
    assert "an automatic update" in response.content.decode()


def test_load_content_keeps_a_staff_save(ana):
    page = ITEMS["page"]()
    save(ana, page, opened(ana, page), title_en="Staff title")
    call_command("load_content", verbosity=0)
    page.refresh_from_db()
    assert page.title_en == "Staff title"


# Presence.


def editing_url(obj):
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/editing/"


def test_the_form_shows_who_else_has_it_open(ana, bruno):
    meeting = ITEMS["meeting"]()
    assert ana.post(editing_url(meeting), {"state": "here"}).json() == {"editors": []}

    page = bruno.get(change_url(meeting)).content.decode()
    assert "Ana Koci has been editing this since" in page
    assert 'id="editing-notice"' in page and 'role="status"' in page
    answer = bruno.post(editing_url(meeting), {"state": "here"}).json()
    assert len(answer["editors"]) == 1 and answer["editors"][0].startswith("Ana Koci has been")
    assert (
        ana.post(editing_url(meeting), {"state": "here"})
        .json()["editors"][0]
        .startswith("bruno has been editing this since")
    )

    ana.post(editing_url(meeting), {"state": "left"})
    assert bruno.post(editing_url(meeting), {"state": "here"}).json() == {"editors": []}
    assert Editing.objects.filter(user__username="bruno").count() == 1


def test_someone_not_heard_from_has_gone(ana, bruno, settings):
    meeting = ITEMS["meeting"]()
    ana.post(editing_url(meeting), {"state": "here"})
    Editing.objects.update(seen_at=Editing.objects.get().seen_at.replace(year=2020))
    assert bruno.post(editing_url(meeting), {"state": "here"}).json() == {"editors": []}
    assert Editing.objects.filter(user__username="ana").count() == 0


def test_presence_changes_nothing_without_a_state_and_only_for_editors(ana, client, monkeypatch):
    meeting = Meeting.objects.get(slug="international-4-teruel")
    assert ana.get(editing_url(meeting)).status_code == 405
    assert ana.post(editing_url(meeting)).status_code == 400
    staff(client, "durres", "Partner editors: durres", monkeypatch)
    assert client.post(editing_url(meeting), {"state": "here"}).status_code in {403, 404}
    assert not Editing.objects.exists()


def test_a_view_only_form_carries_no_version_and_tells_no_presence(client, monkeypatch):
    from partners.models import Partner

    durres = Partner.objects.get(slug="durres")
    staff(client, "durres", "Partner editors: durres", monkeypatch)
    response = client.get(change_url(durres))
    assert response.status_code == 200
    html = response.content.decode()
    assert "_edit_state" not in html and "editing-notice" not in html
    assert client.post(editing_url(durres), {"state": "here"}).status_code == 403


# What a review found (each failed before its fix).


def test_the_row_lock_protects_fields_the_form_does_not_edit(client, monkeypatch):
    """A translator's form has no status; a save of the status landing between the
    admin's read of the item and the lock is kept."""
    meeting = ITEMS["meeting"]()
    staff(client, "tina", "Translators", monkeypatch)
    form = opened(client, meeting)
    assert "status" not in form
    lock = EditCheck.lock

    def someone_saves_first(self, model, pk):
        Meeting.objects.filter(pk=pk).update(status="cancelled")
        lock(self, model, pk)

    monkeypatch.setattr(EditCheck, "lock", someone_saves_first)
    assert save(client, meeting, form, summary_en="Tina's summary").status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.summary_en) == ("cancelled", "Tina's summary")


def test_a_row_deleted_meanwhile_does_not_stop_a_role_that_cannot_delete(
    client, monkeypatch, documents
):
    meeting, (first, second) = documents
    staff(client, "tina", "Translators", monkeypatch)
    form = opened(client, meeting)
    first.delete()
    response = save(client, meeting, form, summary_en="Tina's summary")
    assert response.status_code == 409
    assert response.context["report"].theirs == ["Document 1 (deleted)"]
    assert resolve(client, meeting, response).status_code == 302
    meeting.refresh_from_db()
    assert meeting.summary_en == "Tina's summary"
    assert list(meeting.documents.all()) == [second]


def test_a_merge_records_only_what_the_merging_person_changed(ana, bruno, documents):
    meeting, _documents = documents
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, **{"documents-0-title_en": "Ana's agenda"})
    response = save(bruno, meeting, form_b, **{"documents-1-title_en": "Bruno's agenda"})
    assert resolve(bruno, meeting, response).status_code == 302
    entry = LogEntry.objects.filter(user__username="bruno").latest("action_time")
    # Bruno's row only (named by its Albanian title); Ana's row is hers.
    assert entry.get_change_message() == "Changed Title [en] for document “Agenda 2”."


def test_rows_are_numbered_as_the_form_shows_them(ana, bruno, documents):
    meeting, (first, _second) = documents
    Document.objects.filter(pk=first.pk).update(order=5)  # now the second row of the form
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, **{"documents-0-title_en": "Ana's"})
    response = save(bruno, meeting, form_b, **{"documents-0-title_en": "Bruno's"})
    report = response.context["report"]
    assert report.theirs == report.mine == ["Document 1: Title [en]"]
    assert [clash.label for clash in report.clashes] == ["Document 1: Title [en]"]


def test_line_ends_sent_by_browsers_are_no_change(ana, bruno):
    page = ITEMS["page"]()
    form_a, form_b = opened(ana, page), opened(bruno, page)

    def as_browsers_send(form):
        return {
            name: [value.replace("\n", "\r\n") for value in values] for name, values in form.items()
        }

    assert save(ana, page, as_browsers_send(form_a)).status_code == 302
    assert save(bruno, page, as_browsers_send(form_b), title_en="Bruno's").status_code == 302


def test_a_file_replaced_by_someone_else_is_not_listed_as_mine(ana, bruno, documents):
    meeting, (first, _second) = documents
    form_b = opened(bruno, meeting)
    Document.objects.filter(pk=first.pk).update(file="documents/agenda-2.pdf")
    response = save(bruno, meeting, form_b, title_en="Bruno's title")
    report = response.context["report"]
    assert (report.theirs, report.mine) == (["Document 1: PDF file"], ["Title [en]"])


def test_keeping_a_row_someone_changed_ignores_what_was_typed_in_it(ana, bruno, documents):
    meeting, (first, _second) = documents
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, **{"documents-0-title_en": "Ana's"})
    response = save(
        bruno, meeting, form_b, **{"documents-0-DELETE": "on", "documents-0-title_sq": ""}
    )
    [clash] = response.context["report"].clashes
    assert resolve(bruno, meeting, response, **{clash.key: "theirs"}).status_code == 302
    first.refresh_from_db()
    assert first.title_en == "Ana's" and first.title_sq


def test_load_content_still_works_out_a_meetings_instants():
    meeting = ITEMS["meeting"]()
    shipped = (meeting.start_date, meeting.starts_at)
    meeting.start_date = meeting.start_date.replace(year=2015)
    meeting.save()  # not by staff: the files' values come back
    call_command("load_content", verbosity=0)
    meeting.refresh_from_db()
    assert (meeting.start_date, meeting.starts_at) == shipped


def test_a_form_opened_before_a_field_was_removed_is_refused_cleanly(ana):
    from core.concurrency import Opened

    page = ITEMS["page"]()
    form = opened(ana, page)
    opening = Opened.read(form["_edit_state"][0], Page, page.pk)
    opening.state.fields["gone_field"] = "0"
    response = save(ana, page, {**form, "_edit_state": [opening.sign()]}, title_en="Changed")
    assert response.status_code == 400
    page.refresh_from_db()
    assert page.title_en != "Changed"


def test_a_file_chosen_before_the_conflict_must_be_chosen_again(ana, bruno, documents):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def pdf():
        return SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")

    meeting, (first, _second) = documents
    form_a, form_b = opened(ana, meeting), opened(bruno, meeting)
    save(ana, meeting, form_a, title_en="Ana's title")
    response = bruno.post(
        change_url(meeting), {**form_b, "documents-0-file": pdf(), "_save": ["Save"]}
    )
    assert response.status_code == 409
    assert response.context["files"] == [("documents-0-file", "minutes.pdf")]
    assert "Choose the file again: minutes.pdf" in response.content.decode()

    again = resolve(bruno, meeting, response)  # the file not chosen again
    assert again.status_code == 409
    assert "Choose again each file you had chosen." in again.content.decode()
    first.refresh_from_db()
    assert first.file.name == "documents/agenda-1.pdf"

    data = {**conflict_form(again), "_edit_merge": ["1"], "documents-0-file": pdf()}
    assert bruno.post(change_url(meeting), data).status_code == 302
    first.refresh_from_db()
    meeting.refresh_from_db()
    assert first.file.name != "documents/agenda-1.pdf" and meeting.title_en == "Ana's title"
