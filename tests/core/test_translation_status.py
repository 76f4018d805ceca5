import pytest
from django.core.management import CommandError, call_command

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_command_counts_nothing_missing_in_the_shipped_content(capsys):
    call_command("translation_status")
    out = capsys.readouterr().out
    for code in ["sq", "it", "es", "el", "en"]:
        assert f"{code}: 0 missing" in out


@pytest.fixture
def half_translated():
    meeting = Meeting.objects.get(slug="international-4-teruel")
    meeting.title_el = ""
    meeting.summary_el = ""
    meeting.summary_it = ""
    meeting.save()
    return meeting


def test_command_fails_and_names_what_is_missing(half_translated, capsys):
    with pytest.raises(CommandError) as error:
        call_command("translation_status")
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "el: 2 missing" in out
    assert "it: 1 missing" in out
    assert "sq: 0 missing" in out
    assert "(title, summary)" in out


def test_admin_list_shows_which_languages_are_complete(staff_client, half_translated):
    html = staff_client.get("/admin/meetings/meeting/").content.decode()
    assert '<span class="lang-status missing" title="title, summary">el</span>' in html
    assert '<span class="lang-status complete" title="">sq</span>' in html


def test_change_form_marks_empty_translations(staff_client, half_translated):
    response = staff_client.get(f"/admin/meetings/meeting/{half_translated.pk}/change/")
    form = response.context["adminform"].form
    assert "translation-missing" in form.fields["title_el"].widget.attrs["class"]
    assert "translation-missing" not in form.fields["title_en"].widget.attrs.get("class", "")


def test_translations_page_lists_missing_items_with_links(staff_client, half_translated):
    response = staff_client.get("/admin/translations/")
    assert response.status_code == 200
    rows = response.context["by_language"]
    assert [row["object"] for row in rows["el"]] == [half_translated]
    assert rows["el"][0]["url"] == f"/admin/meetings/meeting/{half_translated.pk}/change/"
    assert rows["sq"] == []
    assert "Missing translations" in staff_client.get("/admin/").content.decode()


def test_visitors_cannot_see_the_translations_page(client):
    assert client.get("/admin/translations/").status_code == 302


def test_the_glossary_is_linked_from_the_translations_page_in_the_staff_language(staff_client):
    translations = staff_client.get("/admin/translations/").content.decode()
    assert 'href="/admin/glossary/"' in translations
    page = staff_client.get("/admin/glossary/", HTTP_ACCEPT_LANGUAGE="el")
    assert page.status_code == 200
    sections = page.context["sections"]
    assert [section["code"] for section in sections][0] == "el"  # the staff member's language
    greek = next(section for section in sections if section["code"] == "el")
    assert {"term": "ανακοίνωση"}.items() <= next(
        row for row in greek["rows"] if row["english"] == "announcement"
    ).items()
    html = page.content.decode()
    assert '<td lang="el"><strong>ανακοίνωση</strong></td>' in html


def test_visitors_cannot_see_the_glossary(client):
    assert client.get("/admin/glossary/").status_code == 302
