"""Keeping the index current: each app's sources (its `search.py`), and the entries
written from them whenever an item, or something its text shows, is saved or deleted.

Writes wait for the commit, so that a rolled-back save indexes nothing. A scheduled
item is indexed when it is saved, with its publication time as `visible_from`: it
becomes findable when that time comes, with nothing to run then.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import module_has_submodule

from . import backends
from .models import Entry, Text

# Items written per batch by rebuild(): bounded memory at 10,000 items and more.
BATCH = 500
TITLE_LENGTH = Text._meta.get_field("title").max_length


@cache
def sources():
    """Every installed app's `search.SOURCES`, in the order of INSTALLED_APPS."""
    found = []
    for app in apps.get_app_configs():
        if app.name != __package__ and module_has_submodule(app.module, "search"):
            found += import_module(f"{app.name}.search").SOURCES
    return found


def source_of_kind(kind):
    return next(source for source in sources() if source.kind == kind)


def entry(source, item):
    """The item's entry and its texts, or None when it is written in no language."""
    documents = list(source.documents(item))
    if not documents:
        return None
    row = Entry(
        kind=source.kind,
        object_id=item.pk,
        visible_from=source.visible_from(item),
        day=documents[0].day,
        precision=documents[0].precision,
    )
    texts = [
        Text(
            language=document.language,
            title=document.title[:TITLE_LENGTH],
            url=document.url,
            text=document.text,
        )
        for document in documents
    ]
    return row, texts


def update(source, pks):
    """Index these items afresh; those no longer findable (drafts, deleted) leave it."""
    pks = list(pks)
    try:
        write(source, pks)
    except IntegrityError:
        # Another process indexed one of them meanwhile (on PostgreSQL, two transactions
        # may each find no row to delete, then both insert): this try replaces its rows.
        write(source, pks)


def write(source, pks):
    findable = source.items().filter(pk__in=pks)
    with transaction.atomic():
        Entry.objects.filter(kind=source.kind, object_id__in=pks).delete()
        made = [made for made in (entry(source, item) for item in findable) if made]
        Entry.objects.bulk_create([row for row, _texts in made], batch_size=BATCH)
        for row, texts in made:
            for text in texts:
                text.entry = row
        Text.objects.bulk_create([text for _row, texts in made for text in texts], batch_size=BATCH)
        backends.current().written([row.pk for row, _texts in made])


def rebuild():
    """The whole index from the database; returns how many entries it holds."""
    with transaction.atomic():
        Entry.objects.all().delete()
        for source in sources():
            pks = source.items().values_list("pk", flat=True).order_by("pk")
            for start in range(0, pks.count(), BATCH):
                update(source, pks[start : start + BATCH])
    return Entry.objects.count()


def fill_if_empty(using=DEFAULT_DB_ALIAS, **kwargs):
    """After `migrate`: a site whose content predates the index gets it filled once. Not
    before the index's own tables exist (`migrate <another app>` on a new database)."""
    if Entry._meta.db_table not in connections[using].introspection.table_names():
        return
    if not Entry.objects.exists() and any(source.items().exists() for source in sources()):
        rebuild()


def later(function, *args):
    """After the commit, and never the save's undoing: a failure is logged (Django logs
    robust callbacks' errors), the item stays as it was in the index, and the save that
    succeeded does not answer 500. `rebuild_search_index` mends it."""

    # A function of its own, not a functools.partial: Django names a failing robust
    # callback by its __qualname__, which a partial lacks, and the save then answered 500.
    def update_search_index():
        function(*args)

    transaction.on_commit(update_search_index, robust=True)


def item_saved(sender, instance, **kwargs):
    for source in sources():
        if source.model is sender:
            later(update, source, [instance.pk])
        for model_label, lookup in source.depends_on.items():
            if apps.get_model(model_label) is sender:
                shown_in = source.model._default_manager.filter(**{lookup: instance.pk})
                later(update, source, list(shown_in.values_list("pk", flat=True)))


def item_deleted(sender, instance, **kwargs):
    for source in sources():
        if source.model is sender:
            later(update, source, [instance.pk])


def connect_signals():
    watched = {source.model for source in sources()} | {
        apps.get_model(label) for source in sources() for label in source.depends_on
    }
    for model in watched:
        post_save.connect(item_saved, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(
            item_deleted, sender=model, dispatch_uid=f"search-delete-{model._meta.label}"
        )
