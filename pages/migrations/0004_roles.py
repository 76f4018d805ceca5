from django.contrib.auth.management import create_permissions
from django.db import migrations

# The groups as they were when this migration was written: a migration must not read
# live code, which later changes would make it run differently (core/roles.py now).
CONTENT = {
    "partners": ["partner"],
    "meetings": ["meeting", "announcement", "photo", "document"],
    "into_eu": ["page"],
}
PARTNER_CONTENT = {"meetings": ["meeting", "announcement", "photo", "document"]}


def codenames(models_by_app, actions):
    return [
        (app, f"{action}_{model}")
        for app, models in models_by_app.items()
        for model in models
        for action in actions
    ]


ROLE_PERMISSIONS = {
    "Project editors": codenames(CONTENT, ["add", "change", "delete", "view"])
    + [("into_eu", "publish_content"), ("into_eu", "edit_all_partners")],
    "Translators": codenames(CONTENT, ["change", "view"]) + [("into_eu", "edit_all_partners")],
}
PARTNER_EDITOR_PERMISSIONS = codenames(PARTNER_CONTENT, ["add", "change", "view"]) + [
    ("partners", "view_partner"),
    ("into_eu", "publish_content"),
]


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


def create_groups(apps, schema_editor):
    # On a fresh database Django creates permissions only after all migrations;
    # the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        grant(group, permissions, permission_model)
    for partner in apps.get_model("partners", "Partner").objects.all():
        group, _created = group_model.objects.get_or_create(name=f"Partner editors: {partner.slug}")
        grant(group, PARTNER_EDITOR_PERMISSIONS, permission_model)
        partner.editor_group = group
        partner.save(update_fields=["editor_group"])


class Migration(migrations.Migration):
    dependencies = [
        ("into_eu", "0003_permissions"),
        ("partners", "0002_partner_editor_group"),
        ("meetings", "0003_document_photo"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
