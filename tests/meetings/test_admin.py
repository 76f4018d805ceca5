"""The meeting form as a partner's own editor finds it: their partner chosen for them, the
venue's zone from a list and named beside the times."""

import pytest

from meetings.models import Meeting
from partners.models import Partner
from tests.helpers import meeting_form

pytestmark = pytest.mark.django_db

ADD = "/admin/meetings/meeting/add/"


def test_a_partner_editor_adds_a_meeting_without_choosing_host_or_zone(durres_editor):
    form = durres_editor.get(ADD).context["adminform"].form
    durres = Partner.objects.get(slug="durres")
    assert form.fields["host"].disabled
    assert form.get_initial_for_field(form.fields["host"], "host") == durres.pk
    assert form.get_initial_for_field(form.fields["timezone"], "timezone") == "Europe/Tirane"
    assert "Europe/Tirane" in str(form.fields["start_time"].help_text)
    data = meeting_form(slug="durres-workshop", timezone="Europe/Tirane")
    del data["host"]  # a disabled field is not posted
    response = durres_editor.post(ADD, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="durres-workshop")
    assert (meeting.host, meeting.timezone) == (durres, "Europe/Tirane")


def test_the_time_zone_is_chosen_from_iana_names(staff_client):
    form = staff_client.get(ADD).context["adminform"].form
    zones = [value for value, _label in form.fields["timezone"].choices]
    assert zones[0] == ""  # the host partner's
    assert {"Europe/Tirane", "Europe/Rome", "Europe/Madrid", "Europe/Athens"} <= set(zones)
    assert "Etc/GMT+1" not in zones
    response = staff_client.post(ADD, meeting_form(timezone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "timezone" in response.context["adminform"].form.errors


def test_staff_of_every_partner_still_choose_the_host(staff_client):
    form = staff_client.get(ADD).context["adminform"].form
    assert not form.fields["host"].disabled
    assert form.fields["host"].queryset.count() == Partner.objects.count()
