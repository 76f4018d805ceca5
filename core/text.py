"""Reading translated content: which language a field's text really comes from."""

from functools import lru_cache
from typing import NamedTuple

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}


# A named tuple rather than a frozen dataclass: pages make dozens, and it is built faster.
class TranslatedText(NamedTuple):
    text: str
    lang: str
    requested: str

    @property
    def is_fallback(self):
        return bool(self.text) and self.lang != self.requested

    def __str__(self):
        return self.text


def _requested(language=None):
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]


def translated(obj, field, language=None):
    """The field's text in `language`, else in the first fallback language that has it."""
    requested = _requested(language)
    for code, name in _columns(field, requested):
        text = getattr(obj, name, "") or ""
        if text.strip():
            return TranslatedText(text=text, lang=code, requested=requested)
    return TranslatedText(text="", lang=requested, requested=requested)


# The order modeltranslation's fields follow in the admin and the ORM (its fallbacks come
# from CONTENT_FALLBACK), then the site's language, which it leaves out unless the
# fallbacks name it. Cached: pages ask this hundreds of times for the same few fields (so
# would be a per-thread `modeltranslation.utils.fallbacks(False)`, which the site never uses).
@lru_cache(maxsize=256)
def _columns(field, requested):
    order = [*resolution_order(requested), settings.LANGUAGE_CODE]
    return tuple((code, build_localized_fieldname(field, code)) for code in dict.fromkeys(order))


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in {"MODELTRANSLATION_FALLBACK_LANGUAGES", "LANGUAGE_CODE"}:
        _columns.cache_clear()


def render_markdown(text):
    """Staff write Markdown; visitors get sanitised HTML, whatever was typed."""
    return mark_safe(_clean_html(str(text)))


# The same few texts are rendered on every request; converting them is the costliest part
# of a page, and the result depends on the text alone.
@lru_cache(maxsize=512)
def _clean_html(text):
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}})
