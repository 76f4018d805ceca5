import shutil

import polib
import pytest
from django.conf import settings

from core import glossary
from tests.helpers import LANGUAGES, ROOT

CONTENT, LOCALE = ROOT / "content", ROOT / "locale"


def catalogue_texts(locale_folder):
    """{language: [(where, msgstr)]} of the UI catalogues."""
    texts = {}
    for code in LANGUAGES:
        catalogue = locale_folder / code / "LC_MESSAGES" / "django.po"
        texts[code] = [
            (f"locale/{code}: {entry.msgid[:50]}", entry.msgstr)
            for entry in polib.pofile(str(catalogue))
            if entry.msgstr and not entry.obsolete
        ]
    return texts


def test_every_notion_has_a_term_in_each_language_it_names():
    terms = glossary.load()
    assert len(terms) >= 10
    for notion in ["lead_partner", "partner", "meeting", "announcement", "migration"]:
        assert set(terms[notion]) == set(LANGUAGES), notion
        assert all(term.term for term in terms[notion].values())


def test_no_rejected_variant_in_the_content_or_the_catalogues():
    terms = glossary.load()
    assert sum(len(term.rejected) for lang in terms.values() for term in lang.values()) > 50
    texts = glossary.content_texts(CONTENT)
    assert all(len(texts[code]) > 60 for code in LANGUAGES)  # every file was read
    assert glossary.findings(texts, terms) == []
    assert glossary.findings(catalogue_texts(LOCALE), terms) == []


@pytest.mark.parametrize(
    ("language", "notion"),
    [("sq", "migration"), ("it", "announcement"), ("es", "lead_partner"), ("el", "institutions")],
)
def test_a_planted_variant_is_found(tmp_path, language, notion):
    variant = glossary.load()[notion][language].rejected[0]
    shutil.copytree(CONTENT, tmp_path / "content")
    about = tmp_path / "content" / "pages" / "03-about.toml"
    text = about.read_text()
    line = next(line for line in text.splitlines() if line.startswith(f'{language} = "'))
    planted = line[:-1] + f' ({variant.upper()})"'
    about.write_text(text.replace(line, planted, 1))

    found = glossary.findings(glossary.content_texts(tmp_path / "content"), glossary.load())
    assert found == [glossary.Finding(language, "pages/03-about.toml [title]", variant)]


def test_a_variant_inside_a_longer_word_is_no_finding():
    terms = {"co_funded": {"en": glossary.Term("co-funded", ("funded",), "")}}
    texts = {"en": [("a", "Co-funded by the EU"), ("b", "unfunded"), ("c", "Funded by the EU")]}
    assert glossary.findings(texts, terms) == [glossary.Finding("en", "c", "funded")]


def test_the_glossary_lives_beside_the_content():
    assert glossary.path() == settings.BASE_DIR / "content" / "glossary.toml"
