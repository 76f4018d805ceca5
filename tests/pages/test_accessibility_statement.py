"""The accessibility statement follows the model of Implementing Decision (EU) 2018/1523
and says how the site was tested, in every language."""

import pytest

from tests.helpers import LANGUAGES, Page

pytestmark = pytest.mark.django_db

MODEL = [
    "EN 301 549",  # the standard the compliance status names
    "durres_in.to.eu@durres.gov.al",  # feedback and contact
    "https://www.agid.gov.it",  # enforcement procedure
    "2026",  # when it was prepared and last reviewed
]
TESTED = ["Chromium", "axe-core", "WCAG 2.0", "2.1", "320 px", "200 %", "Lighthouse"]
STATUS = {
    "sq": "pjesërisht në përputhje",
    "it": "parzialmente conforme",
    "es": "parcialmente conforme",
    "el": "εν μέρει σύμφωνος",
    "en": "partially compliant",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_statement_gives_status_contact_enforcement_and_how_it_was_tested(client, language):
    response = client.get(f"/{language}/accessibility/")
    assert response.status_code == 200
    text = Page(response.content.decode()).main
    missing = [fact for fact in [*MODEL, *TESTED, STATUS[language]] if fact not in text]
    assert missing == []
