"""Object-level permissions in the admin, enforced on every view (not only hidden).

The admin's list, change, delete and history views all start from
`get_queryset`, so an item outside a partner editor's scope is simply not
found there; the `has_*_permission` checks repeat the rule for any view that
receives an object directly, and foreign-key choices are limited so a form
cannot move an item to another partner.
"""

from modeltranslation.translator import NotRegistered, translator

from meetings.models import Meeting
from partners.models import Partner

from . import roles


def may_edit_all_partners(user):
    return user.has_perm(roles.ALL_PARTNERS)


def partners_of(user):
    return Partner.objects.filter(editor_group__in=user.groups.all())


class RoleAdminMixin:
    #: The lookup from this model to its partner; None where the model is project-wide.
    partner_path = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.partner_path is None or may_edit_all_partners(request.user):
            return queryset
        return queryset.filter(**{f"{self.partner_path}__in": partners_of(request.user)})

    def in_scope(self, request, obj):
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not may_edit_all_partners(request.user):
            if db_field.related_model is Partner:
                kwargs["queryset"] = partners_of(request.user)
            elif db_field.related_model is Meeting:
                kwargs["queryset"] = Meeting.objects.filter(host__in=partners_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_prepopulated_fields(self, request, obj=None):
        # The address name is read-only for translators, so nothing fills it in.
        if not request.user.has_perm(roles.PUBLISH):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.has_perm(roles.PUBLISH):
            return readonly
        # Translators: every field but the translated texts is read-only.
        return readonly + [name for name in editable_fields(self.model) if name not in readonly]


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
    """Inlines follow their parent: a translator may edit captions but add or remove nothing."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and request.user.has_perm(roles.PUBLISH)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and request.user.has_perm(roles.PUBLISH)
