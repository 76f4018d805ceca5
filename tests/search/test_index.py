import pytest
from django.core.management import call_command
from django.db import IntegrityError

from pages.models import Page
from search import index


@pytest.mark.django_db(transaction=True)
def test_a_failing_index_update_is_logged_and_the_save_stands(monkeypatch, caplog):
    """Two saves of one item can race in the index (see search.index.update); the
    failure is logged and the save stands. It once raised while being logged."""
    call_command("load_content", verbosity=0)
    page = Page.objects.get(key="about")

    def failing(source, pks):
        raise IntegrityError("indexed meanwhile")

    monkeypatch.setattr(index, "update", failing)
    page.title_en = "Saved anyway"
    page.save()
    page.refresh_from_db()
    assert page.title_en == "Saved anyway"
    assert "update_search_index" in caplog.text and "indexed meanwhile" in caplog.text
