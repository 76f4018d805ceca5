"""Fill a throwaway database's search index with synthetic items, for `make bench`.

The words come from the shipped content files, each language's from its own texts, drawn
with the uneven frequencies of real prose (a few words in most items, most words in
few), so that a query for a town finds thousands of items, as it would on a site that
had grown. Only the index is written: it is all a search reads.
"""

import datetime as dt
import random
import re
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.searching import ALWAYS
from search import backends, index
from search.models import Entry, Text

CONTENT = Path(settings.BASE_DIR) / "content"
KINDS = ["meeting", "meeting", "announcement", "announcement", "partner", "page"]
WORD = re.compile(r"\w{2,}")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def vocabulary():
    """Each language's words in the content files, most frequent first."""
    counts = {code: {} for code in LANGUAGES}
    for path in sorted(CONTENT.rglob("*.toml")):
        for value in tomllib.loads(path.read_text()).values():
            if isinstance(value, dict) and set(LANGUAGES) <= set(value):
                for code in LANGUAGES:
                    for word in WORD.findall(str(value[code])):
                        counts[code][word] = counts[code].get(word, 0) + 1
    return {code: sorted(words, key=words.get, reverse=True) for code, words in counts.items()}


class Command(BaseCommand):
    help = "Fill an empty, throwaway database's search index with synthetic items (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2016)

    def handle(self, *args, items, seed, **options):
        if Entry.objects.exists() or any(source.items().exists() for source in index.sources()):
            raise CommandError("This database has content: the corpus goes only into an empty one.")
        words = vocabulary()
        rng = random.Random(seed)
        weights = {
            code: [1 / rank for rank in range(1, len(words[code]) + 1)] for code in LANGUAGES
        }

        def prose(code, count):
            return " ".join(rng.choices(words[code], weights[code], k=count))

        start = dt.date(2016, 2, 1)
        with transaction.atomic():
            for first in range(0, items, index.BATCH):
                entries, texts = [], []
                for number in range(first, min(first + index.BATCH, items)):
                    kind = KINDS[number % len(KINDS)]
                    day = start + dt.timedelta(days=rng.randrange(730))
                    entry = Entry(
                        kind=kind,
                        object_id=number,
                        visible_from=ALWAYS,
                        day=day if kind in ("meeting", "announcement") else None,
                        precision="day",
                    )
                    entries.append(entry)
                    texts += [
                        Text(
                            entry=entry,
                            language=code,
                            title=prose(code, rng.randint(4, 10)).capitalize(),
                            url=f"/{code}/synthetic/{number}/",
                            text=prose(code, rng.randint(60, 300)),
                        )
                        for code in LANGUAGES
                    ]
                Entry.objects.bulk_create(entries)
                Text.objects.bulk_create(texts)
                backends.current().written([entry.pk for entry in entries])
        if connection.vendor == "postgresql":
            # As after any bulk load: the planner's statistics, and rows marked visible
            # once rather than by the first queries that read them.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_entry")
                cursor.execute("VACUUM ANALYZE search_text")
        self.stdout.write(
            f"Search corpus: {Entry.objects.count()} items in {len(LANGUAGES)} languages."
        )
