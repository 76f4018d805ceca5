"""Partners, as the site search reads them (core/searching.py)."""

from django.utils.translation import gettext_lazy as _

from core.searching import ALWAYS, Source

from .models import Partner


class PartnerSource(Source):
    model = Partner
    kind = "partner"
    label = _("Partner")
    title_field = "name"
    fields = ("town", "country", "summary")
    markdown_fields = ("description",)

    def items(self):
        return Partner.objects.all()  # Partners have no drafts.

    def visible_from(self, partner):
        return ALWAYS


SOURCES = [PartnerSource()]
