"""Partners, as the site search reads them (core/searching.py)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.searching import ALWAYS, Document, Source, joined, own_text, plain_text, written_languages

from .models import Partner


class PartnerSource(Source):
    model = Partner
    kind = "partner"
    label = _("Partner")

    def items(self):
        return Partner.objects.all()

    def visible_from(self, partner):
        return ALWAYS  # Partners have no drafts.

    def documents(self, partner):
        for code in written_languages(partner, "name"):
            with translation.override(code):
                url = partner.get_absolute_url()
            yield Document(
                language=code,
                title=own_text(partner, "name", code),
                text=joined(
                    own_text(partner, "town", code),
                    own_text(partner, "country", code),
                    own_text(partner, "summary", code),
                    plain_text(own_text(partner, "description", code)),
                ),
                url=url,
            )


SOURCES = [PartnerSource()]
