"""The five aims of the Digital Office's 2019-21 vision, as data."""

from django.db import migrations

OBJECTIVES = (
    ("Scoping", "the representative needs of Scottish local government"),
    ("Shaping", "excellence in data, design, technology and innovation"),
    (
        "Shifting",
        "to user-centred services for better outcomes for citizens, communities "
        "and councils",
    ),
    (
        "Building capabilities",
        "by collaborating and sharing practice, tools and guidance",
    ),
    ("Scaling", "suitable solutions to speed up and cut the cost of transformation"),
)


def add_objectives(apps, schema_editor):
    VisionObjective = apps.get_model("portfolios", "VisionObjective")
    for position, (name, aim) in enumerate(OBJECTIVES, start=1):
        VisionObjective.objects.update_or_create(
            position=position,
            defaults={
                "name": name,
                "slug": name.lower().replace(" ", "-"),
                "aim": aim,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portfolios", "0001_initial")]

    operations = [migrations.RunPython(add_objectives, migrations.RunPython.noop)]
