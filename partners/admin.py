from django.contrib import admin
from django.db import models

from core.admin_base import ContentAdmin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(ContentAdmin):
    list_display = ["name", "town", "country", "role", "order", "translation_progress"]
    list_filter = ["role"]
    search_fields = ["name", "town", "country", "email"]
    prepopulated_fields = {"slug": ["name_sq"]}
    readonly_fields = ["updated_at", "editor_group"]
    # Staff typing "durres.gov.al" get https://, as Django 6 will do by default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
