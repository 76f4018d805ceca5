from django.contrib import admin
from django.db import models

from core.admin_base import PUBLICATION, ContentAdmin

from .models import Coverage


@admin.register(Coverage)
class CoverageAdmin(ContentAdmin):
    list_display = [
        "outlet",
        "published_on",
        "language",
        "publication",
        "translation_progress",
    ]
    list_filter = ["publication", "language"]
    search_fields = ["outlet", "title", "summary"]
    readonly_fields = ["updated_at"]
    # An address typed without a scheme is read as https:// (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ["outlet"]}
    fieldsets = [
        (
            None,
            {"fields": ["outlet", "slug", "title", "published_on", "language", "url", "summary"]},
        ),
        (None, {"fields": ["updated_at"]}),
        (PUBLICATION[0], {"fields": ["publication", "published_at"]}),
    ]
