from functools import lru_cache

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from partners.models import Partner

from .text import read_languages_only


def site(request):
    """The language links (switcher and hreflang alike) and the footer's partners."""
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
    return {
        "languages": languages,
        # Only what the footer shows: a partner row is wide in five languages.
        "footer_partners": read_languages_only(
            Partner.objects.lead_first().only("slug", "name", "role")
        ),
    }


# Resolving and reversing each of the five URLs costs more than the rest of the
# context; the answer depends only on these arguments (the URLs are fixed at start).
@lru_cache(maxsize=2048)
def _translate_url(path, current, code):
    return translate_url(path, code)
