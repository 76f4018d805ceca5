from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.searching import parse_query

from . import query as searching

MAX_LENGTH = 200
PAGE_SIZE = 20
# A bound on what `page` may ask, so that no number overflows the database's integers.
LAST_PAGE = 10_000


def search(request):
    text = request.GET.get("q", "")
    context = {"q": text[:MAX_LENGTH], "page": None, "suggestions": [], "message": ""}
    status = 200
    if len(text) > MAX_LENGTH:
        status = 400
        context["message"] = _(
            "Your search is too long: please use at most %(count)s characters."
        ) % {"count": MAX_LENGTH}
    elif text.strip():
        query = parse_query(text)
        if query:
            with searching.reading():
                context.update(found(request, query, text))
        else:
            status = 400
            context["message"] = _("Please type a word to search for: letters or digits.")
    response = render(request, "search/search.html", context, status=status)
    # One question's answer is never given for another: no cache on the way keeps it (the
    # page cache keys pages by their path alone, and never stores a private answer).
    patch_cache_control(response, private=True, max_age=0)
    return response


def found(request, query, text):
    language = get_language()
    page, rows = searching.page_of(query, language, page_number(request), PAGE_SIZE)
    page.results = searching.results(rows, query, language)
    count = page.paginator.count
    if count:
        outcome = ngettext(
            "%(count)s result for “%(query)s”", "%(count)s results for “%(query)s”", count
        ) % {"count": count, "query": text}
        return {"page": page, "outcome": outcome}
    return {
        "page": page,
        "outcome": _("Nothing was found for “%(query)s”.") % {"query": text},
        "suggestions": searching.suggestions(query, language),
    }


def page_number(request):
    """The page asked for; the first when `page` is not a number."""
    try:
        return min(max(1, int(request.GET.get("page", 1))), LAST_PAGE)
    except ValueError:
        return 1


def opensearch(request):
    description = _(
        "Search the IN.TO.EU website: meetings, announcements, partners and project pages."
    )
    return render(
        request,
        "search/opensearch.xml",
        {"description": description},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
