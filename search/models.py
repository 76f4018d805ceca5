from django.db import models
from django.utils import timezone


class EntryQuerySet(models.QuerySet):
    def visible(self, now=None):
        """What may be found now: a scheduled item's entry waits for its publication time,
        so it becomes findable by the clock alone."""
        return self.filter(visible_from__lte=now or timezone.now())


class Entry(models.Model):
    """One findable item: what ranking reads (and, on PostgreSQL, its tsvectors).

    Its texts are apart (Text, one per language it is written in), so that this table
    stays narrow: a word found in most items (a partner's town) has every row read, and
    with the texts in them that was three times slower at 10,000 items (`make bench`).
    """

    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    visible_from = models.DateTimeField()
    # The item's date, shown and used for "newest first", at the precision it is known.
    day = models.DateField(null=True)
    precision = models.CharField(max_length=5, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_item")
        ]
        verbose_name_plural = "entries"

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Text(models.Model):
    """An entry in one language it is written in.

    The full-text index is kept beside it (search/migrations/0001_initial.py): on SQLite,
    an FTS5 table per language kept by triggers, whose rowid is the entry's id; on
    PostgreSQL, the entry's tsvector columns of that language, written with the texts
    (search/backends.py).
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=5)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "language"], name="one_text_per_language")
        ]

    def __str__(self):
        return f"{self.entry} ({self.language})"
