"""What the site search finds, as each app describes it, and how words are compared.

An app with findable items lists them in its `search.py` as `SOURCES`, one `Source` per
model; the search app (search/) keeps its index from them and knows no app. A source
gives, for each item, one `Document` per language the item is written in: a language
whose text would only be a fallback is not that item's, and is not indexed as it.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

import nh3
from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from core.text import render_markdown

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# A phrase in double quotes, or a run of letters and digits. Anything else in a query
# (FTS operators, punctuation, control characters) separates words and is never passed
# on to a database's query syntax.
QUERY_PART = re.compile(r'"([^"]*)"|([^\W_]+)')
# Letters and digits, as SQLite's unicode61 tokenizer reads words.
WORD = re.compile(r"[^\W_]+")
# Enough for any real question; more words would only make the query slower.
MAX_TERMS = 12
# The visible_from of items that are never drafts (partners).
ALWAYS = datetime(2000, 1, 1, tzinfo=UTC)
# Shorter words are matched whole: as prefixes they would match half the index.
PREFIX_FROM = 3


@dataclass(frozen=True)
class Document:
    """An item as the search reads it in one language."""

    language: str
    title: str
    text: str
    url: str
    day: date | None = None
    precision: str = ""


class Source:
    """One kind of findable item: subclasses name the model and the fields read.

    An item is read in each language it has its own title in: the title, then the
    `fields` (translated; "host.town" reads the host's town), then the `markdown_fields`
    as plain text, at its address in that language.
    """

    model = None
    kind = ""
    label = ""
    title_field = "title"
    fields = ()
    markdown_fields = ()
    # Models whose changes change these documents: {"app_label.Model": lookup from this
    # model to it}. A meeting shows its host's town, so a partner's change re-indexes it.
    depends_on = {}

    def items(self):
        """Every item that is or will be public (scheduled ones too), never a draft."""
        return self.model._default_manager.published_or_scheduled()

    def visible_from(self, item):
        """From when the item may be found: its publication time."""
        return item.published_at

    def date(self, item):
        """(day, precision) shown with the item and used for "newest first"; none here."""
        return None, ""

    def documents(self, item):
        day, precision = self.date(item)
        for code in written_languages(item, self.title_field):
            with translation.override(code):
                url = item.get_absolute_url()
            yield Document(
                language=code,
                title=own_text(item, self.title_field, code),
                text=joined(
                    *(own_text(item, field, code) for field in self.fields),
                    *(plain_text(own_text(item, field, code)) for field in self.markdown_fields),
                ),
                url=url,
                day=day,
                precision=precision,
            )


def own_text(item, field, language):
    """The field's text written in `language`, never a fallback from another; "host.town"
    is the town of the item's host."""
    *path, field = field.split(".")
    for name in path:
        item = getattr(item, name)
    return (getattr(item, build_localized_fieldname(field, language), "") or "").strip()


def written_languages(item, required_field):
    """The languages in which the item has its own `required_field` (its title)."""
    return [code for code in LANGUAGE_CODES if own_text(item, required_field, code)]


def plain_text(markdown_text):
    """What a reader sees of a Markdown text, without its markup."""
    if not markdown_text:
        return ""
    return html.unescape(nh3.clean(str(render_markdown(markdown_text)), tags=set())).strip()


def joined(*texts):
    return "\n".join(text for text in texts if text)


def fold(text):
    """Lowercase without accents, the same in every language: ë→e, ç→c, ά→α, ϊ→ι, and
    the Greek final ς→σ. SQLite's FTS5 removes Latin accents only, so the text it
    indexes and the words it is asked for are both folded here first."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).replace("ς", "σ")


class Query(NamedTuple):
    """A visitor's question, reduced to what every backend can ask safely: words (all
    required) and quoted phrases, each a tuple of words of letters and digits only."""

    words: tuple
    phrases: tuple

    @property
    def terms(self):
        return self.words + tuple(word for phrase in self.phrases for word in phrase)

    def __bool__(self):
        return bool(self.words or self.phrases)


def parse_query(text):
    text = unicodedata.normalize("NFC", text)
    if text.count('"') % 2:
        # An unbalanced quote opens no phrase: the words after it are plain words.
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
    words, phrases, count = [], [], 0
    for match in QUERY_PART.finditer(text):
        phrase, word = match.groups()
        parts = WORD.findall(phrase) if phrase is not None else [word]
        parts = [part.lower() for part in parts]
        parts = parts[: MAX_TERMS - count]
        count += len(parts)
        if len(parts) > 1:
            phrases.append(tuple(parts))
        elif parts:
            words.append(parts[0])
    return Query(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(phrases)))


def is_prefix(word):
    return len(word) >= PREFIX_FROM


def word_found(word, folded_words):
    word = fold(word)
    if is_prefix(word):
        return any(candidate.startswith(word) for candidate in folded_words)
    return word in folded_words


def phrase_found(phrase, folded_words):
    phrase = [fold(word) for word in phrase]
    size = len(phrase)
    return any(folded_words[at : at + size] == phrase for at in range(len(folded_words)))


def found_in(query, text):
    """Whether the text has every word and phrase of the query, as SQLite's FTS5 finds
    them (search/backends.py): folded, words of three letters or more as prefixes."""
    folded = [fold(word) for word in WORD.findall(text)]
    return all(word_found(word, folded) for word in query.words) and all(
        phrase_found(phrase, folded) for phrase in query.phrases
    )
