"""The admin every content model shares: language tabs, roles, history, translation
progress, and change forms that never overwrite a newer save."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin, TranslationStackedInline

from .admin_edits import ConcurrentEditsMixin
from .admin_history import GuardedVersionAdmin
from .admin_roles import RoleAdminMixin, RoleInlineMixin
from .translation_status import LANGUAGE_CODES, missing_translations

# The fieldset of every publishable item's form.
PUBLICATION = (_("Publication"), {"fields": ["publication", "published_at", "preview_links"]})


class TranslationProgressMixin:
    """A list column of complete languages, and empty translations marked in the form."""

    @admin.display(description=_("translations"))
    def translation_progress(self, obj):
        missing = missing_translations(obj)
        return format_html_join(
            " ",
            '<span class="lang-status {}" title="{}">{}</span>',
            (
                (
                    "missing" if code in missing else "complete",
                    ", ".join(missing.get(code, [])),
                    code,
                )
                for code in LANGUAGE_CODES
            ),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return mark_missing(form)


def mark_missing(form_class):
    class MarkedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk:
                for code, fields in missing_translations(self.instance).items():
                    for field in fields:
                        name = f"{field}_{code}"
                        if name in self.fields:
                            widget = self.fields[name].widget
                            classes = widget.attrs.get("class", "")
                            widget.attrs["class"] = f"{classes} translation-missing".strip()

    MarkedForm.__name__ = form_class.__name__
    return MarkedForm


class ContentAdmin(
    RoleAdminMixin,
    TranslationProgressMixin,
    ConcurrentEditsMixin,
    GuardedVersionAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    """Base for every translated content model's admin."""

    class Media:
        # Who else has the form open (core/presence.py); accessible language tabs.
        js = ["admin-editing.js", "admin-tabs.js"]


class ContentInline(RoleInlineMixin, TranslationStackedInline):
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = mark_missing(formset.form)
        return formset
