"""Who may do what to which item: the one rule behind every admin view.

Rights come from the user's groups, and each group's rights hold only inside its
*scope*: a partner's editor group acts on that partner's items, a group with the
"edit all partners" permission (Project editors, Translators) on every item, any other
group on nothing. A user's rights on an item are the union of what the groups whose
scope holds the item allow, so being in two groups never carries one group's rights
into the other's scope (a partner editor who also translates may edit every text, but
publish only for the own partner). Superusers may do everything; permissions given to
a user directly, outside a group, are not used.

The actions, from a group's model permissions:

- VIEW: view or change the model;
- EDIT_TEXT: change the model, its translated texts only;
- EDIT: change the model and publish: every field, the publication, a revert;
- ADD and DELETE: add or delete the model, and publish.

A model says where its partner is with `partner_path`, a lookup from the model to the
partner's primary key ("host" for a meeting, "meeting__host" for a photo, "pk" for the
partner itself); a model without one is project-wide (a project page), in the scope of
the all-partners groups only.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Q

from . import roles

VIEW = "view"
EDIT_TEXT = "edit_text"
EDIT = "edit"
ADD = "add"
DELETE = "delete"

UNKNOWN = object()  # an item whose partner cannot be found: only all-partner groups reach it


@dataclass(frozen=True)
class Grant:
    """What one group of the user may do, and where."""

    all_partners: bool
    partner_id: int | None
    permissions: frozenset

    def covers(self, model, partner_id):
        if self.all_partners:
            return True
        if partner_path(model) is None or self.partner_id is None:
            return False
        return partner_id is not UNKNOWN and partner_id == self.partner_id

    def allows(self, action, model):
        opts = model._meta
        may = {
            verb: f"{opts.app_label}.{verb}_{opts.model_name}" in self.permissions
            for verb in ("view", "add", "change", "delete")
        }
        publishes = roles.PUBLISH in self.permissions
        return {
            VIEW: may["view"] or may["change"],
            EDIT_TEXT: may["change"],
            EDIT: may["change"] and publishes,
            ADD: may["add"] and publishes,
            DELETE: may["delete"] and publishes,
        }[action]


def partner_path(model):
    return getattr(model, "partner_path", None)


def partner_id_of(obj):
    """The primary key of the partner an item belongs to, None if project-wide."""
    path = partner_path(type(obj))
    if path is None:
        return None
    *hops, last = path.split("__")
    target = obj
    try:
        for hop in hops:
            target = getattr(target, hop)
    except Exception:  # a related row that no longer exists (a deleted meeting's photo)
        return UNKNOWN
    if target is None:
        return UNKNOWN
    value = target.pk if last == "pk" else getattr(target, f"{last}_id")
    return UNKNOWN if value is None else value


def grants(user):
    """The user's groups as grants; read once per user object (once per request)."""
    cached = getattr(user, "_access_grants", None)
    if cached is not None:
        return cached
    rows = Group.objects.filter(user=user).values_list(
        "pk", "partner__pk", "permissions__content_type__app_label", "permissions__codename"
    )
    groups = {}
    for group_pk, partner_pk, app_label, codename in rows:
        partner, permissions = groups.setdefault(group_pk, (partner_pk, set()))
        if codename:
            permissions.add(f"{app_label}.{codename}")
    user._access_grants = tuple(
        Grant(
            all_partners=roles.ALL_PARTNERS in permissions,
            partner_id=partner,
            permissions=frozenset(permissions),
        )
        for partner, permissions in groups.values()
    )
    return user._access_grants


def is_staff(user):
    return user.is_active and user.is_staff


def may(user, action, obj):
    """May the user do `action` to this item, as it is now?"""
    return may_in(user, action, type(obj), partner_id_of(obj))


def may_in(user, action, model, partner_id):
    """May the user do `action` to an item of `model` that belongs to this partner?"""
    if not is_staff(user):
        return False
    if user.is_superuser:
        return True
    return any(
        grant.allows(action, model) and grant.covers(model, partner_id) for grant in grants(user)
    )


EVERY_PARTNER = None


def partners_allowed(user, action, model):
    """The partners in whose items the user may do `action` to `model`: EVERY_PARTNER, or a
    set of partner keys (empty: none)."""
    if not is_staff(user):
        return set()
    if user.is_superuser:
        return EVERY_PARTNER
    ids = set()
    for grant in grants(user):
        if grant.allows(action, model):
            if grant.all_partners:
                return EVERY_PARTNER
            if grant.partner_id is not None:
                ids.add(grant.partner_id)
    return ids


def may_somewhere(user, action, model):
    """May the user do `action` to at least some items of `model` (model-level checks)?"""
    partners = partners_allowed(user, action, model)
    return partners is EVERY_PARTNER or bool(partners)


def partners_where(user, action, model):
    """A Q on partners in which the user may do `action` to items of `model`."""
    partners = partners_allowed(user, action, model)
    return Q() if partners is EVERY_PARTNER else Q(pk__in=partners)


def allowed_items(user, action, queryset):
    """The items of the queryset the user may do `action` to."""
    partners = partners_allowed(user, action, queryset.model)
    if partners is EVERY_PARTNER:
        return queryset
    path = partner_path(queryset.model)
    if path is None or not partners:
        return queryset.none()
    return queryset.filter(**{f"{path}__in": partners})
