"""The seven Heartbeat phases, their expected products and exit criteria.

The phase names and gates are not public: these are the Digital Office's working
defaults, editable by staff in the admin.
"""

from django.db import migrations

# number, name, purpose, products, criteria as (text, mandatory)
PHASES = (
    (
        1,
        "Scope",
        "Capture a need raised by councils and decide whether it belongs in the "
        "programme.",
        ("Problem statement", "Sponsor", "First benefits hypothesis"),
        (
            ("Sponsor named", True),
            ("Problem statement agreed", True),
            ("Linked to a portfolio and a vision objective", False),
        ),
    ),
    (
        2,
        "Recruit",
        "Publish the Heartbeat Marketing Pack and form a cohort of councils.",
        ("Marketing Pack", "Resource ask"),
        (
            ("Marketing Pack published", True),
            ("At least the minimum cohort of councils joined", True),
            ("Resource needs at least half covered", False),
        ),
    ),
    (
        3,
        "Discover",
        "Understand users, current practice and the options.",
        ("User research findings", "Options appraisal"),
        (
            ("Findings shared with the cohort", True),
            ("Preferred option agreed", True),
        ),
    ),
    (
        4,
        "Design",
        "Shape the solution or the new way of working.",
        (
            "Service blueprint or design",
            "Benefits profile with baselines and targets",
            "Delivery plan",
        ),
        (
            ("Benefits baselined", True),
            ("Delivery plan agreed by the cohort", True),
        ),
    ),
    (
        5,
        "Deliver",
        "Build, buy or pilot with the cohort.",
        ("Working product or pilot", "Adoption guide"),
        (
            ("Pilot live in at least one council", True),
            ("Accepted by the cohort", False),
        ),
    ),
    (
        6,
        "Scale",
        "Adoption across councils, with benefits tracked.",
        ("Playbook", "Adoption by further councils", "Benefits actuals"),
        (
            ("Adoption measured", True),
            ("Benefits actuals recorded", True),
        ),
    ),
    (
        7,
        "Close",
        "Hand over and learn.",
        ("Lessons learned", "Closure report"),
        (
            ("Closure report", True),
            ("Benefits handed to an owner", True),
        ),
    ),
)


def add_phases(apps, schema_editor):
    Phase = apps.get_model("heartbeat", "Phase")
    PhaseProduct = apps.get_model("heartbeat", "PhaseProduct")
    ExitCriterion = apps.get_model("heartbeat", "ExitCriterion")
    for number, name, purpose, products, criteria in PHASES:
        phase, _ = Phase.objects.update_or_create(
            number=number,
            defaults={"name": name, "slug": name.lower(), "purpose": purpose},
        )
        for position, product in enumerate(products, start=1):
            PhaseProduct.objects.get_or_create(
                phase=phase, name=product, defaults={"position": position}
            )
        for position, (text, mandatory) in enumerate(criteria, start=1):
            ExitCriterion.objects.get_or_create(
                phase=phase,
                text=text,
                defaults={"position": position, "mandatory": mandatory},
            )


class Migration(migrations.Migration):
    dependencies = [("heartbeat", "0001_initial")]

    operations = [migrations.RunPython(add_phases, migrations.RunPython.noop)]
