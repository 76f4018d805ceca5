"""How content is shown on the public pages: translated texts, dates, Markdown.

These are the filters and functions of the Jinja2 environment (into_eu/jinja.py).
"""

import datetime as dt
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import date_format
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


# Django's Albanian and Italian catalogues capitalise month names; the languages do not.
LOWERCASE_MONTHS = {"sq", "it"}


def long_date(value):
    """A date as a citizen writes it in the page's language: 28 korrik 2016, 28 Ιουλίου 2016.

    A date-time is read in the site's zone first, as Django's `date` filter does.
    """
    if not value:
        return ""
    # The formats (into_eu/formats/) show only the day.
    return _long_date(_local_day(value), get_language())


def iso_date(value):
    """The day as `<time datetime>` writes it, 2016-07-28 (Django's `date` filter with
    "Y-m-d" looks up formats for it, at a tenth of a page's render per date)."""
    return _local_day(value).isoformat() if value else ""


def _local_day(value):
    """The day of a date, or of a date-time in the site's zone (as Django's filters read it)."""
    value = template_localtime(value)
    return value.date() if isinstance(value, dt.datetime) else value


# Django's date_format looks up the format and builds a formatter on every call; a page
# shows a handful of dates, in one language.
@lru_cache(maxsize=1024)
def _long_date(day, language):
    text = date_format(day, "DATE_FORMAT")
    if language in LOWERCASE_MONTHS:
        month = date_format(day, "F")
        text = text.replace(month, month.lower())
    return text


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if "FORMAT" in setting or setting.startswith(("LANGUAGE", "USE_")):
        _long_date.cache_clear()


def tr(obj, field):
    """A short translated field; marked with its language when it is a fallback."""
    value = text.translated(obj, field)
    if value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.lang, value.text)
    return value.text
