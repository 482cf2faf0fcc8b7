from django.db import migrations

DISCOVER = 3  # "an influencing or sharing project may close after Discover"


def forwards(apps, schema_editor):
    Phase = apps.get_model("heartbeat", "Phase")
    Project = apps.get_model("portfolios", "Project")
    ProjectProduct = apps.get_model("heartbeat", "ProjectProduct")
    PhaseProduct = apps.get_model("heartbeat", "PhaseProduct")
    Pulse = apps.get_model("heartbeat", "Pulse")
    Phase.objects.filter(number__gte=DISCOVER).update(closes_influence_projects=True)
    # Existing projects get their current phase's products, and their status as a
    # first pulse, so every project starts with a lifecycle record.
    products_by_phase = {}
    for product in PhaseProduct.objects.all():
        products_by_phase.setdefault(product.phase_id, []).append(product)
    for project in Project.objects.all():
        for product in products_by_phase.get(project.phase_id, []):
            ProjectProduct.objects.get_or_create(project=project, product=product)
        if not Pulse.objects.filter(project=project).exists():
            Pulse.objects.create(
                project=project,
                reported_on=project.status_date,
                rag_status=project.rag_status,
                commentary=project.status_commentary
                or "Status recorded before pulses.",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("heartbeat", "0003_lifecycle"),
        ("portfolios", "0004_phase_entered_on_required"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
