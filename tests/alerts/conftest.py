import pytest

from .mail import serve


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that the site sends to, for one test."""
    inbox, controller = serve(settings)
    yield inbox
    controller.stop()
