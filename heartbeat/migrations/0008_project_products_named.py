import django.db.models.deletion
from django.db import migrations, models


def copy_from_the_model(apps, schema_editor):
    """Each project's product takes its phase, name and place from the model's."""
    ProjectProduct = apps.get_model("heartbeat", "ProjectProduct")
    rows = list(ProjectProduct.objects.select_related("product"))
    for row in rows:
        row.phase_id = row.product.phase_id
        row.name = row.product.name
        row.position = row.product.position
    ProjectProduct.objects.bulk_update(rows, ["phase", "name", "position"], 1000)


class Migration(migrations.Migration):
    dependencies = [
        ("heartbeat", "0007_project_products_tailored"),
    ]

    operations = [
        migrations.RunPython(copy_from_the_model, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="projectproduct",
            name="phase",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="heartbeat.phase",
            ),
        ),
        migrations.AlterField(
            model_name="projectproduct",
            name="name",
            field=models.CharField(max_length=150),
        ),
        migrations.AlterField(
            model_name="historicalprojectproduct",
            name="name",
            field=models.CharField(max_length=150),
        ),
        migrations.AddConstraint(
            model_name="projectproduct",
            constraint=models.UniqueConstraint(
                fields=("project", "phase", "name"),
                name="one_product_name_per_project_phase",
            ),
        ),
    ]
