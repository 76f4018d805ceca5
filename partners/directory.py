"""The site's partners, read once per request and shared by the whole page.

The footer lists every partner, and every meeting names its host and every announcement
its author. One query for all partners, whose objects are then given to the page's
meetings and announcements, costs less than joining the partner table into each of those
queries: Django spends more time building a join's SQL than the database answering it
(`make bench`, one run: uncached pages were 12 % slower with the joins).
A view that forgot `attach` would read each host by itself, and a template that shows
a partner's field left out of `for_cards()` would read it by itself:
tests/into_eu/test_queries.py catches both.
"""

from .models import Partner


def for_request(request):
    """All partners, lead first."""
    try:
        return request.site_partners
    except AttributeError:
        request.site_partners = list(Partner.objects.lead_first().for_cards())
        return request.site_partners


def attach(items, field, request):
    """`items` as a list, each with its `field` (a foreign key to Partner) filled from the
    request's partners, as select_related() would fill it."""
    items = list(items)
    if not items:
        return items
    relation = items[0]._meta.get_field(field)
    by_id = {partner.pk: partner for partner in for_request(request)}
    for item in items:
        partner = by_id.get(getattr(item, relation.attname))
        # A partner missing from the list is read by Django on first use, as without this.
        if partner is not None:
            relation.set_cached_value(item, partner)
    return items
