from django.db.models import Max

from core.sitemaps import I18nSitemap

from .models import Partner


class PartnerSitemap(I18nSitemap):
    def items(self):
        return Partner.objects.lead_first()

    def lastmod(self, item):
        return item.updated_at


def lists():
    return {"partners:list": lambda: Partner.objects.aggregate(latest=Max("updated_at"))["latest"]}
