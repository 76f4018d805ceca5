from django.contrib import admin
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["name", "town", "country", "role", "order", "updated_at"]
    list_filter = ["role"]
    search_fields = ["name", "town", "country", "email"]
    prepopulated_fields = {"slug": ["name_sq"]}
    readonly_fields = ["updated_at"]
