from django.contrib import admin
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from .models import Page

admin.site.site_header = "IN.TO.EU"
admin.site.site_title = "IN.TO.EU"


@admin.register(Page)
class PageAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["title", "key", "updated_at"]
    search_fields = ["title", "intro", "body"]
    readonly_fields = ["updated_at"]
