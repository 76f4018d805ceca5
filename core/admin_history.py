"""django-reversion's history views, held to the same rule as every other admin view.

Reversion's revision and recover views revert a whole revision inside a transaction and
only then run the change form, keeping the revert whenever the form answers with a
redirect — which is also how the admin refuses an object the user may not change. So
the rights are checked here *before* reversion runs: the version must belong to this
model (and, for a revision, to this object), and everything the revert would save or
delete — found by reverting once and rolling back — must be within the user's rights.
"""

import contextvars

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.http import Http404
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from . import access

_touched = contextvars.ContextVar("revert_touched", default=None)


class Touched:
    """What a revert did: rows judged as they were, and saved rows to judge afterwards."""

    def __init__(self):
        self.before = []  # (action, model, partner id)
        self.saved = []  # (action, model, instance)


def _record_save(sender, instance, **kwargs):
    touched = _touched.get()
    if touched is None:
        return
    before = None
    if instance.pk is not None:
        before = sender._default_manager.filter(pk=instance.pk).first()
    if before is not None:
        touched.before.append((access.EDIT, sender, access.partner_id_of(before)))
    touched.saved.append((access.EDIT if before is not None else access.ADD, sender, instance))


def _record_delete(sender, instance, **kwargs):
    touched = _touched.get()
    if touched is not None:
        touched.before.append((access.DELETE, sender, access.partner_id_of(instance)))


pre_save.connect(_record_save, dispatch_uid="core.admin_history.save")
pre_delete.connect(_record_delete, dispatch_uid="core.admin_history.delete")


def revert_needs(revision):
    """(action, model, partner id) for every row that reverting `revision` would touch.

    The revert is carried out and rolled back: reversion alone knows which related rows
    it deletes (photos added since, for example). Saved rows are judged in the reverted
    state, so moving an item to another partner needs rights in both partners.
    """
    touched = Touched()
    token = _touched.set(touched)
    using = revision._state.db
    try:
        with transaction.atomic(using=using):
            revision.revert(delete=True)
            needs = touched.before + [
                (action, model, access.partner_id_of(instance))
                for action, model, instance in touched.saved
            ]
            transaction.set_rollback(True, using=using)
    finally:
        _touched.reset(token)
    return needs


def may_revert(user, revision):
    try:
        needs = revert_needs(revision)
    except RevertError:
        # Reversion's own view fails the same way, rolls back and says why.
        return True
    return all(access.may_in(user, action, model, partner) for action, model, partner in needs)


def may_recover(user, version):
    """May the user bring this deleted item back, judged by its stored state?"""
    try:
        stored = version._object_version.object
    except Exception:
        return False
    return access.may(user, access.ADD, stored)


class GuardedVersionAdmin(VersionAdmin):
    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        version = Version.objects.get_for_object(obj).filter(pk=version_id).first()
        if version is None:
            raise Http404
        if not may_revert(request.user, version.revision):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = self.deleted_versions().filter(pk=version_id).first()
        if version is None or not may_recover(request.user, version):
            raise Http404
        if not may_revert(request.user, version.revision):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        """Reversion's list of deleted items, narrowed to those this user may restore."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        deleted = [
            version
            for version in self._reversion_order_version_queryset(
                request, self.deleted_versions().select_related("revision")
            )
            if may_recover(request.user, version)
        ]
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "module_name": capfirst(opts.verbose_name),
            "title": _("Recover deleted %(name)s") % {"name": opts.verbose_name_plural},
            "deleted": deleted,
            **(extra_context or {}),
        }
        template = self.recover_list_template or self._reversion_get_template_list(
            "recover_list.html"
        )
        return render(request, template, context)

    def deleted_versions(self):
        return Version.objects.get_deleted(self.model)
