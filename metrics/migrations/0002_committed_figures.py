"""What councils have confirmed is now named what they have committed (confirmed or
fulfilled on the day, as before): the stored figures keep their history."""

from django.db import migrations

RENAMED = {
    "confirmed_days": "committed_days",
    "confirmed_money": "committed_money",
    "portfolio_confirmed_days": "portfolio_committed_days",
}


def rename(apps, schema_editor, names=RENAMED):
    Snapshot = apps.get_model("metrics", "Snapshot")
    for old, new in names.items():
        Snapshot.objects.filter(metric=old).update(metric=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(rename, rename_back)]
