"""Reading translated content: which language a field's text really comes from."""

from dataclasses import dataclass
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}


@dataclass(frozen=True)
class TranslatedText:
    text: str
    lang: str
    requested: str

    @property
    def is_fallback(self):
        return bool(self.text) and self.lang != self.requested

    def __str__(self):
        return self.text


def translated(obj, field, language=None):
    """The field's text in `language`, else in the first fallback language that has it."""
    requested = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    order = [requested, *settings.CONTENT_FALLBACK_LANGUAGES, settings.LANGUAGE_CODE]
    for code in dict.fromkeys(order):
        text = getattr(obj, build_localized_fieldname(field, code), "") or ""
        if text.strip():
            return TranslatedText(text=text, lang=code, requested=requested)
    return TranslatedText(text="", lang=requested, requested=requested)


def render_markdown(text):
    """Staff write Markdown; visitors get sanitised HTML, whatever was typed."""
    return mark_safe(_clean_html(str(text)))


# The same few texts are rendered on every request; converting them is the costliest part
# of a page, and the result depends on the text alone.
@lru_cache(maxsize=512)
def _clean_html(text):
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}})
