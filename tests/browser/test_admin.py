"""Staff's side in a real browser: the tabbed admin works under the strict CSP."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

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


def test_a_durres_editor_adds_a_meeting_without_choosing_host_or_time_zone(
    browse, live_site, monkeypatch
):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    call_command("add_staff_user", "ana", "--group", "Partner editors: durres", stdout=None)
    # A browser six hours behind the server: Django notes that beside time fields.
    page = browse(locale="en-GB", timezone_id="America/New_York")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    page.goto("/admin/meetings/meeting/add/")
    # Durrës is theirs, shown and not to be chosen; the zone is Durrës's already.
    assert page.locator("#id_host").is_disabled()
    assert page.locator("#id_host option:checked").inner_text() == "Municipality of Durrës"
    assert page.locator("#id_timezone").input_value() == "Europe/Tirane"
    # The meeting's times say the venue's zone, not how far the browser is from the server
    # (that note stays where it is true, by the publication time).
    assert "Local time at the venue: Europe/Tirane." in page.locator(".venue-time").inner_text()
    assert page.locator(".venue-time .timezonewarning").count() >= 1
    assert not page.locator(".venue-time .timezonewarning").first.is_visible()
    assert page.locator(".timezonewarning").last.is_visible()

    # Title, kind, dates and status: nothing else.
    page.locator(".ui-tabs-nav a", has_text="sq").first.click()
    page.locator("#id_title_sq").fill("Punëtori për pritjen e parë")
    page.locator("#id_kind").select_option("local")
    page.locator("#id_start_date").fill("2030-05-06")
    page.locator("#id_status").select_option("confirmed")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/meetings/meeting/")

    meeting = Meeting.objects.get(title_sq="Punëtori për pritjen e parë")
    assert meeting.host.slug == "durres"
    assert meeting.timezone == "Europe/Tirane"
    assert (meeting.kind, meeting.status, meeting.start_date.isoformat()) == (
        "local",
        "confirmed",
        "2030-05-06",
    )
