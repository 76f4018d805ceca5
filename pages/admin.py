from django.contrib import admin

from core.admin_base import PUBLICATION, ContentAdmin
from core.preview import PreviewAdminMixin

from .models import Page


@admin.register(Page)
class PageAdmin(PreviewAdminMixin, ContentAdmin):
    list_display = ["title", "key", "publication", "published_at", "translation_progress"]
    list_filter = ["publication"]
    search_fields = ["title", "intro", "body"]
    readonly_fields = ["updated_at", "preview_links"]
    fieldsets = [(None, {"fields": ["key", "title", "intro", "body", "updated_at"]}), PUBLICATION]
