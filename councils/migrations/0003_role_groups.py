from django.db import migrations

# The names of councils.roles.Role, frozen as they were when this migration was written.
ROLE_GROUPS = ("Digital Office staff", "Executives", "Council leads")


def add_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0002_the_32_councils"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_groups, remove_groups)]
