"""The project as a schema.org Organization, with its partners, for the home page."""

from django.utils.translation import gettext as _

from core.structured_data import SCHEMA, project, script
from partners import structured_data as partner_data


def organization(absolute, partners):
    members = [partner_data.organization(partner, absolute) for partner in partners]
    return {
        "@context": SCHEMA,
        **project(absolute, members),
        "description": _(
            "IN.TO.EU (2016–2018): four European towns that worked together on the first "
            "reception and integration of migrants."
        ),
    }


def organization_json_ld(request, partners):
    return script(organization(request.build_absolute_uri, partners))
