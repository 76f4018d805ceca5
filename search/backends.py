"""The two full-text backends behind one interface.

Each answers which entries match a query in some languages (a condition on entries, for
ranking every match) and which of a page's few texts match, in the whole text or in the
title only; and which titles come closest when nothing matches.

Both receive a `core.searching.Query`, whose words hold letters and digits only, so
nothing a visitor types reaches either database's query syntax: FTS5's operators
(`NEAR`, `*`, `-`, quotes) and tsquery's (`&`, `|`, `!`, `:`) are gone before this.
"""

from contextlib import contextmanager, nullcontext
from difflib import SequenceMatcher

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from core.searching import WORD, fold, found_in, is_prefix

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
ENTRIES, TEXTS = "search_entry", "search_text"


def condition(sql, params):
    return RawSQL(sql, params, output_field=BooleanField())


# The titles SQLite's suggestions choose from (a word's first letters find many).
SUGGESTION_CANDIDATES = 50
# pg_trgm's word similarity from which a title is offered (its default, 0.6, leaves out
# "Teruel" for "Terual").
MIN_CLOSENESS = 0.3
# The text search configurations made by search/migrations/0001_initial.py.
SIMPLE = "into_eu_simple"
CONFIGS = {"sq": SIMPLE, **{code: f"into_eu_{code}" for code in ("it", "es", "el", "en")}}


# PostgreSQL's settings while a search reads (PostgreSQLBackend.reading).
READING_SETTINGS = {
    "enable_seqscan": "off",
    # With sequential scans priced out, every plan looks costly enough to be compiled
    # (JIT): that took 0.7 s for a plan that runs in milliseconds.
    "jit": "off",
    "pg_trgm.word_similarity_threshold": str(MIN_CLOSENESS),
}


def add_sqlite_functions(sender, connection, **kwargs):
    """The triggers that keep SQLite's FTS5 tables fold text with this function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("into_eu_fold", 1, fold, deterministic=True)


class SQLiteBackend:
    """FTS5 over folded text, a table per language (search_fts_sq, …). FTS5 has no
    stemmer for these languages: a word of three letters or more matches as a prefix,
    so "migrant" finds "migranti" and "Durres" finds "Durrësit"."""

    def expression(self, query, title_only=False):
        parts = [f'"{fold(word)}"' + ("*" if is_prefix(word) else "") for word in query.words]
        parts += ['"' + " ".join(fold(word) for word in phrase) + '"' for phrase in query.phrases]
        expression = " AND ".join(parts)
        return f"{{title}} : ({expression})" if title_only else expression

    def found(self, query, codes, title_only=False):
        """Entries matching in any of these languages (one UNION: faster than an IN per
        language, which SQLite merges row by row)."""
        expression = self.expression(query, title_only)
        selects = [
            f"SELECT rowid FROM search_fts_{code} WHERE search_fts_{code} MATCH %s"
            for code in codes
        ]
        return condition(
            f"{ENTRIES}.id IN (" + " UNION ".join(selects) + ")", [expression] * len(codes)
        )

    def found_among(self, query, texts, title_only=False):
        """Which of these few texts (of one language) match: read here, as FTS5 would,
        rather than by asking FTS5 once more for every prefix (eight times slower)."""
        return {
            text.entry_id
            for text in texts
            if found_in(query, text.title if title_only else f"{text.title} {text.text}")
        }

    def reading(self):
        return nullcontext()

    def written(self, pks):
        """Nothing to do: triggers keep the FTS5 tables."""

    def suggestions(self, query, language, texts):
        """Titles sharing a word's first three letters (a typo is rarely at the start),
        the closest first by difflib's ratio to what was typed."""
        starts = sorted({fold(word)[:3] for word in query.terms})
        query_text = "{title} : (" + " OR ".join(f'"{start}"*' for start in starts) + ")"
        table = f"search_fts_{language}"
        found = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query_text])
        candidates = texts.filter(entry__in=found).order_by("-entry__day", "entry_id")
        typed = [fold(term) for term in query.terms]

        def closeness(text):
            words = [fold(word) for word in WORD.findall(text.title)] or [""]
            return max(
                SequenceMatcher(None, term, word).ratio() for term in typed for word in words
            )

        return sorted(candidates[:SUGGESTION_CANDIDATES], key=closeness, reverse=True)


class PostgreSQLBackend:
    """PostgreSQL's text search: each text's tsvector holds its words, accents folded,
    stemmed where PostgreSQL has a stemmer for its language (Italian, Spanish, Greek,
    English; search/migrations/0001_initial.py). Each language's texts are asked in that
    language's configuration: an Italian word is stemmed as Italian against Italian text."""

    @staticmethod
    def _tsquery(config, part):
        """A word or phrase in one language's configuration. Stems stand for a word's
        forms; Albanian, without a stemmer, asks a word of three letters or more as a
        prefix instead ("Durres" finds "Durrësit"), as SQLite does in every language."""
        if isinstance(part, tuple):
            text = " <-> ".join(f"'{word}'" for word in part)
        elif config == SIMPLE and is_prefix(part):
            text = f"'{part}':*"
        else:
            text = f"'{part}'"
        return f"to_tsquery('{config}', %s)", [text]

    def _match(self, query, codes, title_only):
        """Entries matching in any of these languages: a condition on search_entry, each
        language's tsvector answered by its GIN index."""
        column = "title_vector" if title_only else "vector"
        conditions, params = [], []
        for code in codes:
            parts = [self._tsquery(CONFIGS[code], part) for part in query.words + query.phrases]
            conditions.append(
                f"{column}_{code} @@ (" + " && ".join(sql for sql, _params in parts) + ")"
            )
            params += [param for _sql, part_params in parts for param in part_params]
        return "(" + " OR ".join(conditions) + ")", params

    def found(self, query, codes, title_only=False):
        """Entries matching in any of these languages.

        A subquery, kept one by `IS TRUE`: PostgreSQL answers it once from the indexes,
        where as a join it would test each row's tsvector, fetched and decompressed
        (ten times slower at 10,000 items, `make bench`)."""
        sql, params = self._match(query, codes, title_only)
        return condition(
            f"({ENTRIES}.id IN (SELECT id FROM {ENTRIES} WHERE {sql})) IS TRUE", params
        )

    def found_among(self, query, texts, title_only=False):
        """Which of these few texts (of one language) match."""
        if not texts:
            return set()
        sql, params = self._match(query, [texts[0].language], title_only)
        pks = [text.entry_id for text in texts]
        marks = ", ".join(["%s"] * len(pks))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {ENTRIES} WHERE id IN ({marks}) AND {sql}", [*pks, *params]
            )
            return {pk for (pk,) in cursor.fetchall()}

    def written(self, pks):
        """Index the texts just written for these entries: one update of each entry."""
        columns = ", ".join(
            f"vector_{code} = (SELECT to_tsvector('{config}', t.title || ' ' || t.text) "
            f"FROM {TEXTS} t WHERE t.entry_id = e.id AND t.language = '{code}'), "
            f"title_vector_{code} = (SELECT to_tsvector('{config}', t.title) "
            f"FROM {TEXTS} t WHERE t.entry_id = e.id AND t.language = '{code}')"
            for code, config in CONFIGS.items()
        )
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ENTRIES} e SET {columns} WHERE e.id = ANY(%s)", [list(pks)])

    @contextmanager
    def reading(self):
        """Sets of matches from the GIN indexes, never by reading every row's tsvector.

        For a word found in most rows the planner prefers a sequential scan, whose cost
        model ignores that each row's tsvector must be fetched and decompressed (TOAST):
        at 10,000 items that was ten times slower than the index (`make bench`)."""
        with transaction.atomic(), connection.cursor() as cursor:
            for name, value in READING_SETTINGS.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
            yield
            # Local to the transaction, which may be the request's: back as they were. (On
            # an error the rollback, of the transaction or of its savepoint, undoes them.)
            for name in READING_SETTINGS:
                cursor.execute(f"RESET {name}")

    def suggestions(self, query, language, texts):
        """The titles closest by trigrams (pg_trgm) to what was typed."""
        typed = " ".join(query.terms)
        closeness = RawSQL(
            f"word_similarity(%s, {TEXTS}.title)", [typed], output_field=FloatField()
        )
        # `<%` is word_similarity above pg_trgm's threshold, answered by the trigram index.
        close = condition(f"%s <%% {TEXTS}.title", [typed])
        return texts.filter(close).annotate(closeness=closeness).order_by("-closeness", "entry_id")


def current():
    return PostgreSQLBackend() if connection.vendor == "postgresql" else SQLiteBackend()
