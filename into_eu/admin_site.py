from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .preview import admin_queryset
from .translation_status import LANGUAGE_CODES, report, translated_models


class SiteAdmin(admin.AdminSite):
    site_header = "IN.TO.EU"
    site_title = "IN.TO.EU"
    index_title = _("Site administration")

    def get_urls(self):
        return [
            path(
                "translations/",
                self.admin_view(self.translations_view),
                name="translations",
            ),
            *super().get_urls(),
        ]

    def translations_view(self, request):
        """Every item this user may edit that lacks a translation, by language."""
        querysets = []
        for model in translated_models():
            if model in self._registry:
                try:
                    querysets.append(admin_queryset(request, model))
                except Http404:  # no permission on this model
                    continue
        by_language = {code: [] for code in LANGUAGE_CODES}
        for obj, url, missing in report(querysets):
            for code, fields in missing.items():
                by_language[code].append(
                    {"object": obj, "kind": obj._meta.verbose_name, "url": url, "fields": fields}
                )
        context = {
            **self.each_context(request),
            "title": _("Missing translations"),
            "by_language": by_language,
        }
        return TemplateResponse(request, "admin/translations.html", context)


class SiteAdminConfig(AdminConfig):
    default_site = "into_eu.admin_site.SiteAdmin"
