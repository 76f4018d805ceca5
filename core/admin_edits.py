"""Change forms that never overwrite a newer save, and show who else has them open.

Each change form carries what it was opened on (core/concurrency.py). A save finds the
item as it is under its row lock; when someone saved meanwhile, nothing is written and
the staff member gets the conflict page: who saved and when, what each side changed,
their own input kept. Changes that do not overlap are applied on top of the current
version with one click; where both changed a field, they choose per field. The merged
save goes through the admin like any other, so its history records it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import (
    BadRequest,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, router, transaction
from django.forms import FileField
from django.forms.models import construct_instance, modelform_factory
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion import set_comment
from reversion.models import Version

from . import presence
from .concurrency import Opened, Rows, State, digest, seal_token, unseal_token

STATE = "_edit_state"  # what the form was opened on
SEEN = "_edit_seen"  # the version the conflict page showed
MERGE = "_edit_merge"  # "apply my changes" on the conflict page
CHOICE = "_edit_choice."  # + key: "mine" or "theirs", where both changed a field
FILE = "_edit_file"  # "<input name>:<file name>" of each upload to be chosen again
OWN_INPUTS = ("csrfmiddlewaretoken", SEEN, MERGE, FILE)


class Conflict(Exception):
    def __init__(self, report):
        self.report = report


@dataclass
class Clash:
    key: str
    label: str
    theirs: str
    mine: str
    chosen: str = ""


@dataclass
class Report:
    """What a conflict page says."""

    savers: list
    theirs: list  # labels of what others changed
    mine: list  # labels of what this staff member changed
    clashes: list  # Clash, where both changed the same thing differently
    lost: list  # (label, value): changes to rows others deleted, shown so nothing is lost
    take: set = field(default_factory=set)  # keys of this staff member's changes
    errors: list = field(default_factory=list)


def shown(instance, name):
    """A field's value as staff read it."""
    model_field = instance._meta.get_field(name)
    value = model_field.value_from_object(instance)
    if value is None or value == "":
        return _("(empty)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(getattr(instance, model_field.name))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(value) if isinstance(value, str) else formats.localize(value)


def label_of(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def savers_since(obj, moment):
    """(name or None, when) of each save after `moment`, newest first; None for a save
    without a user (load_content). When history knows none: the item's last change."""
    versions = (
        Version.objects.get_for_object(obj)
        .filter(revision__date_created__gt=moment)
        .select_related("revision__user")
        .order_by("-revision__date_created")
    )
    found = [
        (
            presence.name_of(version.revision.user) if version.revision.user else None,
            presence.moment(version.revision.date_created),
        )
        for version in versions
    ]
    if not found:
        when = getattr(obj, "updated_at", None)
        found = [(None, presence.moment(when) if when else None)]
    return found


class EditCheck:
    """One save's comparison of the form's opening with the item as it is now."""

    def __init__(self, opened):
        self.opened = opened
        self.vanished = []  # (prefix, form number, this form's values) of rows deleted since
        self.locked = self.stale = False

    def lock(self, model, pk):
        self.locked = True
        self.fresh = model._default_manager.select_for_update().get(pk=pk)
        self.rows = {
            spec.prefix: {str(r.pk): r for r in spec.of(pk)} for spec in self.opened.inlines
        }
        self.now = self.opened.now(
            self.fresh, {prefix: list(rows.values()) for prefix, rows in self.rows.items()}
        )
        self.theirs = self.opened.state.changes_to(self.now)
        self.stale = bool(self.theirs)

    def keep_unedited(self, obj, form):
        """The admin read the item before the lock: what this form does not edit (fields
        read-only for the role, values kept by the system) takes its locked value, so
        the save cannot put back an older one."""
        copy_unedited(self.fresh, obj, form)

    def keep_unedited_rows(self, formsets):
        for spec, formset in self._formsets(formsets):
            pk_name = spec.model._meta.pk.name
            for form in formset.initial_forms:
                current = self.rows[spec.prefix].get(form.data.get(f"{form.prefix}-{pk_name}"))
                if current is not None:
                    copy_unedited(current, form.instance, form)

    def drop_vanished(self, request):
        """Rows someone deleted meanwhile leave this form (the formset would refuse them,
        and not every role may delete a row); what was typed in them is reported."""
        data = request.POST.copy()
        for spec in self.opened.inlines:
            existing = {str(pk) for pk in spec.of(self.opened.pk).values_list("pk", flat=True)}
            pk_name = spec.model._meta.pk.name
            try:
                total = int(data.get(f"{spec.prefix}-TOTAL_FORMS") or 0)
                initial = int(data.get(f"{spec.prefix}-INITIAL_FORMS") or 0)
            except ValueError:
                continue  # the formset answers that itself
            rows = [
                {
                    key.removeprefix(f"{spec.prefix}-{n}-"): data.getlist(key)
                    for key in list(data)
                    if key.startswith(f"{spec.prefix}-{n}-")
                }
                for n in range(total)
            ]
            for key in [key for key in data if key.startswith(f"{spec.prefix}-")]:
                if key.split("-")[1].isdigit():
                    del data[key]
            kept = []
            for n, row in enumerate(rows):
                pk = (row.get(pk_name) or [""])[0]
                if n < initial and pk and pk not in existing:
                    self.vanished.append((spec, n, pk, row))
                else:
                    kept.append(row)
            for n, row in enumerate(kept):
                for name, values in row.items():
                    data.setlist(f"{spec.prefix}-{n}-{name}", values)
            gone = len(rows) - len(kept)
            data[f"{spec.prefix}-TOTAL_FORMS"] = str(total - gone)
            data[f"{spec.prefix}-INITIAL_FORMS"] = str(initial - gone)
        request.POST = data

    def report(self, form, formsets):
        base = self.opened.state
        model = self.opened.model
        mine, clashes, mine_labels = set(), [], []
        for name, value in base.fields.items():
            if name in form.fields and changed_by(form, form.instance, name, value):
                key = f"f.{name}"
                mine.add(key)
                mine_labels.append(label_of(model, name))
                if key in self.theirs and digest(form.instance, name) != self.now.fields[name]:
                    clashes.append(
                        Clash(
                            key,
                            label_of(model, name),
                            shown(self.fresh, name),
                            shown(form.instance, name),
                        )
                    )
        for spec, formset in self._formsets(formsets):
            self._rows_report(spec, formset, mine, mine_labels, clashes)
        return Report(
            savers=savers_since(self.fresh, self.opened.at),
            theirs=self._labels(self.theirs),
            mine=mine_labels,
            clashes=clashes,
            lost=self._lost(),
            take=mine,
        )

    def _formsets(self, formsets):
        by_prefix = {formset.prefix: formset for formset in formsets}
        return [
            (spec, by_prefix[spec.prefix])
            for spec in self.opened.inlines
            if spec.prefix in by_prefix
        ]

    def _lost(self):
        """What was typed in rows deleted meanwhile, where it differs from the opening."""
        lost = []
        for spec, number, pk, row in self.vanished:
            base = self.opened.state.rows.get(spec.prefix, {}).get(pk, {})
            names = [
                name
                for name in spec.names
                if not isinstance(spec.model._meta.get_field(name), models.FileField)
            ]
            Form = modelform_factory(spec.model, fields=names)
            typed = Form({name: values[0] for name, values in row.items() if values})
            typed.is_valid()
            instance = construct_instance(typed, spec.model(), fields=list(typed.cleaned_data))
            row_label = f"{capfirst(spec.model._meta.verbose_name)} {number + 1}"
            lost += [
                (f"{row_label}: {label_of(spec.model, name)}", shown(instance, name))
                for name in typed.cleaned_data
                if digest(instance, name) != base.get(name)
            ]
        return lost

    def _rows_report(self, spec, formset, mine, mine_labels, clashes):
        base = self.opened.state.rows.get(spec.prefix, {})
        kind = capfirst(spec.model._meta.verbose_name)
        pk_name = spec.model._meta.pk.name
        for number, form in enumerate(formset.forms):
            row_label = f"{kind} {number + 1}"
            deleting = formset.can_delete and formset._should_delete_form(form)
            pk = form.data.get(f"{form.prefix}-{pk_name}") or None
            if pk is None:  # a row added in this form
                if form.has_changed() and not deleting:
                    mine.add(f"a.{spec.prefix}.{number}")
                    mine_labels.append(_("%(row)s (new)") % {"row": row_label})
                continue
            if pk not in base:
                continue
            if deleting:
                key = f"x.{spec.prefix}.{pk}"
                mine.add(key)
                mine_labels.append(_("%(row)s (deleted)") % {"row": row_label})
                if any(k.startswith(f"r.{spec.prefix}.{pk}.") for k in self.theirs):
                    clashes.append(Clash(key, row_label, _("changed, kept"), _("deleted")))
                continue
            for name in spec.names:
                if name not in form.fields or not changed_by(
                    form, form.instance, name, base[pk].get(name)
                ):
                    continue
                key = f"r.{spec.prefix}.{pk}.{name}"
                mine.add(key)
                label = f"{row_label}: {label_of(spec.model, name)}"
                mine_labels.append(label)
                current = self.rows[spec.prefix][pk]
                if key in self.theirs and digest(form.instance, name) != digest(current, name):
                    clashes.append(
                        Clash(key, label, shown(current, name), shown(form.instance, name))
                    )

    def _labels(self, keys):
        """Labels of what others changed; rows numbered as the form shows them."""
        model = self.opened.model
        labels = []
        positions = {}
        for spec in self.opened.inlines:
            order = list(self.opened.state.rows.get(spec.prefix, {}))
            order += [pk for pk in self.now.rows.get(spec.prefix, {}) if pk not in order]
            positions[spec.prefix] = {pk: n for n, pk in enumerate(order)}
        kinds = {spec.prefix: spec for spec in self.opened.inlines}
        for key in sorted(keys, key=lambda key: (key[0] != "f", key)):
            kind, *parts = key.split(".")
            if kind == "f":
                labels.append(label_of(model, parts[0]))
                continue
            spec = kinds[parts[0]]
            number = positions[parts[0]].get(parts[1], 0) + 1
            row = f"{capfirst(spec.model._meta.verbose_name)} {number}"
            if kind == "r":
                labels.append(f"{row}: {label_of(spec.model, parts[2])}")
            elif kind == "a":
                labels.append(_("%(row)s (new)") % {"row": row})
            else:
                labels.append(_("%(row)s (deleted)") % {"row": row})
        return labels

    def merge(self, request, form, formsets, report):
        """Put this staff member's changes on the current version: every field they did
        not change, or chose to leave, takes its current value."""
        chosen = {clash.key: request.POST.get(CHOICE + clash.key) for clash in report.clashes}
        take = {key for key in report.take if chosen.get(key, "mine") == "mine"}
        for name in self.opened.state.fields:
            if f"f.{name}" not in take and name in form.fields:
                copy_field(self.fresh, form.instance, name)
        for spec, formset in self._formsets(formsets):
            pk_name = spec.model._meta.pk.name
            for row_form in formset.initial_forms:
                pk = row_form.data.get(f"{row_form.prefix}-{pk_name}")
                current = self.rows[spec.prefix].get(pk)
                if current is None:
                    continue
                if f"x.{spec.prefix}.{pk}" in report.take - take:
                    # Kept as the other person left it: not deleted, and not saved.
                    row_form.cleaned_data["DELETE"] = False
                    row_form.__dict__["changed_data"] = []
                    formset.__dict__.pop("_deleted_form_indexes", None)
                    continue
                taken = [name for name in spec.names if f"r.{spec.prefix}.{pk}.{name}" in take]
                for name in spec.names:
                    if name not in taken and name in row_form.fields:
                        copy_field(current, row_form.instance, name)
                # A row is saved, and its change recorded, only for what this staff
                # member changed in it.
                row_form.__dict__["changed_data"] = [
                    name for name in row_form.changed_data if name in taken
                ]
        return take


def changed_by(form, instance, name, opened):
    """Did this form change the field since its opening? A file input cannot send the
    current file back, so only an upload is a change of a file."""
    if isinstance(form.fields[name], FileField) and form.add_prefix(name) not in form.files:
        return False
    return digest(instance, name) != opened


def copy_field(source, target, name):
    model_field = source._meta.get_field(name)
    value = model_field.value_from_object(source)
    setattr(target, model_field.attname, getattr(value, "name", value))


def translated_names(model):
    """Fields modeltranslation turned into one per language: assigning the original
    writes the current language's, so it is never copied as a field of its own."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def copy_unedited(source, target, form):
    meta = source._meta
    translated = translated_names(type(source))
    # An image's width and height follow the image, which the form may upload.
    dimensions = {
        dimension
        for model_field in meta.concrete_fields
        if isinstance(model_field, models.ImageField) and model_field.name in form.fields
        for dimension in (model_field.width_field, model_field.height_field)
        if dimension
    }
    for model_field in meta.concrete_fields:
        if (
            model_field.primary_key
            or model_field.name in form.fields
            or model_field.name in translated
            or model_field.name in dimensions
            or getattr(model_field, "auto_now", False)
        ):
            continue
        setattr(target, model_field.attname, getattr(source, model_field.attname))


class ConcurrentEditsMixin:
    """For ModelAdmins: optimistic concurrency on the change form, and presence (whose
    script, admin-editing.js, the admin's Media must include: see core/admin_base.py)."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/editing/",
                self.admin_site.admin_view(self.editing_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_editing",
            ),
            *super().get_urls(),
        ]

    # What a form edits, and the token it carries.

    def edit_inlines(self, request, obj):
        specs = []
        for inline in self.get_inline_instances(request, obj):
            formset = inline.get_formset(request, obj)
            fk = formset.fk.name
            names = tuple(
                name
                for name in formset.form.base_fields
                if name not in {fk, inline.model._meta.pk.name} and _is_field(inline.model, name)
            )
            specs.append(Rows(formset.get_default_prefix(), inline.model, fk, names))
        return specs

    def opening(self, request, obj):
        form = self.get_form(request, obj, change=True)
        names = [name for name in form.base_fields if _is_field(self.model, name)]
        inlines = self.edit_inlines(request, obj)
        return Opened(
            model=self.model,
            pk=str(obj.pk),
            at=timezone.now(),
            inlines=inlines,
            state=State.of(obj, names, inlines),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.has_change_permission(request, obj):
            posted = request.POST.get(STATE) if request.method == "POST" else None
            context["edit_state"] = (
                posted or getattr(request, "edit_opened", None) or self.opening(request, obj).sign()
            )
            context["editing_url"] = self.url_of("editing", obj)
            context["editing_every"] = presence.HEARTBEAT_SECONDS
            context["editors"] = presence.notices(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Saving.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        token = request.POST.get(STATE) if request.method == "POST" else None
        if not token or object_id is None or getattr(request, "edit_checked", False):
            return super().changeform_view(request, object_id, form_url, extra_context)
        check = EditCheck(self.read_opening(token, object_id))
        check.drop_vanished(request)
        request.edit_check = check
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict as conflict:
            return self.conflict_response(request, check, conflict.report)

    def read_opening(self, token, object_id):
        try:
            return Opened.read(token, self.model, unquote(object_id))
        except (signing.BadSignature, KeyError, ValueError, LookupError, FieldDoesNotExist):
            raise BadRequest(
                _("This form's version mark is damaged. Open the item again.")
            ) from None

    def save_model(self, request, obj, form, change):
        check = getattr(request, "edit_check", None)
        if change and check is not None and not check.locked:
            check.lock(self.model, obj.pk)
            check.keep_unedited(obj, form)
            if check.stale:
                return  # save_related, which sees the inlines, decides
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        check = getattr(request, "edit_check", None)
        if change and check is not None:
            check.keep_unedited_rows(formsets)
        if change and check is not None and check.stale:
            report = check.report(form, formsets)
            self.settle(request, check, form, formsets, report)
            self.save_model(request, form.instance, form, change)
        super().save_related(request, form, formsets, change)

    def settle(self, request, check, form, formsets, report):
        """Merge as asked on the conflict page, or raise Conflict."""
        if (
            not request.POST.get(MERGE)
            or unseal_token(request.POST.get(SEEN, "")) != check.now.seal()
        ):
            raise Conflict(report)
        missing = [
            clash for clash in report.clashes
            if request.POST.get(CHOICE + clash.key) not in {"mine", "theirs"}
        ]  # fmt: skip
        if missing:
            report.errors.append(_("Choose a version for each field both of you changed."))
            raise Conflict(report)
        if set(dict(files_to_choose(request))) - set(request.FILES):
            # A browser cannot send a file twice: without it, the merge would drop it.
            report.errors.append(_("Choose again each file you had chosen."))
            raise Conflict(report)
        take = check.merge(request, form, formsets, report)
        check.stale = False
        exclude = [f.name for f in self.model._meta.fields if f.name not in form.fields]
        try:
            form.instance.full_clean(exclude=exclude)
        except ValidationError as error:
            report.errors += error.messages
            raise Conflict(report) from None
        # The history lists what this save took from this staff member, not the current
        # values their older form still carried.
        taken = {key.split(".", 1)[1] for key in take if key.startswith("f.")}
        form.__dict__["changed_data"] = [name for name in form.changed_data if name in taken]
        request.edit_merged = report

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        report = getattr(request, "edit_merged", None)
        if report is not None:
            note = _("Merged with the changes saved meanwhile by %(who)s.") % {
                "who": who_saved(report)
            }
            set_comment(f"{entry.get_change_message()} {note}".strip())
            messages.info(request, note)
        return entry

    def conflict_response(self, request, check, report):
        kept = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in OWN_INPUTS and not name.startswith(CHOICE)
            for value in values
        ]
        for clash in report.clashes:
            clash.chosen = request.POST.get(CHOICE + clash.key, "")
        return self.conflict_page(
            request,
            check,
            report,
            kept=kept,
            files=files_to_choose(request),
            seen=seal_token(check.now),
            change_url=self.url_of("change", check.fresh),
            names={"seen": SEEN, "merge": MERGE, "choice": CHOICE, "file": FILE},
        )

    def conflict_page(self, request, check, report, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changed meanwhile: %(item)s") % {"item": check.fresh},
            "opts": self.model._meta,
            "original": check.fresh,
            "report": report,
            "who": who_saved(report),
            **context,
        }
        return TemplateResponse(request, "admin/edit_conflict.html", context, status=409)

    def url_of(self, view, obj):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]
        )

    # History restores: judged against the item as it was when the restore form opened.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        token = request.POST.get(STATE) if request.method == "POST" else None
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or (request.method == "POST" and not token)
        ):
            # The history guard refuses what this user may not do, before any lock.
            return super().revision_view(request, object_id, version_id, extra_context)
        if request.method != "POST":
            # Reversion renders the form from the reverted version: the opening is the
            # item as it is before that.
            request.edit_opened = self.opening(request, obj).sign()
            return super().revision_view(request, object_id, version_id, extra_context)
        check = EditCheck(self.read_opening(token, object_id))
        with transaction.atomic(using=router.db_for_write(self.model)):
            check.lock(self.model, obj.pk)
            if check.stale:
                report = Report(
                    savers=savers_since(check.fresh, check.opened.at),
                    theirs=check._labels(check.theirs),
                    mine=[],
                    clashes=[],
                    lost=[],
                )
                return self.conflict_page(
                    request,
                    check,
                    report,
                    restore=True,
                    history_url=self.url_of("history", check.fresh),
                )
            request.edit_checked = True
            return super().revision_view(request, object_id, version_id, extra_context)

    # Presence.

    def editing_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        state = request.POST.get("state")
        if state == "here":
            presence.here(request.user, obj)
        elif state == "left":
            presence.left(request.user, obj)
            return JsonResponse({"editors": []})
        else:
            raise BadRequest(_("Say whether the form is open or closed."))
        return JsonResponse({"editors": presence.notices(request.user, obj)})


def files_to_choose(request):
    """(input name, file name) of each file this staff member chose: those sent now, and
    those the conflict page asked for again."""
    files = {name: upload.name for name, upload in request.FILES.items()}
    for value in request.POST.getlist(FILE):
        name, _colon, filename = value.partition(":")
        files.setdefault(name, filename)
    return list(files.items())


def who_saved(report):
    names = []
    for name, when in report.savers:
        who = name or _("an automatic update")
        names.append(_("%(who)s at %(time)s") % {"who": who, "time": when} if when else who)
    return ", ".join(dict.fromkeys(names))


def _is_field(model, name):
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return False
    return model_field.concrete and not model_field.many_to_many
