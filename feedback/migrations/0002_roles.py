from django.contrib.auth.management import create_permissions
from django.db import migrations

# As core/roles.py had it when this was written (a migration must not read live code):
# project editors read, answer and delete accessibility feedback.
ADDED = {"Project editors": ["view_feedback", "change_feedback", "delete_feedback"]}


def grant(apps, schema_editor):
    # On a fresh database Django creates permissions only after all migrations.
    app_config = apps.get_app_config("feedback")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in ADDED.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.add(
            *permission_model.objects.filter(
                content_type__app_label="feedback", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("alerts", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
