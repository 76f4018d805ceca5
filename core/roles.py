"""Who may do what in the admin.

Three kinds of groups: *Project editors* edit everything; *Translators* change
the text of any item in any language but cannot publish, add or delete; one
*Partner editors* group per partner edits that partner's meetings,
announcements and media only. How a group's permissions and its partner
combine into rights on each item is `core.access`; this module only names
the groups and their model permissions.
"""

PROJECT_EDITORS = "Project editors"
TRANSLATORS = "Translators"
PARTNER_EDITORS_PREFIX = "Partner editors: "

# Custom permissions, declared on Page's Meta (every permission needs a model).
PUBLISH = "into_eu.publish_content"
ALL_PARTNERS = "into_eu.edit_all_partners"

CONTENT = {
    "partners": ["partner"],
    "meetings": ["meeting", "announcement", "photo", "document"],
    "into_eu": ["page"],
    "press": ["coverage"],
}
PARTNER_CONTENT = {"meetings": ["meeting", "announcement", "photo", "document"]}


def codenames(models_by_app, actions):
    return [
        (app, f"{action}_{model}")
        for app, models in models_by_app.items()
        for model in models
        for action in actions
    ]


# Project editors see the alerts' subscribers, and export and erase an address's data;
# everyone else sees counts only (alerts/admin.py).
SUBSCRIBERS = codenames({"alerts": ["subscriber"]}, ["view", "delete"])
# Registration for a meeting: opened by those who edit the meeting, the registrants seen
# (and exported, and written to) by them only, partner editors for their own meetings.
REGISTRATIONS = codenames({"registrations": ["registration"]}, ["add", "change", "view"]) + [
    ("registrations", "view_registrant")
]
# Accessibility feedback concerns the whole site: project editors read and answer it.
FEEDBACK = codenames({"feedback": ["feedback"]}, ["view", "change", "delete"])

ROLE_PERMISSIONS = {
    PROJECT_EDITORS: codenames(CONTENT, ["add", "change", "delete", "view"])
    + [("into_eu", "publish_content"), ("into_eu", "edit_all_partners")]
    + SUBSCRIBERS
    + REGISTRATIONS
    + [("registrations", "delete_registration")]
    + FEEDBACK,
    TRANSLATORS: codenames(CONTENT, ["change", "view"]) + [("into_eu", "edit_all_partners")],
}
PARTNER_EDITOR_PERMISSIONS = (
    codenames(PARTNER_CONTENT, ["add", "change", "view"])
    + [("partners", "view_partner"), ("into_eu", "publish_content")]
    + REGISTRATIONS
)


def grant(group, permissions, permission_model):
    found = permission_model.objects.filter(
        content_type__app_label__in={app for app, _c in permissions},
        codename__in={codename for _a, codename in permissions},
    ).select_related("content_type")
    wanted = {(p.content_type.app_label, p.codename): p for p in found}
    missing = set(permissions) - set(wanted)
    if missing:
        raise LookupError(f"permissions not found: {sorted(missing)}")
    group.permissions.set(wanted.values())


def sync_roles(group_model, permission_model, partners):
    """Create or update every group; safe to run again."""
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        grant(group, permissions, permission_model)
    for partner in partners:
        sync_partner_group(partner, group_model, permission_model)


def sync_partner_group(partner, group_model, permission_model):
    group, _created = group_model.objects.get_or_create(
        name=f"{PARTNER_EDITORS_PREFIX}{partner.slug}"
    )
    grant(group, PARTNER_EDITOR_PERMISSIONS, permission_model)
    if partner.editor_group_id != group.pk:
        partner.editor_group = group
        partner.save(update_fields=["editor_group"])
    return group
