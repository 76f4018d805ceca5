"""What a change form was opened on, and what has changed since: optimistic concurrency.

A change form carries a signed *state*: a short digest of each field it edits and of each
field of its inline rows (photos, documents), taken when it was opened. Saving compares
that state with the item as it is then, under the item's row lock, so two saves of one
opening cannot both pass. Digests compare stored values, so a change made anywhere — the
admin, a bulk action, `load_content`, a history restore — is seen, whoever made it, and a
save that changed nothing is no change.

Keys name what changed: `f.<field>` a field of the item; `r.<prefix>.<pk>.<field>` a
field of an inline row; `a.<prefix>.<pk or form number>` a row added; `x.<prefix>.<pk>`
a row deleted.
"""

import datetime
import decimal
import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.core import signing
from django.utils import timezone

SALT = "core.concurrency.state"


def text_of(value):
    """A stored value as text that is equal for equal values, however it was read: a
    datetime from the database (UTC) and from a form (local time), 41.3170 and 41.317."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # The admin's fields show whole seconds: a save that only dropped the
        # microseconds changed nothing anyone sees.
        value = value.replace(microsecond=0)
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, str):
        # Browsers send text areas with CRLF line ends; the files and scripts write LF.
        return value.replace("\r\n", "\n")
    return str(value)


def digest(instance, name):
    value = instance._meta.get_field(name).value_from_object(instance)
    return hashlib.blake2b(text_of(value).encode(), digest_size=6).hexdigest()


@dataclass(frozen=True)
class Rows:
    """One inline of a change form: its formset prefix, row model, link to the item and
    the fields its form edits."""

    prefix: str
    model: type
    fk: str
    names: tuple

    def of(self, pk):
        """The item's rows, in the order of the form (the model's ordering)."""
        return self.model._default_manager.filter(**{self.fk: pk})


@dataclass
class State:
    fields: dict  # name -> digest
    rows: dict  # prefix -> {pk: {name: digest}}

    @classmethod
    def of(cls, obj, names, inlines, rows=None):
        """The state of `obj` now; `rows` (prefix -> rows) when already loaded."""
        rows = rows or {spec.prefix: list(spec.of(obj.pk)) for spec in inlines}
        return cls(
            fields={name: digest(obj, name) for name in names},
            rows={
                spec.prefix: {
                    str(row.pk): {name: digest(row, name) for name in spec.names}
                    for row in rows[spec.prefix]
                }
                for spec in inlines
            },
        )

    def changes_to(self, other):
        """The keys of what differs in `other`."""
        keys = {f"f.{name}" for name, value in self.fields.items() if other.fields[name] != value}
        for prefix, rows in self.rows.items():
            now = other.rows.get(prefix, {})
            keys |= {f"x.{prefix}.{pk}" for pk in rows.keys() - now.keys()}
            keys |= {f"a.{prefix}.{pk}" for pk in now.keys() - rows.keys()}
            for pk in rows.keys() & now.keys():
                keys |= {
                    f"r.{prefix}.{pk}.{name}"
                    for name, value in rows[pk].items()
                    if now[pk].get(name) != value
                }
        return keys

    def seal(self):
        """A short mark of this state, to tell later whether it is still the same."""
        data = json.dumps([self.fields, self.rows], sort_keys=True).encode()
        return hashlib.blake2b(data, digest_size=12).hexdigest()


@dataclass
class Opened:
    """What a form was opened on: the item, the moment, its inlines and their state."""

    model: type
    pk: str
    at: datetime.datetime
    inlines: list
    state: State

    def sign(self):
        return signing.dumps(
            {
                "m": self.model._meta.label_lower,
                "pk": self.pk,
                "at": self.at.isoformat(),
                "f": self.state.fields,
                "i": [
                    [spec.prefix, spec.model._meta.label_lower, spec.fk, list(spec.names)]
                    for spec in self.inlines
                ],
                "r": self.state.rows,
            },
            salt=SALT,
            compress=True,
        )

    @classmethod
    def read(cls, token, model, pk):
        """The opening a form's token describes; BadSignature when it was changed or
        belongs to another item, FieldDoesNotExist when the model has changed since."""
        data = signing.loads(token, salt=SALT)
        if data["m"] != model._meta.label_lower or data["pk"] != str(pk):
            raise signing.BadSignature("another item's form")
        inlines = [
            Rows(prefix, apps.get_model(label), fk, tuple(names))
            for prefix, label, fk, names in data["i"]
        ]
        # A form opened before a field was removed names it (FieldDoesNotExist).
        for name in data["f"]:
            model._meta.get_field(name)
        for spec in inlines:
            for name in spec.names:
                spec.model._meta.get_field(name)
        return cls(
            model=model,
            pk=data["pk"],
            at=datetime.datetime.fromisoformat(data["at"]),
            inlines=inlines,
            state=State(fields=data["f"], rows=data["r"]),
        )

    def now(self, obj, rows=None):
        """The state of the same fields and rows in `obj` as it is now."""
        return State.of(obj, list(self.state.fields), self.inlines, rows)


def seal_token(state):
    return signing.dumps(state.seal(), salt=SALT + ".seen")


def unseal_token(token):
    try:
        return signing.loads(token, salt=SALT + ".seen")
    except signing.BadSignature:
        return None
