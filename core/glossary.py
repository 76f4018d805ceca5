"""The glossary (content/glossary.toml): per language, the chosen word for each notion of
the project and the variants it replaces, which must appear nowhere in that language."""

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings


class Term(NamedTuple):
    term: str
    rejected: tuple
    note: str


class Finding(NamedTuple):
    language: str
    where: str
    variant: str


def path():
    return Path(settings.BASE_DIR) / "content" / "glossary.toml"


@lru_cache(maxsize=4)
def load(file=None):
    """{notion: {language: Term}}, in the file's order."""
    data = tomllib.loads(Path(file or path()).read_text(encoding="utf-8"))
    return {
        notion: {
            language: Term(entry["term"], tuple(entry.get("rejected", ())), entry.get("note", ""))
            for language, entry in languages.items()
        }
        for notion, languages in data.items()
    }


def variant_pattern(variant):
    """The variant as a whole word or phrase, whatever its case; a hyphen or a letter next
    to it makes it part of a longer word."""
    return re.compile(r"(?<![\w-])" + re.escape(variant) + r"(?![\w-])", re.IGNORECASE)


def content_texts(folder):
    """{language: [(where, text)]} of every translated value in the content files: the
    tables whose keys are the site's languages."""
    codes = {code for code, _name in settings.LANGUAGES}
    texts = {code: [] for code in codes}
    for file in sorted(Path(folder).rglob("*.toml")):
        if file.name == "glossary.toml":
            continue
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for field, value in data.items():
            if isinstance(value, dict) and set(value) <= codes:
                for code, text in value.items():
                    texts[code].append((f"{file.relative_to(folder)} [{field}]", text))
    return texts


def findings(texts, glossary):
    """Every rejected variant found in `texts` ({language: [(where, text)]})."""
    found = []
    for languages in glossary.values():
        for language, term in languages.items():
            for variant in term.rejected:
                pattern = variant_pattern(variant)
                found += [
                    Finding(language, where, variant)
                    for where, text in texts.get(language, ())
                    if pattern.search(text)
                ]
    return found
