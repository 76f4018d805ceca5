"""Choosing a language with the switcher: the only place the language cookie is set.

`/` then opens in that language (LocaleMiddleware reads the cookie). Page views never set
it, so that public pages carry no cookie and shared caches may keep them.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language


# Without a CSRF token: its cookie would be on every public page. A forged post can only
# change which language `/` opens in, as any link to /<language>/ could once.
@csrf_exempt
def choose_language(request):
    """Django's set_language (a GET only redirects to `next`), with a clear 400 for a
    language the site does not have."""
    if request.method == "POST" and request.POST.get("language") not in dict(settings.LANGUAGES):
        raise BadRequest("Unknown language")
    # Django finds the same page in the new language only while `next`'s own language is
    # active: this request's (under /language/) is the visitor's browser's.
    current = translation.get_language_from_path(request.POST.get("next", ""))
    with translation.override(current or translation.get_language()):
        return set_language(request)
