"""The site's partners, read once per request: the footer lists them all, and so do the
home page and the partners' list."""

from .models import Partner


def for_request(request):
    """All partners, lead first."""
    try:
        return request.site_partners
    except AttributeError:
        request.site_partners = list(Partner.objects.lead_first())
        return request.site_partners
