"""The admin asks `core.access` on every view, for the list and for each object.

The list, change, delete and history views all start from `get_queryset`, so an item
the user may not see is simply not found there; the `has_*_permission` checks answer
for the object itself (or, in an inline, for the item it belongs to); foreign-key
choices offer only partners and items the user may edit fully; and a save is checked
once more against the object as it would be stored.
"""

from django.core.exceptions import PermissionDenied
from modeltranslation.translator import NotRegistered, translator

from . import access


class RoleAdminMixin:
    def get_queryset(self, request):
        return access.allowed_items(request.user, access.VIEW, super().get_queryset(request))

    def has_module_permission(self, request):
        return access.may_somewhere(request.user, access.VIEW, self.model)

    def has_view_permission(self, request, obj=None):
        return self.may(request, access.VIEW, obj)

    def has_add_permission(self, request):
        return access.may_somewhere(request.user, access.ADD, self.model)

    def has_change_permission(self, request, obj=None):
        return self.may(request, access.EDIT_TEXT, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may(request, access.DELETE, obj)

    def may(self, request, action, obj):
        if obj is None:
            return access.may_somewhere(request.user, action, self.model)
        return access.may(request.user, action, obj)

    def may_edit_every_field(self, request, obj):
        if obj is None:
            return access.may_somewhere(request.user, access.ADD, self.model)
        return access.may(request.user, access.EDIT, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if access.partner_path(related) == "pk":
            # The partner an item belongs to: one where the user may edit such items.
            partners = related._default_manager.filter(
                access.partners_where(request.user, access.EDIT, self.model)
            )
            kwargs["queryset"] = partners
            only = list(partners[:2])
            if len(only) == 1:
                # A partner's own editor: theirs, shown and not to be chosen (a disabled
                # field takes its initial value whatever is posted).
                kwargs["initial"], kwargs["empty_label"] = only[0].pk, None
                field = super().formfield_for_foreignkey(db_field, request, **kwargs)
                field.disabled = True
                return field
        elif access.partner_path(related) is not None:
            kwargs["queryset"] = access.allowed_items(
                request.user, access.EDIT, related._default_manager.all()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_prepopulated_fields(self, request, obj=None):
        # The address name is read-only for translators, so nothing fills it in.
        if not self.may_edit_every_field(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.may_edit_every_field(request, obj):
            return readonly
        # Translators: every field but the translated texts is read-only.
        return readonly + [name for name in editable_fields(self.model) if name not in readonly]

    def save_model(self, request, obj, form, change):
        # The form offers only what the user may choose; this holds if it ever does not.
        if change:
            needed = (
                access.EDIT
                if set(form.changed_data) & set(editable_fields(self.model))
                else access.EDIT_TEXT
            )
        else:
            needed = access.ADD
        if not access.may(request.user, needed, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        # The bulk action starts from the visible items, which may be more than deletable.
        if any(not access.may(request.user, access.DELETE, obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)


def editable_fields(model):
    """Names of the model's editable fields that are not translations."""
    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        translated = {}
    translation_names = {field.name for fields in translated.values() for field in fields}
    return [
        field.name
        for field in model._meta.fields
        if field.editable
        and not field.primary_key
        and field.name not in translation_names
        and field.name not in translated
    ]


class RoleInlineMixin(RoleAdminMixin):
    """An inline's rows belong to the item of the form (`obj` is that item, or None)."""

    def may(self, request, action, obj):
        if obj is None:
            return access.may_somewhere(request.user, action, self.model)
        return access.may_in(request.user, action, self.model, access.partner_id_of(obj))

    def has_add_permission(self, request, obj=None):
        return self.may(request, access.ADD, obj)

    def may_edit_every_field(self, request, obj):
        return self.may(request, access.EDIT if obj is not None else access.ADD, obj)
