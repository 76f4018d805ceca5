"""schema.org descriptions (JSON-LD): the parts every app's descriptions share.

Values are in the active language; dates are written exactly as the page's
`<time datetime>` writes them, so search engines and readers see one date. Each app
describes its own items (meetings/structured_data.py, partners/…, pages/…).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import reversing
from .text import translated

SCHEMA = "https://schema.org"
# Inside <script>, these could end the element or open a comment; JSON can spell them escaped.
SCRIPT_ESCAPES = [("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")]


def script(data):
    """A `<script type="application/ld+json">` block that no value can break out of."""
    payload = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder, indent=None)
    # str.replace, not str.translate: translate is slow on non-ASCII text (Greek).
    for character, escaped in SCRIPT_ESCAPES:
        payload = payload.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def local_iso(moment):
    """An instant in the site's zone, to the second: 2016-07-25T00:00:00+02:00."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def share_image_path(language=None):
    return f"img/share/{language or get_language()}.png"


def share_image_url(absolute):
    return absolute(reversing.static(share_image_path()))


def text(obj, field):
    return translated(obj, field).text


def project(absolute, members=()):
    """The project itself; `members` (described by the partners app) on the home page."""
    data = {
        "@type": "Organization",
        "name": "IN.TO.EU",
        "alternateName": _("INclusive TOwns in action for a shared EUropean strategy of inclusion"),
        "url": absolute(reversing.reverse("home")),
    }
    if members:
        data["member"] = list(members)
    return data
