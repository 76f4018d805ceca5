from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import glossary
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
            path("glossary/", self.admin_view(self.glossary_view), name="glossary"),
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            # Django's own "view on site" redirects any staff member to any object's page.
            *(url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """The public page (or preview) of an item this user may view in the admin."""
        # Imported here: this module is read before the apps' models are ready.
        from django.contrib.contenttypes.models import ContentType

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        url = None
        if callable(model_admin.view_on_site):
            url = model_admin.view_on_site(obj)
        elif model_admin.view_on_site and hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
        if not url:
            raise Http404
        return HttpResponseRedirect(url)

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

    def glossary_view(self, request):
        """The words each language uses for the project's notions (content/glossary.toml),
        the staff member's language first."""
        current = translation.get_language()
        codes = sorted(LANGUAGE_CODES, key=lambda code: code != current)
        notions = glossary.load().items()
        sections = [
            {
                "code": code,
                "rows": [
                    {"english": languages["en"].term if "en" in languages else "", **term._asdict()}
                    for _notion, languages in notions
                    if (term := languages.get(code))
                ],
            }
            for code in codes
        ]
        context = {**self.each_context(request), "title": _("Glossary"), "sections": sections}
        return TemplateResponse(request, "admin/glossary.html", context)


class SiteAdminConfig(AdminConfig):
    default_site = "core.admin_site.SiteAdmin"
