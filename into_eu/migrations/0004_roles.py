from django.contrib.auth.management import create_permissions
from django.db import migrations

from into_eu.roles import sync_roles


def create_groups(apps, schema_editor):
    # On a fresh database Django creates permissions only after all migrations;
    # the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        apps.get_model("partners", "Partner").objects.all(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("into_eu", "0003_permissions"),
        ("partners", "0002_partner_editor_group"),
        ("meetings", "0003_document_photo"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
