"""Small pieces shared by the content models."""

import zoneinfo
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_timezone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Rome."),
            code="invalid_timezone",
            params={"value": value},
        ) from None


def osm_url(latitude, longitude, query=""):
    """A link to OpenStreetMap: the point when it is known, else a search for the address."""
    if latitude is not None and longitude is not None:
        return (
            f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}"
            f"#map=16/{latitude}/{longitude}"
        )
    if query:
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})
    return ""
