from django.db import migrations, models
from django.db.models import F


def from_start_date(apps, schema_editor):
    # Before gate reviews were recorded, a project's phase began when it started.
    Project = apps.get_model("portfolios", "Project")
    Project.objects.filter(phase_entered_on__isnull=True).update(
        phase_entered_on=F("start_date")
    )
    HistoricalProject = apps.get_model("portfolios", "HistoricalProject")
    HistoricalProject.objects.filter(phase_entered_on__isnull=True).update(
        phase_entered_on=F("start_date")
    )


class Migration(migrations.Migration):
    dependencies = [("portfolios", "0003_lifecycle")]

    operations = [
        migrations.RunPython(from_start_date, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="project",
            name="phase_entered_on",
            field=models.DateField(
                help_text="Set by gate reviews; the start date for a project's first phase.",
                verbose_name="in this phase since",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="phase_entered_on",
            field=models.DateField(
                help_text="Set by gate reviews; the start date for a project's first phase.",
                verbose_name="in this phase since",
            ),
        ),
    ]
