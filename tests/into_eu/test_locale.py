"""The UI catalogues are complete, and what Django reads (.mo) is what translators wrote (.po)."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

IGNORED = [
    "--ignore=.venv",
    "--ignore=staticfiles",
    "--ignore=tests",
    "--ignore=node_modules",
]
CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_one_catalogue_per_language():
    assert [path.parts[-3] for path in CATALOGUES] == sorted(
        code for code, _name in settings.LANGUAGES
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert "fuzzy" not in catalogue.metadata_is_fuzzy
    assert len(catalogue) > 100


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_compiled_catalogue_matches_its_source(path):
    catalogue = polib.pofile(str(path))
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
    assert len(compiled._catalog) - 1 == len(catalogue.translated_entries()) + sum(
        len(e.msgstr_plural) - 1 for e in catalogue.translated_entries() if e.msgid_plural
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_placeholders_survive_translation(path):
    pattern = re.compile(r"%\(\w+\)s")
    for entry in polib.pofile(str(path)).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(pattern.findall(text)) == set(pattern.findall(entry.msgid)), entry.msgid


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """A string added to the code without `make messages` would show in English everywhere."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is missing")
        pytest.skip("GNU gettext is not installed; install Debian's gettext to run this check")
    copy = tmp_path / "site"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "media", "node_modules", "artifacts", "*.sqlite3"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", *IGNORED],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    committed = {
        e.msgid for e in polib.pofile(str(CATALOGUES[0].parents[2] / "en/LC_MESSAGES/django.po"))
    }
    assert extracted - committed == set()


def test_catalogues_hold_every_string_of_the_templates():
    """`makemessages` reads `{{ _("…") }}` only where the expression starts with it; a
    string passed inside a call (`share_meta(title=_("…"))`) must be in the catalogues too."""
    literal = re.compile(r"""\b_\((?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\)""")
    strings = set()
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for double, single in literal.findall(template.read_text()):
            strings.add(double or single)
    assert "Skip to main content" in strings  # the pattern reads the templates at all
    for path in CATALOGUES:
        # Obsolete (#~) entries are not compiled: they do not count.
        msgids = {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}
        assert strings - msgids == set(), path
