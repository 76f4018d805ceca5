import pytest
from reversion.models import Version

from meetings.models import Meeting

from .test_roles import form_of

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
