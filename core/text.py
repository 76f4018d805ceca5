"""Reading translated content: which language a field's text really comes from."""

from functools import lru_cache
from typing import NamedTuple

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

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


# Pages ask this hundreds of times for the same few fields; the order depends on settings.
@lru_cache(maxsize=256)
def _columns(field, requested):
    order = [requested, *settings.CONTENT_FALLBACK_LANGUAGES, settings.LANGUAGE_CODE]
    return tuple((code, build_localized_fieldname(field, code)) for code in dict.fromkeys(order))


def read_languages_only(queryset, *relations):
    """`queryset` without the translation columns that translated() will not read in the
    active language, nor the untranslated original columns that it never reads.

    A page shows its language and the fallbacks, two or three of the five, but each row
    carries all five, and every selected column costs time in the ORM. `relations` are
    select_related() paths to trim as well. Evaluate it in the language it was made in.
    """
    requested = _requested()
    names = _unread(queryset.model, "", requested)
    for path in relations:
        model = queryset.model
        for part in path.split("__"):
            model = model._meta.get_field(part).related_model
        names += _unread(model, f"{path}__", requested)
    # Django's own defer(): modeltranslation's would take an original name for all five.
    return QuerySet.defer(queryset, *names)


@lru_cache(maxsize=256)
def _unread(model, prefix, requested):
    options = translator.get_options_for_model(model)
    names = []
    for field, translations in options.all_fields.items():
        read = {name for _code, name in _columns(field, requested)}
        names.append(prefix + field)
        names += sorted(prefix + f.name for f in translations if f.name not in read)
    return tuple(names)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in {"CONTENT_FALLBACK_LANGUAGES", "LANGUAGE_CODE"}:
        _columns.cache_clear()
        _unread.cache_clear()


def render_markdown(text):
    """Staff write Markdown; visitors get sanitised HTML, whatever was typed."""
    return mark_safe(_clean_html(str(text)))


# The same few texts are rendered on every request; converting them is the costliest part
# of a page, and the result depends on the text alone.
@lru_cache(maxsize=512)
def _clean_html(text):
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}})
