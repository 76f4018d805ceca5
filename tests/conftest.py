import importlib
import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.test import override_settings
from django.utils import translation
from modeltranslation import settings as modeltranslation_settings

from tests.helpers import staff

LANGUAGES = ["sq", "it", "es", "el", "en"]


def pytest_configure(config):
    """Templates fail on an undefined name under test, where production shows nothing
    (into_eu/jinja.py): a misspelt variable fails a test instead of blanking part of a page.

    Overriding TEMPLATES, rather than editing it, also rebuilds an engine already made.
    """
    override_settings(
        TEMPLATES=[
            {**engine, "OPTIONS": {**engine["OPTIONS"], "strict_undefined": True}}
            if engine["BACKEND"] == "django.template.backends.jinja2.Jinja2"
            else engine
            for engine in settings.TEMPLATES
        ]
    ).enable()


@receiver(setting_changed)
def reread_modeltranslation_settings(setting, **kwargs):
    """modeltranslation reads its settings once, on import: a test's override of its
    fallbacks is read again (core.text clears its own memo on the same signal)."""
    if setting == "MODELTRANSLATION_FALLBACK_LANGUAGES":
        importlib.reload(modeltranslation_settings)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the real shipped content, loaded once per run."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate("sq")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test rolls its rows back, which no signal reports: stored pages would outlive them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    # The admin follows the browser's language; these tests read English messages.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "x-pass-1")
    client.force_login(user)
    return client


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that the site sends to, for one test."""
    from tests.mail import serve

    inbox, controller = serve(settings)
    yield inbox
    controller.stop()


@pytest.fixture
def durres_editor(client, monkeypatch):
    return staff(client, "ana", "Partner editors: durres", monkeypatch)


@pytest.fixture
def translator(client, monkeypatch):
    return staff(client, "eleni", "Translators", monkeypatch)


# The browser tests run in a pytest process of their own (see tests/browser/conftest.py);
# a plain `pytest` runs the rest and leaves Django's async safety check on.
if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") != "true":
    collect_ignore = ["browser"]
