"""What search engines and social networks read: share cards and JSON-LD.

The page templates call these through the Jinja2 environment (into_eu/jinja.py).
"""

import html
from typing import NamedTuple

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import reversing, structured_data

# Open Graph wants language_TERRITORY; each language is tagged with the country it is
# the official language of among the partners (English: the EU's own usage).
OG_LOCALES = {"sq": "sq_AL", "it": "it_IT", "es": "es_ES", "el": "el_GR", "en": "en_GB"}
SHARE_IMAGE_SIZE = (1200, 630)


class ShareImage(NamedTuple):
    url: str
    width: int | None
    height: int | None
    alt: str


def share_meta(
    request,
    title="",
    description="",
    image=None,
    image_width=None,
    image_height=None,
    image_alt="",
    kind="website",
    published=None,
    modified=None,
    page=None,
    canonical=True,
):
    """What includes/share.html shows: canonical link, Open Graph and Twitter card for the
    page; `image` is an uploaded file. Texts are plain text (the template escapes them);
    marked-up text is read as the text it shows, so that nothing is escaped twice.

    `page` keeps a paginated list's page number in its canonical address.
    """
    language = get_language()
    url = request.build_absolute_uri(request.path)
    if page and page > 1:
        url = f"{url}?page={page}"
    default_description = _(
        "IN.TO.EU (2016–2018): four European towns that worked together on the first "
        "reception and integration of migrants."
    )
    if image:
        picture = ShareImage(
            request.build_absolute_uri(image.url), image_width, image_height, _plain(image_alt)
        )
    else:
        picture = ShareImage(
            request.build_absolute_uri(
                reversing.static(structured_data.share_image_path(language))
            ),
            *SHARE_IMAGE_SIZE,
            default_image_alt(),
        )
    return {
        "title": _plain(title) or "IN.TO.EU",
        "description": _shortened(_plain(description) or default_description),
        "url": url,
        "canonical": canonical,
        "kind": kind,
        "published": structured_data.local_iso(published) if published else "",
        "modified": structured_data.local_iso(modified) if modified else "",
        "locale": OG_LOCALES[language],
        "alternate_locales": [
            OG_LOCALES[code] for code, _name in settings.LANGUAGES if code != language
        ],
        "image": picture,
    }


def default_image_alt():
    """What the default share image shows, in the page's language."""
    return "IN.TO.EU: {}. {}.".format(
        _("INclusive TOwns in action for a shared EUropean strategy of inclusion"),
        _("Co-funded by the Europe for Citizens Programme of the European Union"),
    )


DESCRIPTION_LENGTH = 300


def _plain(text):
    """Plain text from plain or marked-up text (a fallback's `<span lang>`, say)."""
    if hasattr(text, "__html__"):
        return html.unescape(strip_tags(str(text))).strip()
    return str(text).strip()


def _shortened(text):
    # Truncator reads every character; most descriptions are short enough as they are.
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return Truncator(text).chars(DESCRIPTION_LENGTH)
