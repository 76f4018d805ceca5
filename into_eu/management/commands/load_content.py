"""Load the shipped content: create what is missing, never touch what exists.

Staff edit content in the admin after the first load, so an object that is
already in the database (found by its slug or key) is left exactly as it is.
"""

import datetime as dt
import tomllib
import zoneinfo
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from into_eu.models import Page
from into_eu.publishing import Publishable
from meetings.models import Announcement, Meeting
from partners.models import Partner

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


def as_is(data):
    return data


def meeting_fields(data):
    data["host"] = Partner.objects.get(slug=data["host"])
    for name in ("start_date", "end_date"):
        if name in data and isinstance(data[name], str):
            data[name] = dt.date.fromisoformat(data[name])
    for name in ("start_time", "end_time"):
        if name in data and isinstance(data[name], str):
            data[name] = dt.time.fromisoformat(data[name])
    return data


def announcement_fields(data):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    published_on = data.pop("published_on")
    if isinstance(published_on, str):
        published_on = dt.date.fromisoformat(published_on)
    # Only the day is known; midnight in the site's zone keeps that day everywhere it is shown.
    data["published_at"] = dt.datetime.combine(published_on, dt.time(0), zone)
    data["meeting"] = Meeting.objects.get(slug=data["meeting"]) if data.get("meeting") else None
    data["partner"] = Partner.objects.get(slug=data["partner"])
    return data


# Folder, model, natural key, and how plain values become model values; in dependency order.
KINDS = [
    ("partners", Partner, "slug", as_is),
    ("meetings", Meeting, "slug", meeting_fields),
    ("announcements", Announcement, "slug", announcement_fields),
    ("pages", Page, "key", as_is),
]


class Command(BaseCommand):
    help = "Create the site's shipped content where it is missing; existing objects are kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=settings.BASE_DIR / "content", help="content folder"
        )

    @transaction.atomic
    def handle(self, *args, dir, **options):
        created = kept = 0
        for folder, model, key, convert in KINDS:
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
