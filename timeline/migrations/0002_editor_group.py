"""The "editor" group: staff who correct contacts, reports, leaders, topics and articles but
cannot manage users or groups. Data only; safe to run on a database that already has it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "editor"

# model -> actions an editor may take. Contacts are rejected, not deleted; a candidate leader
# is deleted when merged into the leader it really is; inlines delete participations and terms.
EDITOR_PERMISSIONS = {
    "contact": ("view", "add", "change"),
    "report": ("view", "change"),
    "participation": ("view", "add", "change", "delete"),
    "leader": ("view", "add", "change", "delete"),
    "term": ("view", "add", "change", "delete"),
    "topic": ("view", "add", "change"),
    "article": ("view", "add", "change"),
    "country": ("view",),
    "historicalcontact": ("view",),
    "historicalleader": ("view",),
    "historicaltopic": ("view",),
}


def create_editor_group(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    codenames = [
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="timeline", codename__in=codenames
    )
    group.permissions.add(*permissions)


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
