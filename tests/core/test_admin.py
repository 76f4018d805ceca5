import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from meetings.models import Announcement, Meeting
from pages.models import Page
from partners.models import Partner
from tests.helpers import PUBLISH_NOW, meeting_form, translated

pytestmark = pytest.mark.django_db

LANGS = ["sq", "it", "es", "el", "en"]


def png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#003399").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def partner_form(**extra):
    return {
        "slug": "new-town",
        "role": "partner",
        "timezone": "Europe/Rome",
        "order": 5,
        "website": "",
        "email": "",
        "phone": "",
        **translated("name", "New town"),
        **translated("town", "Town"),
        **translated("country", "Country"),
        **translated("summary", ""),
        **translated("description", ""),
        **{f"image_alt_{code}": "" for code in LANGS},
        **extra,
    }


def test_admin_uses_tabs_and_a_local_jquery_ui(staff_client):
    html = staff_client.get("/admin/meetings/meeting/add/").content.decode()
    assert "modeltranslation/js/tabbed_translation_fields" in html
    assert "/static/jquery-ui/jquery-ui.min" in html
    assert "googleapis" not in html
    for code in LANGS:
        assert f'name="title_{code}"' in html


@pytest.mark.parametrize(
    "url", ["partners/partner", "meetings/meeting", "meetings/announcement", "into_eu/page"]
)
def test_admin_lists_search_and_change_forms_open(staff_client, url):
    assert staff_client.get(f"/admin/{url}/").status_code == 200
    assert staff_client.get(f"/admin/{url}/?q=Durr").status_code == 200
    assert staff_client.get(f"/admin/{url}/add/").status_code == 200
    model = {
        "partners/partner": Partner,
        "meetings/meeting": Meeting,
        "meetings/announcement": Announcement,
        "into_eu/page": Page,
    }[url]
    assert staff_client.get(f"/admin/{url}/{model.objects.first().pk}/change/").status_code == 200


def test_staff_add_a_partner_with_a_logo(staff_client):
    data = partner_form(image=png(), image_alt_sq="Stema e qytetit")
    response = staff_client.post("/admin/partners/partner/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    partner = Partner.objects.get(slug="new-town")
    assert partner.name_el == "New town (el)"
    assert (partner.image_width, partner.image_height) == (40, 30)


def test_staff_change_a_partner(staff_client):
    partner = Partner.objects.get(slug="teruel")
    data = partner_form(slug="teruel", **translated("name", "Teruel renamed"))
    response = staff_client.post(f"/admin/partners/partner/{partner.pk}/change/", data)
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name_it == "Teruel renamed (it)"


def test_staff_add_a_meeting_in_the_venue_time_zone(staff_client):
    response = staff_client.post("/admin/meetings/meeting/add/", meeting_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(slug="new-meeting")
    assert meeting.timezone == "Europe/Madrid"  # taken from the host, Teruel
    assert meeting.start.isoformat() == "2030-03-04T17:30:00+01:00"


def test_staff_change_a_meeting(staff_client):
    meeting = Meeting.objects.get(slug="international-4-teruel")
    data = meeting_form(
        slug=meeting.slug, kind="international", number=4, status="held", start_date="2017-06-01"
    )
    data["start_time"] = ""
    response = staff_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.start_date.isoformat() == "2017-06-01"
    assert meeting in Meeting.objects.past()


def test_meeting_form_rejects_bad_input_and_keeps_it(staff_client):
    data = meeting_form(start_date="2030-13-45", kind="international", number="9")
    response = staff_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "start_date" in form.errors
    assert form.data["title_el"] == "A meeting (el)"  # what staff typed is still there
    assert not Meeting.objects.filter(slug="new-meeting").exists()


def test_staff_add_and_change_an_announcement(staff_client):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    data = {
        "slug": "new-announcement",
        "publication": "published",
        "published_at_0": "2030-01-02",
        "published_at_1": "09:00:00",
        "meeting": meeting.pk,
        "partner": meeting.host.pk,
        "contact_email": "press@example.org",
        "contact_phone": "",
        **translated("title", "News"),
        **translated("summary", "Summary"),
        **translated("body", "Body"),
        **translated("contact_name", "Press office"),
    }
    response = staff_client.post("/admin/meetings/announcement/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    announcement = Announcement.objects.get(slug="new-announcement")
    data["title_es"] = "Noticia"
    response = staff_client.post(f"/admin/meetings/announcement/{announcement.pk}/change/", data)
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.title_es == "Noticia"


def test_staff_add_and_change_a_page(staff_client):
    Page.objects.filter(key="privacy").delete()
    data = {"key": "privacy", **PUBLISH_NOW}
    data.update(translated("title", "Privacy"))
    data.update(translated("intro", ""))
    data.update(translated("body", "Text"))
    response = staff_client.post("/admin/into_eu/page/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = Page.objects.get(key="privacy")
    data["title_sq"] = "Privatësia"
    response = staff_client.post(f"/admin/into_eu/page/{page.pk}/change/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_sq == "Privatësia"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("fake.jpg", b"this is text, not a picture", "image/jpeg"),
            "not a valid image",
        ),
        (
            SimpleUploadedFile("doc.gif", b"GIF89a" + b"\x00" * 10, "image/gif"),
            "not a valid image",
        ),
    ],
)
def test_fake_image_is_rejected_with_a_message(staff_client, upload, message):
    response = staff_client.post(
        "/admin/partners/partner/add/", partner_form(image=upload, image_alt_sq="x")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in str(errors["image"])
    assert not Partner.objects.filter(slug="new-town").exists()


def test_oversized_image_is_rejected(staff_client, settings):
    settings.IMAGE_MAX_BYTES = 10
    response = staff_client.post(
        "/admin/partners/partner/add/", partner_form(image=png(), image_alt_sq="x")
    )
    assert response.status_code == 200
    assert "images may be at most" in str(response.context["adminform"].form.errors["image"])
    assert not Partner.objects.filter(slug="new-town").exists()


def test_image_with_too_many_pixels_is_rejected(staff_client, settings):
    settings.IMAGE_MAX_PIXELS = 1000
    response = staff_client.post(
        "/admin/partners/partner/add/", partner_form(image=png(100, 100), image_alt_sq="x")
    )
    assert response.status_code == 200
    assert "million pixels" in str(response.context["adminform"].form.errors["image"])


def test_image_needs_a_description(staff_client):
    response = staff_client.post("/admin/partners/partner/add/", partner_form(image=png()))
    assert response.status_code == 200
    assert "image_alt_sq" in response.context["adminform"].form.errors
    assert not Partner.objects.filter(slug="new-town").exists()


def test_visitors_cannot_reach_the_admin(client):
    response = client.get("/admin/meetings/meeting/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.post("/admin/meetings/meeting/add/", meeting_form()).status_code == 302
    assert not Meeting.objects.filter(slug="new-meeting").exists()


def test_no_missing_migrations():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def admin_names(client, language):
    """The app and model names of the admin's index, as shown in `language`."""
    app_list = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).context["app_list"]
    with translation.override(language):  # they are lazy: read them in that language
        names = {str(app["name"]) for app in app_list}
        return names | {str(model["name"]) for app in app_list for model in app["models"]}


@pytest.mark.parametrize("language", ["sq", "it", "es", "el"])
def test_the_admin_names_every_app_and_model_in_the_staff_members_language(admin_client, language):
    english, names = admin_names(admin_client, "en"), admin_names(admin_client, language)
    assert {"Partners", "Meetings and announcements", "Project pages"} <= english
    assert len(names) >= len(english) >= 8
    assert not names & english, sorted(names & english)
