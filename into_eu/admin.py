from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_base import ContentAdmin
from .models import Page
from .preview import PreviewAdminMixin

PUBLICATION = (_("Publication"), {"fields": ["publication", "published_at", "preview_links"]})


@admin.register(Page)
class PageAdmin(PreviewAdminMixin, ContentAdmin):
    list_display = ["title", "key", "publication", "published_at", "translation_progress"]
    list_filter = ["publication"]
    search_fields = ["title", "intro", "body"]
    readonly_fields = ["updated_at", "preview_links"]
    fieldsets = [(None, {"fields": ["key", "title", "intro", "body", "updated_at"]}), PUBLICATION]
