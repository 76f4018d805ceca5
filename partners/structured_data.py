"""A partner municipality as schema.org describes it (see core/structured_data.py)."""

from core.structured_data import text


def town(partner):
    return {
        "@type": "PostalAddress",
        "addressLocality": text(partner, "town"),
        "addressCountry": text(partner, "country"),
    }


def organization(partner, absolute):
    return {
        "@type": "GovernmentOrganization",
        "name": text(partner, "name"),
        "url": absolute(partner.get_absolute_url()),
        "address": town(partner),
    }
