"""The project pages, as the site search reads them (core/searching.py)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.searching import Document, Source, joined, own_text, plain_text, written_languages

from .models import Page


class PageSource(Source):
    model = Page
    kind = "page"
    label = _("Project page")

    def items(self):
        return Page.objects.published_or_scheduled()

    def documents(self, page):
        for code in written_languages(page, "title"):
            with translation.override(code):
                url = page.get_absolute_url()
            yield Document(
                language=code,
                title=own_text(page, "title", code),
                text=joined(
                    plain_text(own_text(page, "intro", code)),
                    plain_text(own_text(page, "body", code)),
                ),
                url=url,
            )


SOURCES = [PageSource()]
