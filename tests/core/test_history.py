import pytest
import reversion
from reversion.models import Version

from meetings.models import Document, Meeting
from pages.models import Page
from tests.helpers import form_of

pytestmark = pytest.mark.django_db


def test_changes_are_recorded_and_an_earlier_text_can_be_restored(staff_client):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    for title in ["First edit", "Second edit"]:
        response = staff_client.post(url, form_of(meeting, title_en=title))
        assert response.status_code == 302
    versions = Version.objects.get_for_object(meeting)
    assert len(versions) == 2
    assert versions[0].revision.user.username == "editor"
    assert "Title [en]" in versions[0].revision.get_comment()

    history = staff_client.get(f"/admin/meetings/meeting/{meeting.pk}/history/")
    assert history.status_code == 200
    html = history.content.decode()
    assert "editor" in html
    older = versions[1]
    assert f"/history/{older.pk}/" in html

    # Staff open the earlier version: the form comes filled with its text.
    revision_url = f"/admin/meetings/meeting/{meeting.pk}/history/{older.pk}/"
    response = staff_client.get(revision_url)
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["title_en"] == "First edit"
    # Saving it restores that text.
    response = staff_client.post(revision_url, form_of(meeting, title_en="First edit"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_en == "First edit"
    assert len(Version.objects.get_for_object(meeting)) == 3


# Reverting and recovering are edits: the reproductions of issue #10 (django-reversion's
# views reverted first and checked rights afterwards, keeping the revert on a redirect).


def versioned(obj, **changes):
    """Record the item's current state as a version, then change it without a version."""
    with reversion.create_revision():
        obj.save()
    type(obj).objects.filter(pk=obj.pk).update(**changes)
    return Version.objects.get_for_object(obj).first()


@pytest.fixture
def teruel_meeting():
    return Meeting.objects.get(slug="international-4-teruel")


def test_a_partner_editor_cannot_revert_another_partners_meeting(durres_editor, teruel_meeting):
    version = versioned(teruel_meeting, title_en="Today's title", publication="draft")
    document = Document.objects.create(
        meeting=teruel_meeting, kind="agenda", title="Agenda", language="es", file="x.pdf"
    )
    url = f"/admin/meetings/meeting/{teruel_meeting.pk}/history/{version.pk}/"
    assert durres_editor.post(url, {}).status_code in {403, 404}
    assert durres_editor.get(url).status_code in {403, 404}
    teruel_meeting.refresh_from_db()
    assert (teruel_meeting.title_en, teruel_meeting.publication) == ("Today's title", "draft")
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_partner_editor_cannot_recover_another_partners_meeting(durres_editor, teruel_meeting):
    versioned(teruel_meeting)
    pk = teruel_meeting.pk
    teruel_meeting.delete()
    version = Version.objects.get_deleted(Meeting).get(object_id=str(pk))
    listing = durres_editor.get("/admin/meetings/meeting/recover/")
    assert listing.status_code == 200
    assert f"/recover/{version.pk}/" not in listing.content.decode()
    url = f"/admin/meetings/meeting/recover/{version.pk}/"
    assert durres_editor.get(url).status_code == 404
    assert durres_editor.post(url, {}).status_code == 404
    assert not Meeting.objects.filter(pk=pk).exists()


def test_a_version_of_another_model_is_not_found_through_the_meetings_urls(durres_editor):
    about = Page.objects.get(key="about")
    version = versioned(about, title_en="Changed since")
    durres_meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    urls = [
        f"/admin/meetings/meeting/recover/{version.pk}/",
        f"/admin/meetings/meeting/{durres_meeting.pk}/history/{version.pk}/",
        f"/admin/meetings/meeting/{about.pk}/history/{version.pk}/",
    ]
    for url in urls:
        for response in (durres_editor.get(url), durres_editor.post(url, {})):
            assert response.status_code in {403, 404}, url
            assert version.object_repr not in response.content.decode()
    about.refresh_from_db()
    assert about.title_en == "Changed since"


def test_a_translator_can_neither_publish_nor_undelete_through_history(translator, teruel_meeting):
    version = versioned(teruel_meeting, publication="draft")
    url = f"/admin/meetings/meeting/{teruel_meeting.pk}/history/{version.pk}/"
    assert translator.post(url, {}).status_code == 403
    teruel_meeting.refresh_from_db()
    assert teruel_meeting.publication == "draft"

    pk = teruel_meeting.pk
    teruel_meeting.delete()
    deleted = Version.objects.get_deleted(Meeting).get(object_id=str(pk))
    assert translator.post(f"/admin/meetings/meeting/recover/{deleted.pk}/", {}).status_code in {
        403,
        404,
    }
    assert not Meeting.objects.filter(pk=pk).exists()


def test_a_partner_editor_reverts_and_recovers_own_meetings(durres_editor):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    version = versioned(meeting, title_en="Changed since")
    url = f"/admin/meetings/meeting/{meeting.pk}/history/{version.pk}/"
    assert durres_editor.get(url).status_code == 200
    response = durres_editor.post(url, form_of(meeting, title_en=meeting.title_en))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_en != "Changed since"

    pk = meeting.pk
    meeting.delete()
    deleted = Version.objects.get_deleted(Meeting).filter(object_id=str(pk)).first()
    listing = durres_editor.get("/admin/meetings/meeting/recover/").content.decode()
    assert f"/recover/{deleted.pk}/" in listing
    assert durres_editor.get(f"/admin/meetings/meeting/recover/{deleted.pk}/").status_code == 200


def test_a_revert_that_would_delete_rows_the_user_may_not_delete_is_refused(durres_editor):
    """Partner editors may not delete photos or documents; a revert may not either."""
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    version = versioned(meeting)
    document = Document.objects.create(
        meeting=meeting, kind="agenda", title="Added since", language="sq", file="y.pdf"
    )
    url = f"/admin/meetings/meeting/{meeting.pk}/history/{version.pk}/"
    assert durres_editor.post(url, form_of(meeting)).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
