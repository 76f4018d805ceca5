"""Staff's side in a real browser: the tabbed admin works under the strict CSP."""

import pytest
from django.contrib.auth.models import User

from meetings.models import Meeting

PASSWORD = "Bashkia-Durres-2016"


@pytest.fixture
def editor(live_site):
    return User.objects.create_superuser("redaktor", "redaktor@example.org", PASSWORD)


def test_staff_sign_in_and_edit_a_meeting_in_the_greek_tab(browse, editor):
    page = browse(locale="en-GB")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("redaktor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    meeting = Meeting.objects.get(slug="international-4-teruel")
    page.goto(f"/admin/meetings/meeting/{meeting.pk}/change/")
    # modeltranslation's script turns the five fields of each text into language tabs
    # (jQuery UI, served from this site): the admin's own language shows first.
    greek_title = page.locator("#id_title_el")
    assert page.locator("#id_title_en").is_visible()
    assert not greek_title.is_visible()
    page.locator(".ui-tabs-nav a", has_text="el").first.click()
    assert greek_title.is_visible()
    greek_title.fill("Τέταρτη διεθνής συνάντηση στο Τερουέλ")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/meetings/meeting/")
    meeting.refresh_from_db()
    assert meeting.title_el == "Τέταρτη διεθνής συνάντηση στο Τερουέλ"
