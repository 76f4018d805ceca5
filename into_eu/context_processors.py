from functools import lru_cache

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from partners.models import Partner

from .text import read_languages_only


def site(request):
    """The language links (switcher and hreflang alike), the site's origin for absolute
    links, and the footer's partners."""
    current = get_language()
    path = request.path
    languages = [
        {
            "code": code,
            "name": name,
            "url": _translate_url(path, current, code),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        origin = ""
    return {
        "languages": languages,
        "origin": origin,
        # Queried only when the footer shows them. A view that already has the partners
        # (the home page) passes its own `footer_partners`, and this query is not even
        # built: Jinja2's context processors would override a view's variable of the
        # same name, hence two names.
        "site_partners": SimpleLazyObject(footer_partners),
    }


def footer_partners():
    # Only what the footer shows: a partner row is wide in five languages.
    return list(read_languages_only(Partner.objects.lead_first().only("slug", "name", "role")))


# Resolving and reversing each of the five URLs costs more than the rest of the
# context; the answer depends only on these arguments (the URLs are fixed at start).
@lru_cache(maxsize=2048)
def _translate_url(path, current, code):
    return translate_url(path, code)
