from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from into_eu import text

register = template.Library()

# One sentence per language a text can fall back to, so each translation can
# name that language in its own grammar.
FALLBACK_NOTICES = {
    "sq": _("This text is not yet available in this language. It is shown in Albanian."),
    "it": _("This text is not yet available in this language. It is shown in Italian."),
    "es": _("This text is not yet available in this language. It is shown in Spanish."),
    "el": _("This text is not yet available in this language. It is shown in Greek."),
    "en": _("This text is not yet available in this language. It is shown in English."),
}


@register.simple_tag
def translated(obj, field):
    """`{% translated meeting "body" as body %}`: the text, and the language it is really in."""
    return text.translated(obj, field)


@register.simple_tag
def fallback_notice(language):
    return FALLBACK_NOTICES.get(language, "")


@register.filter
def markdown(value):
    return text.render_markdown(value)


@register.filter
def utc_offset(moment):
    """`+02:00` for an aware date-time, as people write it after UTC."""
    return moment.isoformat()[-6:] if moment else ""


# Django's Albanian and Italian catalogues capitalise month names; the languages do not.
LOWERCASE_MONTHS = {"sq", "it"}


@register.filter(expects_localtime=True)
def long_date(value):
    """A date as a citizen writes it in the page's language: 28 korrik 2016, 28 Ιουλίου 2016."""
    if not value:
        return ""
    text = date_format(value, "DATE_FORMAT")
    if get_language() in LOWERCASE_MONTHS:
        month = date_format(value, "F")
        text = text.replace(month, month.lower())
    return text


@register.filter
def tr(obj, field):
    """A short translated field; marked with its language when it is a fallback."""
    value = text.translated(obj, field)
    if value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.lang, value.text)
    return value.text
