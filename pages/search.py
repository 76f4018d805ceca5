"""The project pages, as the site search reads them (core/searching.py)."""

from django.utils.translation import gettext_lazy as _

from core.searching import Source

from .models import Page


class PageSource(Source):
    model = Page
    kind = "page"
    label = _("Project page")
    markdown_fields = ("intro", "body")


SOURCES = [PageSource()]
