import pytest
from django.core.management import call_command
from django.utils import timezone

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
    assert "0 created, 24 already present and kept" in capsys.readouterr().out


def test_loading_never_overwrites_staff_changes():
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    meeting.title_en = "Changed by staff"
    meeting.save()
    call_command("load_content", verbosity=0)
    meeting.refresh_from_db()
    assert meeting.title_en == "Changed by staff"


def test_loading_recreates_what_is_missing():
    Page.objects.filter(key="privacy").delete()
    call_command("load_content", verbosity=0)
    assert Page.objects.filter(key="privacy").exists()
    assert counts() == [4, 6, 1, 6, 7]
