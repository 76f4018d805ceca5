"""Load the shipped content: create what is missing, bring up to date what no one edited.

An object already in the database (found by its slug or key) is left exactly as it is
once staff have edited it in the admin: every admin change is a django-reversion
revision with its user. An object no one edited since it was loaded takes the files'
values, so that corrections to the shipped texts reach sites loaded earlier; the update
is recorded in its history, without a user.
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
from reversion import create_revision, set_comment
from reversion.models import Version

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
        counts = {"created": 0, "updated": 0, "kept": 0}
        for folder, model, key, convert in content_kinds():
            for path, data in read(dir / folder):
                try:
                    fields = convert(flatten(data))
                    lookup = {key: fields.pop(key)}
                    # Locked, so that a staff member's save cannot fall between the
                    # question "edited by staff?" and the update.
                    existing = model.objects.select_for_update().filter(**lookup).first()
                    if existing is None:
                        create(model, lookup, fields)
                        counts["created"] += 1
                    elif not edited_by_staff(existing) and update(existing, fields, path, dir):
                        counts["updated"] += 1
                    else:
                        counts["kept"] += 1
                except CommandError:
                    raise
                except Exception as error:
                    raise CommandError(f"{path}: {error}") from error
        if options["verbosity"] > 0:
            self.stdout.write(
                "Content: {created} created, {updated} updated from the files, "
                "{kept} kept as they are.".format(**counts)
            )


def create(model, lookup, fields):
    if issubclass(model, Publishable):
        # Shipped content is public; what staff add starts as a draft.
        fields.setdefault("publication", Publishable.Publication.PUBLISHED)
    obj = model(**lookup, **fields)
    obj.full_clean()
    obj.save()
    if "updated_at" in {field.name for field in model._meta.fields} and "published_at" in fields:
        # Its last change is not known, its publication is: feeds and the sitemap then
        # date it by that, not by the day the files were loaded (`updated_at` is set on
        # every save, hence the second write).
        model.objects.filter(pk=obj.pk).update(updated_at=fields["published_at"])


def edited_by_staff(obj):
    """Changed in the admin: its history holds a revision made by a user."""
    return Version.objects.get_for_object(obj).filter(revision__user__isnull=False).exists()


def update(obj, fields, path, folder):
    """Give `obj` the files' values; False when it has them already."""
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(obj, name, fields[name])
    obj.full_clean()
    with create_revision():
        set_comment(f"Updated from {path.relative_to(folder)}")
        obj.save()
    return True
