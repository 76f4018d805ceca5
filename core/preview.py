"""Staff see unpublished items exactly as visitors will, behind a banner.

Previews answer 404 to everyone who could not open the item in the admin, so
a draft's address reveals nothing, and they are never cached or indexed.
"""

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _


def admin_queryset(request, model):
    """What this staff member may see of `model` in the admin, roles included."""
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    model_admin = admin.site._registry[model]
    if not model_admin.has_view_or_change_permission(request):
        raise Http404
    return model_admin.get_queryset(request)


def mark_preview(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class PreviewMixin:
    """For detail views: any item the user may edit, with the preview banner."""

    def get_queryset(self):
        return admin_queryset(self.request, self.model)

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.object, **kwargs)

    def render_to_response(self, context, **kwargs):
        return mark_preview(super().render_to_response(context, **kwargs))


def preview_url(obj, language):
    with override(language):
        return reverse(f"preview-{obj._meta.model_name}", kwargs={"pk": obj.pk})


class PreviewAdminMixin:
    """'View on site' opens the preview; a read-only field links it in every language."""

    def view_on_site(self, obj):
        return preview_url(obj, get_language())

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" lang="{}">{}</a>',
            ((preview_url(obj, code), code, name) for code, name in settings.LANGUAGES),
        )
