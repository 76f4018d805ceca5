from django.contrib.auth.management import create_permissions
from django.db import migrations

# As core/roles.py had it when this was written (a migration must not read live code):
# those who edit meetings open registrations and see the registrants, partner editors
# for their own meetings (core.access applies the partner).
OPENING = ["add_registration", "change_registration", "view_registration", "view_registrant"]
ADDED = {"Project editors": [*OPENING, "delete_registration"]}
PARTNER_GROUPS = "Partner editors: "


def grant(apps, schema_editor):
    # On a fresh database Django creates permissions only after all migrations.
    app_config = apps.get_app_config("registrations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")

    def permissions(codenames):
        return permission_model.objects.filter(
            content_type__app_label="registrations", codename__in=codenames
        )

    for name, codenames in ADDED.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.add(*permissions(codenames))
    for group in group_model.objects.filter(name__startswith=PARTNER_GROUPS):
        group.permissions.add(*permissions(OPENING))


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_initial"),
        ("alerts", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
