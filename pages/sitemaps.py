from core.sitemaps import PublishedSitemap

from .models import Page


class ProjectPageSitemap(PublishedSitemap):
    def items(self):
        return Page.objects.published().order_by("key")


def lists():
    # The home page answers even before its text is published (then it is no Page item).
    if Page.objects.published().filter(key=Page.Key.HOME).exists():
        return {}
    return {"home": lambda: None}
