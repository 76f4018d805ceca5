import pytest
import reversion
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from meetings.models import Announcement, Meeting
from pages.models import Page
from partners.models import Partner
from press.models import Coverage

pytestmark = pytest.mark.django_db

MODELS = [Partner, Meeting, Announcement, Page, Coverage]


def counts():
    return [model.objects.count() for model in MODELS]


def test_shipped_content_is_complete():
    assert counts() == [4, 6, 1, 6, 7]
    assert Partner.objects.lead_first().first().slug == "palazzo-san-gervasio"
    assert Meeting.objects.filter(kind="international").count() == 5
    announcement = Announcement.objects.get()
    assert timezone.localtime(announcement.published_at).date().isoformat() == "2016-07-25"


def test_every_translated_field_of_the_shipped_content_is_filled_in_every_language():
    from modeltranslation.translator import translator

    for model in MODELS:
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for field in fields:
                values = {
                    code: getattr(obj, f"{field}_{code}") for code in ["sq", "it", "es", "el", "en"]
                }
                filled = [code for code, value in values.items() if value]
                assert filled in ([], ["sq", "it", "es", "el", "en"]), (obj, field, filled)


def test_loading_again_creates_nothing(capsys):
    before = counts()
    call_command("load_content")
    assert counts() == before
    assert "0 created, 0 updated from the files, 24 kept" in capsys.readouterr().out


def edit_in_the_admin(obj, **changes):
    """As the admin saves: a revision with the staff member as its user."""
    user = User.objects.create_user("translator-ana")
    with reversion.create_revision():
        reversion.set_user(user)
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.save()


def test_loading_never_overwrites_staff_changes():
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    edit_in_the_admin(meeting, title_en="Changed by staff")
    call_command("load_content", verbosity=0)
    meeting.refresh_from_db()
    assert meeting.title_en == "Changed by staff"


def test_loading_brings_what_no_one_edited_up_to_date(capsys):
    """A site loaded from older files gets the corrected texts; an edited item does not."""
    shipped = Page.objects.get(key="about")
    about_en = shipped.title_en
    Page.objects.filter(pk=shipped.pk).update(title_en="About (as first shipped)")
    Meeting.objects.filter(slug="international-4-teruel").update(start_date=None)
    edited = Partner.objects.get(slug="teruel")
    edit_in_the_admin(edited, name_en="Teruel, as staff wrote it")
    Partner.objects.filter(pk=edited.pk).update(summary_en="An older summary")

    call_command("load_content")
    assert "0 created, 2 updated from the files, 22 kept" in capsys.readouterr().out
    assert Page.objects.get(key="about").title_en == about_en
    teruel_meeting = Meeting.objects.get(slug="international-4-teruel")
    assert (teruel_meeting.start_date.isoformat(), teruel_meeting.date_precision) == (
        "2017-01-01",
        "year",
    )
    edited.refresh_from_db()
    assert (edited.name_en, edited.summary_en) == ("Teruel, as staff wrote it", "An older summary")
    # The update is in the page's history, without a user: staff may still edit it, and
    # a later load goes on updating it until they do.
    (version,) = Version.objects.get_for_object(Page.objects.get(key="about"))
    assert version.revision.user is None
    assert version.revision.comment == "Updated from pages/03-about.toml"
    call_command("load_content")
    assert "0 created, 0 updated from the files, 24 kept" in capsys.readouterr().out


def test_loading_recreates_what_is_missing():
    Page.objects.filter(key="privacy").delete()
    call_command("load_content", verbosity=0)
    assert Page.objects.filter(key="privacy").exists()
    assert counts() == [4, 6, 1, 6, 7]
