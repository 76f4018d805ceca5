import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from meetings.models import Meeting, Photo
from pages.models import Page
from tests.helpers import LANGUAGES, PASSWORD, form_of, staff

pytestmark = pytest.mark.django_db


def test_migration_created_the_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Project editors", "Translators"} <= names
    for slug in ["palazzo-san-gervasio", "durres", "teruel", "ancient-olympia"]:
        assert f"Partner editors: {slug}" in names


def test_partner_editor_changes_own_meeting(durres_editor):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    assert durres_editor.get(url).status_code == 200
    response = durres_editor.post(url, form_of(meeting, title_en="Edited by Durrës"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.title_en == "Edited by Durrës"


def test_partner_editor_is_refused_another_partners_meeting(durres_editor):
    teruel = Meeting.objects.get(slug="international-4-teruel")
    listing = durres_editor.get("/admin/meetings/meeting/").content.decode()
    assert f"/admin/meetings/meeting/{teruel.pk}/change/" not in listing
    assert durres_editor.get("/admin/meetings/meeting/?q=Teruel").context["cl"].result_count == 0
    for view in ["change", "delete", "history"]:
        response = durres_editor.get(f"/admin/meetings/meeting/{teruel.pk}/{view}/")
        assert response.status_code in {302, 403, 404}, view
    before = teruel.title_en
    response = durres_editor.post(
        f"/admin/meetings/meeting/{teruel.pk}/change/", form_of(teruel, title_en="Hijacked")
    )
    assert response.status_code in {302, 403, 404}
    teruel.refresh_from_db()
    assert teruel.title_en == before


def test_partner_editor_cannot_move_a_meeting_to_another_partner(durres_editor):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    teruel = Meeting.objects.get(slug="international-4-teruel").host
    response = durres_editor.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/", form_of(meeting, host=teruel.pk)
    )
    # Their one partner is not theirs to choose (a disabled field): what is posted is ignored.
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.host.slug == "durres"


def test_partner_editor_cannot_edit_project_pages(durres_editor):
    assert durres_editor.get("/admin/into_eu/page/").status_code == 403


def test_translator_changes_text_but_cannot_publish_or_delete(translator):
    meeting = Meeting.objects.get(slug="international-4-teruel")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    assert translator.get(url).status_code == 200
    data = form_of(meeting, title_el="Νέος τίτλος", publication="draft", status="cancelled")
    response = translator.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.title_el == "Νέος τίτλος"
    assert meeting.publication == "published"  # read-only for translators
    assert meeting.status == "held"
    assert translator.get(f"/admin/meetings/meeting/{meeting.pk}/delete/").status_code == 403
    response = translator.post(f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert translator.get("/admin/meetings/meeting/add/").status_code == 403


def test_project_editor_edits_pages(client, monkeypatch):
    editor = staff(client, "marco", "Project editors", monkeypatch)
    page = Page.objects.get(key="about")
    assert editor.get(f"/admin/into_eu/page/{page.pk}/change/").status_code == 200
    assert editor.get("/admin/partners/partner/add/").status_code == 200


def test_add_staff_user_checks_group_and_password(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="No group"):
        call_command("add_staff_user", "x", "--group", "Nobody")
    monkeypatch.setenv("STAFF_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("add_staff_user", "x", "--group", "Translators")
    assert not User.objects.filter(username="x").exists()


@pytest.fixture
def durres_editor_and_translator(durres_editor):
    user = User.objects.get(username="ana")
    user.groups.add(Group.objects.get(name="Translators"))
    return durres_editor


def test_a_second_group_does_not_carry_rights_into_another_partner(
    durres_editor_and_translator,
):
    client = durres_editor_and_translator
    teruel = Meeting.objects.get(slug="international-4-teruel")
    url = f"/admin/meetings/meeting/{teruel.pk}/change/"
    form = client.get(url).context["adminform"].form
    # Texts of every partner, as a translator; nothing else outside Durrës.
    assert "title_en" in form.fields
    assert not {"publication", "status", "host"} & set(form.fields)
    data = form_of(teruel, title_el="Νέος τίτλος", publication="draft", status="cancelled")
    assert client.post(url, data).status_code == 302
    teruel.refresh_from_db()
    assert teruel.title_el == "Νέος τίτλος"
    assert (teruel.publication, teruel.status) == ("published", "held")
    assert (
        client.post(f"/admin/meetings/meeting/{teruel.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )

    # In Durrës, every field; and a meeting can only be given to Durrës.
    own = Meeting.objects.get(slug="local-durres-2016-07-28")
    form = client.get(f"/admin/meetings/meeting/{own.pk}/change/").context["adminform"].form
    assert {"publication", "status"} <= set(form.fields)
    assert list(form.fields["host"].queryset.values_list("slug", flat=True)) == ["durres"]
    response = client.post(
        f"/admin/meetings/meeting/{own.pk}/change/", form_of(own, host=teruel.host.pk)
    )
    assert response.status_code == 302  # saved, with the posted host ignored
    assert form.fields["host"].disabled
    own.refresh_from_db()
    assert own.host.slug == "durres"


def test_view_on_site_checks_the_object(durres_editor):
    teruel = Meeting.objects.get(slug="international-4-teruel")
    Meeting.objects.filter(pk=teruel.pk).update(publication="draft", slug="secret-draft")
    content_type = ContentType.objects.get_for_model(Meeting)
    response = durres_editor.get(f"/admin/r/{content_type.pk}/{teruel.pk}/")
    assert response.status_code == 404
    assert "secret-draft" not in response.get("Location", "")

    own = Meeting.objects.get(slug="local-durres-2016-07-28")
    response = durres_editor.get(f"/admin/r/{content_type.pk}/{own.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/preview/meetings/{own.pk}/"


def photo_rows(photos, meeting):
    """The photo inline's rows as a form would carry them, every field changed."""
    data = {
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(len(photos)),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for i, photo in enumerate(photos):
        data.update(
            {
                f"photos-{i}-id": str(photo.pk),
                f"photos-{i}-meeting": str(meeting.pk),
                f"photos-{i}-credit": "Changed",
                f"photos-{i}-order": "7",
                f"photos-{i}-DELETE": "on",
                **{f"photos-{i}-alt_text_{code}": "Changed" for code in LANGUAGES},
                **{f"photos-{i}-caption_{code}": "Changed" for code in LANGUAGES},
            }
        )
    return data


def teruel_photo():
    teruel = Meeting.objects.get(slug="international-4-teruel")
    return Photo.objects.create(
        meeting=teruel,
        image="photos/x.jpg",
        width=10,
        height=10,
        alt_text="Kept",
        caption="Kept",
        credit="Kept",
    )


def stored(photo):
    # Read without loading the image field, whose file these tests never wrote.
    return Photo.objects.values_list("meeting__slug", "alt_text_sq", "credit", "order").get(
        pk=photo.pk
    )


def test_another_partners_photo_cannot_be_reached_through_an_own_meeting(durres_editor):
    photo = teruel_photo()
    own = Meeting.objects.get(slug="local-durres-2016-07-28")
    data = {**form_of(own), **photo_rows([photo], own)}
    durres_editor.post(f"/admin/meetings/meeting/{own.pk}/change/", data)
    assert stored(photo) == ("international-4-teruel", "Kept", "Kept", 0)


def test_a_translating_partner_editor_changes_only_texts_of_another_partners_photos(
    durres_editor_and_translator,
):
    photo = teruel_photo()
    teruel = photo.meeting
    data = {**form_of(teruel), **photo_rows([photo], teruel)}
    response = durres_editor_and_translator.post(
        f"/admin/meetings/meeting/{teruel.pk}/change/", data
    )
    assert response.status_code == 302
    # Not deleted, and only its texts changed.
    assert stored(photo) == ("international-4-teruel", "Changed", "Kept", 0)
