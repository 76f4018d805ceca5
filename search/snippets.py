"""Titles and snippets with the words found marked, built from the stored text.

Everything is escaped first; only our own <mark> is markup. A word counts as found when
it starts with a query word (accents and case aside), or, for words long enough to have
been stemmed, with all of it but the last two letters ("migranti" marks "migrante").
"""

import re
from functools import lru_cache

from markupsafe import Markup, escape

from core.searching import fold, is_prefix

SNIPPET_LENGTH = 200
# How much of the text before the first word found the snippet keeps.
LEAD = 60


def _single_char_folds():
    """{character: its folded form}, for the characters whose folded form is one character:
    folding a whole text with str.translate then keeps every character where it was."""
    table = {}
    for number in range(0x80, 0x2000):
        char = chr(number)
        folded = fold(char)
        if len(folded) == 1 and folded != char.lower():
            table[number] = folded
    table[ord("ς")] = "σ"
    return table


FOLDS = _single_char_folds()


def folded_in_place(text):
    """The text folded (see core.searching.fold) character for character, so that a
    match's place in it is its place in the text."""
    lowered = text.lower()
    if len(lowered) != len(text):  # The rare letters that change length ("İ").
        lowered = "".join(char.lower()[:1] for char in text)
    return lowered.translate(FOLDS)


@lru_cache(maxsize=256)
def pattern(terms):
    """A regular expression for the words found, in folded text."""
    alternatives = []
    for term in sorted({fold(term) for term in terms}, key=len, reverse=True):
        if is_prefix(term):
            stem = term[: max(4, len(term) - 2)] if len(term) > 4 else term
            alternatives.append(re.escape(stem) + r"[^\W_]*")
        else:
            alternatives.append(re.escape(term) + r"(?![^\W_])")
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")")


def _marked(text, folded, found, start=0, end=None):
    end = len(text) if end is None else end
    pieces, position = [], start
    for match in found.finditer(folded, start, end):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(Markup("<mark>{}</mark>").format(text[match.start() : match.end()]))
        position = match.end()
    pieces.append(escape(text[position:end]))
    return Markup("").join(pieces)


def highlight(text, terms):
    return _marked(text, folded_in_place(text), pattern(tuple(terms)))


def snippet(text, terms):
    """About SNIPPET_LENGTH characters of the text around the first word found."""
    text = " ".join(text.split())
    folded = folded_in_place(text)
    found = pattern(tuple(terms))
    first = found.search(folded)
    first = first.start() if first else 0
    start = 0 if first <= LEAD else text.rfind(" ", 0, first - LEAD) + 1
    end = start + SNIPPET_LENGTH
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    else:
        end = len(text)
    return Markup("{}{}{}").format(
        "… " if start > 0 else "",
        _marked(text, folded, found, start, end),
        " …" if end < len(text) else "",
    )
