from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from partners.models import Partner


def site(request):
    """The language links (switcher and hreflang alike) and the footer's partners."""
    current = get_language()
    path = request.path
    languages = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "languages": languages,
        "footer_partners": Partner.objects.lead_first(),
    }
