from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from partners import directory


# Templates read attributes; Jinja2 tries an attribute before a key, so a dict would make
# each `language.url` fail once first.
class LanguageLink(NamedTuple):
    code: str
    name: str
    url: str
    is_current: bool


def site(request):
    """The language links (switcher and hreflang alike), the site's origin for absolute
    links, and the partners for the footer."""
    current = get_language()
    path = request.path
    languages = [
        LanguageLink(code, name, _translate_url(path, current, code), code == current)
        for code, name in settings.LANGUAGES
    ]
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        origin = ""
    return {
        "languages": languages,
        "origin": origin,
        # For the footer, from the query the page's view may already have made; read
        # only when shown (error pages have no footer list: they never query).
        "site_partners": SimpleLazyObject(lambda: directory.for_request(request)),
    }


# Resolving and reversing each of the five URLs costs more than the rest of the
# context; the answer depends only on these arguments (the URLs are fixed at start).
@lru_cache(maxsize=2048)
def _translate_url(path, current, code):
    return translate_url(path, code)
