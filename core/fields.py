"""Small pieces shared by the content models."""

import zoneinfo
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import validate_image_file


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


class CheckedImageFormField(forms.ImageField):
    """Apply our limits before Django's own check, so a bomb is named as such."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_file(data)
        return super().to_python(data)


class CheckedImageField(models.ImageField):
    """An image field whose form checks size, pixels and format with a clear message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image_file])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})
