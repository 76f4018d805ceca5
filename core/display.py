"""How content is shown on the public pages: translated texts, dates, Markdown.

These are the filters and functions of the Jinja2 environment (into_eu/jinja.py).
"""

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import text

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


# The locale Babel writes each language's dates in. English as written in Britain, like
# the Open Graph locale (core/share.py): 28 July 2016, not July 28, 2016.
DATE_LOCALES = {"sq": "sq", "it": "it", "es": "es", "el": "el", "en": "en_GB"}


def long_date(value):
    """A date as a citizen writes it in the page's language: 28 korrik 2016, 28 Ιουλίου 2016.

    A date-time is read in the site's zone first, as Django's `date` filter does.
    """
    if not value:
        return ""
    return _long_date(_local_day(value), get_language())


def month_year(value):
    """A month as written on its own in the page's language: nëntor 2017, Νοέμβριος 2017."""
    if not value:
        return ""
    return _month_year(value.replace(day=1), get_language())


@lru_cache(maxsize=256)
def _month_year(day, language):
    return format_skeleton("yMMMM", day, locale=DATE_LOCALES[language])


def time_of_day(value):
    """`10:00`: all five languages write the time of day on 24 hours (Django's formats
    for Albanian, Greek and English are 12-hour). A date-time is read in the site's zone."""
    return template_localtime(value).strftime("%H:%M") if value else ""


def iso_date(value):
    """The day as `<time datetime>` writes it, 2016-07-28 (Django's `date` filter with
    "Y-m-d" looks up formats for it, at a tenth of a page's render per date)."""
    return _local_day(value).isoformat() if value else ""


def _local_day(value):
    """The day of a date, or of a date-time in the site's zone (as Django's filters read it)."""
    value = template_localtime(value)
    return value.date() if isinstance(value, dt.datetime) else value


# Babel's format_date takes a hundredth of a millisecond, and a page shows several dates
# in one language, most of them the same few days.
@lru_cache(maxsize=1024)
def _long_date(day, language):
    return format_date(day, "long", locale=DATE_LOCALES[language])


def tr(obj, field):
    """A short translated field; marked with its language when it is a fallback."""
    value = text.translated(obj, field)
    if value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.lang, value.text)
    return value.text


def local_moment(value, zone):
    """A date-time as said at a place: `3 mars 2017, 18:00 (Europe/Rome)`."""
    if not value:
        return ""
    local = value.astimezone(zone)
    return f"{_long_date(local.date(), get_language())}, {local:%H:%M} ({zone.key})"
