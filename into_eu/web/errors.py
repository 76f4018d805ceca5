"""Error pages in the visitor's language that never show a trace and never need the database.

When the database is down, views fail with a DatabaseError that Django hands to the 500
handler; that case answers 503 with Retry-After, since it passes by itself.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def render_error(request, status, fallback, context=None, cache_control="no-store"):
    """The page for `status`, rendered without a query; `request` None skips its context."""
    try:
        content = loader.render_to_string(f"{status}.html", context, request=request)
    except Exception:
        # The error page itself failed (a broken template, say): plain text still answers.
        log.exception("Could not render the %s page", status)
        content = fallback
    response = HttpResponse(content, status=status)
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def bad_request(request, exception=None):
    # Without the request: its Host header may be the very thing that is bad.
    return render_error(None, 400, _("Bad request"))


def permission_denied(request, exception=None):
    return render_error(request, 403, _("Access denied"))


def csrf_failure(request, reason=""):
    return render_error(request, 403, _("Access denied"))


def page_not_found(request, exception=None):
    # The same for every visitor: the page cache marks it public where the URL is a page's
    # (into_eu/web/pagecache.py), and a shared cache then replaces what it kept there.
    return render_error(request, 404, _("Page not found"), cache_control=None)


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = render_error(request, 503, _("Temporarily unavailable"))
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render_error(request, 500, _("Something went wrong"))


def too_large(request):
    """The translated 413 page, in the language Django's LocaleMiddleware would choose.

    Called by the size check before LocaleMiddleware has run, and by nginx's error_page
    (through request_too_large) after it has.
    """
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        return render_error(
            request,
            413,
            _("Request too large"),
            {
                "document_limit": filesizeformat(settings.DOCUMENT_MAX_BYTES),
                "image_limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
        )


# nginx turns the refused request into a GET of this address; csrf_exempt in case another
# proxy keeps the POST (the view changes nothing).
@csrf_exempt
def request_too_large(request):
    return too_large(request)
