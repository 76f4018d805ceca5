"""How content is shown on the public pages: translated texts, dates, Markdown.

These are the filters and functions of the Jinja2 environment (into_eu/jinja.py).
"""

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from into_eu import text

# One sentence per language a text can fall back to, so each translation can
# name that language in its own grammar.
FALLBACK_NOTICES = {
    "sq": _("This text is not yet available in this language. It is shown in Albanian."),
    "it": _("This text is not yet available in this language. It is shown in Italian."),
    "es": _("This text is not yet available in this language. It is shown in Spanish."),
    "el": _("This text is not yet available in this language. It is shown in Greek."),
    "en": _("This text is not yet available in this language. It is shown in English."),
}


def fallback_notice(language):
    return FALLBACK_NOTICES.get(language, "")


def markdown(value):
    return text.render_markdown(value)


def utc_offset(moment):
    """`+02:00` for an aware date-time, as people write it after UTC."""
    return moment.isoformat()[-6:] if moment else ""


# Django's Albanian and Italian catalogues capitalise month names; the languages do not.
LOWERCASE_MONTHS = {"sq", "it"}


def long_date(value):
    """A date as a citizen writes it in the page's language: 28 korrik 2016, 28 Ιουλίου 2016.

    A date-time is read in the site's zone first, as Django's `date` filter does.
    """
    if not value:
        return ""
    value = template_localtime(value)
    text = date_format(value, "DATE_FORMAT")
    if get_language() in LOWERCASE_MONTHS:
        month = date_format(value, "F")
        text = text.replace(month, month.lower())
    return text


def tr(obj, field):
    """A short translated field; marked with its language when it is a fallback."""
    value = text.translated(obj, field)
    if value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.lang, value.text)
    return value.text
