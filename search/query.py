"""Asking the index: the ranked items for a query, and the closest titles when nothing
matches.

Ranking, the same on both backends: items found in the page's language first, then
items found only in another language; within each, title matches before matches in the
text only; then the newest first. An item found only in other languages is shown in the
first of them, in the site's order, that has the words in its title, else in its text.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Value, When, Window

from . import backends
from .index import source_of_kind
from .models import Entry, Text
from .snippets import highlight, snippet

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TITLE_HERE, TEXT_HERE, TITLE_ELSEWHERE, TEXT_ELSEWHERE = range(4)
HOW_MANY_SUGGESTIONS = 5


def reading():
    """Where every query of one search runs (see the PostgreSQL backend)."""
    return backends.current().reading()


def others(language):
    return [code for code in LANGUAGE_CODES if code != language]


def ranked(query, language, now=None):
    """(id, group, total) of every matching entry, best first; `total` is the number of
    matches, counted by the same query (a window), which a count of its own would repeat."""
    backend = backends.current()

    def found(codes, title_only=False):
        return backend.found(query, codes, title_only)

    group = Case(
        When(found([language], title_only=True), then=Value(TITLE_HERE)),
        When(found([language]), then=Value(TEXT_HERE)),
        When(found(others(language), title_only=True), then=Value(TITLE_ELSEWHERE)),
        default=Value(TEXT_ELSEWHERE),
        output_field=IntegerField(),
    )
    return (
        Entry.objects.visible(now)
        .filter(found(LANGUAGE_CODES))
        .annotate(group=group, total=Window(Count("id")))
        .order_by("group", F("day").desc(nulls_last=True), "id")
        .values_list("id", "group", "total")
    )


def page_of(query, language, number, size):
    """The page `number` of the ranked matches (the last one past the end) and its rows."""
    matches = ranked(query, language)
    rows = list(matches[(number - 1) * size : number * size])
    if not rows and number > 1:
        total = matches.count()
        number = max(1, -(-total // size))
        rows = list(matches[(number - 1) * size : number * size])
    total = rows[0][2] if rows else 0
    page = Paginator(range(total), size).page(number)
    return page, [(pk, group) for pk, group, _total in rows]


@dataclass
class Result:
    entry: Entry
    text: Text
    label: str
    in_other_language: bool
    title: str
    snippet: str


def results(rows, query, language):
    """The entries of a page of ranked rows, each in the language it is shown in, with
    its title and a snippet, the words found marked."""
    here = [pk for pk, group in rows if group <= TEXT_HERE]
    elsewhere = [pk for pk, group in rows if group > TEXT_HERE]
    texts = {text.entry_id: text for text in Text.objects.filter(entry__in=here, language=language)}
    if elsewhere:
        texts.update(shown_texts(query, language, elsewhere))
    entries = Entry.objects.in_bulk([pk for pk, _group in rows])
    terms = query.terms
    # An item saved between the ranking and now has a new entry: this page leaves it out.
    rows = [(pk, group) for pk, group in rows if pk in entries and pk in texts]
    return [
        Result(
            entry=entries[pk],
            text=texts[pk],
            label=source_of_kind(entries[pk].kind).label,
            in_other_language=texts[pk].language != language,
            title=highlight(texts[pk].title, terms),
            snippet=snippet(texts[pk].text, terms),
        )
        for pk, _group in rows
    ]


def shown_texts(query, language, pks):
    """{id: text} for entries found only in other languages: in the first language, in
    the site's order, with the words in its title, else in its text."""
    backend = backends.current()
    by_language = {}
    for text in Text.objects.filter(entry__in=pks).exclude(language=language):
        by_language.setdefault(text.language, []).append(text)
    chosen = {}
    for title_only in (True, False):
        for code in others(language):
            waiting = [text for text in by_language.get(code, []) if text.entry_id not in chosen]
            found = backend.found_among(query, waiting, title_only) if waiting else set()
            chosen.update({text.entry_id: text for text in waiting if text.entry_id in found})
    for code in others(language):  # Found by a stem the checks above do not know.
        for text in by_language.get(code, []):
            chosen.setdefault(text.entry_id, text)
    return chosen


def suggestions(query, language, now=None):
    """A few titles in the page's language close to what was typed."""
    texts = Text.objects.filter(language=language, entry__in=Entry.objects.visible(now))
    return list(backends.current().suggestions(query, language, texts)[:HOW_MANY_SUGGESTIONS])
