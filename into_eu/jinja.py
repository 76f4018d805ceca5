"""The Jinja2 environment of the public pages (templates/); the admin keeps Django's engine.

Jinja2 compiles a template to Python functions, so a page renders several times faster
than with Django's template language, whose node-by-node rendering was most of the cost
of a page rendered without the page cache (README, "Performance").

The filters named like Django's behave like Django's (a date-time is shown in the site's
zone, `striptags` keeps safe text safe), so the pages read as they did; `time` takes no
format, every language writes 10:00. Strings are marked as `{{ _("…") }}`, a form that
`makemessages` finds in templates.
"""

import html

from django.template import defaultfilters
from django.utils.html import strip_tags
from django.utils.translation import get_language, get_language_info, gettext
from jinja2 import ChainableUndefined, Environment, StrictUndefined, pass_context
from markupsafe import Markup

from core import display, reversing, share, text
from meetings import structured_data as meeting_data
from pages import structured_data as page_data
from partners import map as partnership_map


def url(viewname, *args, **kwargs):
    return reversing.reverse(viewname, args, kwargs)


def striptags(value):
    stripped = strip_tags(value)
    return Markup(stripped) if hasattr(value, "__html__") else stripped


def as_text(value):
    """Markup as plain text, for the text part of a mail: no tags, no entities."""
    return html.unescape(strip_tags(str(value)))


def linebreaks(value):
    return defaultfilters.linebreaks_filter(value, autoescape=True)


@pass_context
def share_meta(context, **options):
    data = share.share_meta(context["request"], **options)
    return Markup(context.environment.get_template("includes/share.html").render(data))


def _with_request(function):
    @pass_context
    def call(context, *args):
        return Markup(function(context["request"], *args))

    return call


def environment(*, strict_undefined=False, **options):
    # Django's engine shows a missing variable, or an attribute of one, as nothing; so do
    # these templates (the 400 page is rendered without a request, for instance). The
    # tests turn on the TEMPLATES option `strict_undefined` (tests/conftest.py), so that
    # a misspelt name fails there instead of leaving a blank on a page.
    options["undefined"] = StrictUndefined if strict_undefined else ChainableUndefined
    env = Environment(**options)
    env.globals.update(
        _=gettext,
        url=url,
        static=reversing.static,
        get_language=get_language,
        language_info=get_language_info,
        translated=text.translated,
        fallback_notice=display.fallback_notice,
        share_meta=share_meta,
        event_json_ld=_with_request(meeting_data.event_json_ld),
        article_json_ld=_with_request(meeting_data.article_json_ld),
        organization_json_ld=_with_request(page_data.organization_json_ld),
        partners_map=partnership_map.partners_map,
        town_map=partnership_map.town_map,
        venue_map=partnership_map.venue_map,
    )
    env.filters.update(
        tr=display.tr,
        long_date=display.long_date,
        local_moment=display.local_moment,
        month_year=display.month_year,
        markdown=display.markdown,
        utc_offset=display.utc_offset,
        iso_date=display.iso_date,
        time=display.time_of_day,
        striptags=striptags,
        as_text=as_text,
        linebreaks=linebreaks,
        filesizeformat=defaultfilters.filesizeformat,
        floatformat=defaultfilters.floatformat,
    )
    return env
