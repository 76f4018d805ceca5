"""The site's partners, read once per request and shared by the whole page.

The footer lists every partner, and every meeting names its host and every announcement
its author. The partners are few: one query for all of them, whose rows are then given
to the meetings and announcements of the page, costs less than joining the partner
table into each of those queries (Django spends more time building a join's SQL than
the database spends on it).
"""

from .models import Partner


def for_request(request):
    """All partners, lead first, with what cards, the footer and hosts show."""
    try:
        return request.site_partners
    except AttributeError:
        request.site_partners = list(Partner.objects.lead_first().for_cards())
        return request.site_partners


def attach(items, field, partners):
    """`items` as a list, each with its `field` (a foreign key to Partner) filled from
    `partners`, as select_related() would fill it."""
    items = list(items)
    if not items:
        return items
    relation = items[0]._meta.get_field(field)
    by_id = {partner.pk: partner for partner in partners}
    for item in items:
        partner = by_id.get(getattr(item, relation.attname))
        # A partner missing from the list is read by Django on first use, as without this.
        if partner is not None:
            relation.set_cached_value(item, partner)
    return items
