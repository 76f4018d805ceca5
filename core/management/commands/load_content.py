"""Load the shipped content: create what is missing, never touch what exists.

Staff edit content in the admin after the first load, so an object that is
already in the database (found by its slug or key) is left exactly as it is.
"""

import tomllib
from decimal import Decimal
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from core.publishing import Publishable

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def read(folder):
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            try:
                yield path, tomllib.load(handle)
            except tomllib.TOMLDecodeError as error:
                raise CommandError(f"{path}: {error}") from None


def flatten(data):
    """Turn `{"title": {"sq": …, "en": …}}` into modeltranslation's `title_sq`, `title_en`."""
    fields = {}
    for name, value in data.items():
        if isinstance(value, dict):
            missing = set(LANGUAGES) - set(value)
            if missing:
                raise CommandError(f"{name!r} lacks {', '.join(sorted(missing))}")
            fields.update({f"{name}_{code}": value[code].strip() for code in LANGUAGES})
        elif isinstance(value, float):
            # TOML floats become exact decimals as written, not as binary approximations.
            fields[name] = Decimal(str(value))
        else:
            fields[name] = value
    return fields


def content_kinds():
    """Each app's `content.KINDS`, in the order of INSTALLED_APPS (an app's content may
    name the content of apps listed before it): (folder, model, natural key, and how
    plain values become model values)."""
    for app in apps.get_app_configs():
        if module_has_submodule(app.module, "content"):
            yield from import_module(f"{app.name}.content").KINDS


class Command(BaseCommand):
    help = "Create the site's shipped content where it is missing; existing objects are kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=settings.BASE_DIR / "content", help="content folder"
        )

    @transaction.atomic
    def handle(self, *args, dir, **options):
        created = kept = 0
        for folder, model, key, convert in content_kinds():
            for path, data in read(dir / folder):
                try:
                    fields = convert(flatten(data))
                    lookup = {key: fields.pop(key)}
                    if model.objects.filter(**lookup).exists():
                        kept += 1
                        continue
                    if issubclass(model, Publishable):
                        # Shipped content is public; what staff add starts as a draft.
                        fields.setdefault("publication", Publishable.Publication.PUBLISHED)
                    obj = model(**lookup, **fields)
                    obj.full_clean()
                    obj.save()
                except CommandError:
                    raise
                except Exception as error:
                    raise CommandError(f"{path}: {error}") from error
                created += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"Content: {created} created, {kept} already present and kept.")
