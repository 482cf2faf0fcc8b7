"""Roles become data: a list staff keep, named by every need and people commitment.

A need is now for people in a role, or for money (a need asking both is split in
two); a commitment carries its kind's terms only (in-kind support moves from `role`
to `support`). Commitments' days are brought into order so the new constraints hold:
a commitment marked fulfilled before its period began goes back to confirmed.
"""

import django.db.models.deletion
import django.db.models.functions.text
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

# The roles list as first kept: the roles the programme's projects ask councils for.
ROLES = (
    ("Business analyst", "Maps processes and requirements with the services."),
    ("Change manager", "Helps teams adopt new ways of working."),
    ("Communications officer", "Tells staff and residents what is changing."),
    ("Content designer", "Writes and structures what users read."),
    ("Data analyst", "Prepares, analyses and shares the data."),
    ("Delivery manager", "Keeps the team's work flowing and risks in view."),
    ("Developer", "Builds and maintains the software."),
    ("Information security officer", "Assures the security of systems and data."),
    ("Procurement officer", "Runs the buying, within the frameworks."),
    ("Project manager", "Plans the project and reports on it."),
    ("Records manager", "Looks after records and their retention."),
    ("Service designer", "Designs the service end to end with its users."),
    ("Subject matter expert", "Knows the service from the inside."),
    ("Technical architect", "Designs how systems fit together."),
    ("Telecare service manager", "Runs a telecare service day to day."),
    ("Trainer", "Trains the staff who will use what is made."),
    ("User researcher", "Finds out what users need, with them."),
)
FUNDING = "funding"
UNNAMED = "Role not recorded"


def _name(text):
    return " ".join((text or "").split())


def roles_as_data(apps, schema_editor):
    Role = apps.get_model("portfolios", "ResourceRole")
    Need = apps.get_model("portfolios", "ResourceNeed")
    Commitment = apps.get_model("portfolios", "Commitment")
    History = apps.get_model("portfolios", "HistoricalCommitment")
    roles = {}

    def role_for(text, description=""):
        name = _name(text)[:100] or UNNAMED
        if name.casefold() == FUNDING:
            name = UNNAMED
        key = name.casefold()
        if key not in roles:
            roles[key] = Role.objects.create(
                name=name[:1].upper() + name[1:], description=description
            )
        return roles[key]

    for name, description in ROLES:
        role_for(name, description)

    for need in Need.objects.all():
        people = need.person_days > 0 and _name(need.role).casefold() != FUNDING
        if people and need.amount > 0:  # both asked: the money becomes its own need
            Need.objects.create(
                project_id=need.project_id,
                role_ref=None,
                person_days=0,
                amount=need.amount,
                starts_on=need.starts_on,
                ends_on=need.ends_on,
                notes=need.notes,
            )
            need.amount = 0
        if people:
            need.role_ref = role_for(need.role)
        else:
            need.role_ref = None
            need.person_days = 0
        need.save()

    today = timezone.localdate()
    for commitment in Commitment.objects.all():
        _terms(commitment, role_for)
        _days_in_order(commitment, today)
        commitment.save()
    for record in History.objects.all():
        _terms(record, role_for)
        record.save()


def _terms(row, role_for):
    if row.kind == "people":
        row.role_ref = role_for(row.role)
        row.amount = None
        row.support = ""
        row.person_days = row.person_days or 1
    elif row.kind == "money":
        row.role_ref = None
        row.person_days = None
        row.support = ""
    else:
        row.role_ref = None
        row.person_days = None
        row.amount = None
        row.support = _name(row.role)[:100] or "Support in kind"


def _days_in_order(c, today):
    proposed = c.proposed_on
    if c.status == "proposed":
        c.confirmed_on = c.ended_on = None
    elif c.status == "confirmed":
        c.confirmed_on = max(c.confirmed_on or proposed, proposed)
        c.ended_on = None
    elif c.status == "declined":
        c.confirmed_on = None
        c.ended_on = max(c.ended_on or proposed, proposed)
    elif c.status == "withdrawn":
        if c.confirmed_on:
            c.confirmed_on = max(c.confirmed_on, proposed)
        c.ended_on = max(c.ended_on or proposed, c.confirmed_on or proposed)
    elif c.status == "fulfilled":
        c.confirmed_on = max(c.confirmed_on or proposed, proposed)
        ended = max(c.ended_on or c.confirmed_on, c.confirmed_on, c.starts_on)
        if ended > today:  # its period has not begun: it cannot be fulfilled yet
            c.status, c.ended_on = "confirmed", None
        else:
            c.ended_on = ended


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0004_user_roles_queryset"),
        ("portfolios", "0006_benefits_and_commitment_dates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ResourceRole",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="What the role does, in a line.",
                        max_length=200,
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="A retired role stays on the needs and commitments that name it.",
                        verbose_name="offered for new needs",
                    ),
                ),
            ],
            options={
                "verbose_name": "role",
                "verbose_name_plural": "roles list",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalResourceRole",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=100)),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="What the role does, in a line.",
                        max_length=200,
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="A retired role stays on the needs and commitments that name it.",
                        verbose_name="offered for new needs",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_change_reason",
                    models.CharField(max_length=100, null=True),
                ),
                (
                    "history_type",
                    models.CharField(
                        choices=[
                            ("+", "Created"),
                            ("~", "Changed"),
                            ("-", "Deleted"),
                        ],
                        max_length=1,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical role",
                "verbose_name_plural": "historical roles list",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name="resourcerole",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="role_name_unique_any_case",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="commitment", name="people_commitment_has_days"
        ),
        migrations.RemoveConstraint(
            model_name="commitment", name="money_commitment_has_amount"
        ),
        migrations.RemoveConstraint(
            model_name="resourceneed", name="need_asks_for_something"
        ),
        migrations.RemoveConstraint(
            model_name="resourceneed", name="need_amount_not_negative"
        ),
        migrations.AddField(
            model_name="commitment",
            name="support",
            field=models.CharField(
                blank=True,
                help_text="What the support is, like meeting rooms (in kind only).",
                max_length=100,
                verbose_name="support in kind",
            ),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="support",
            field=models.CharField(
                blank=True,
                help_text="What the support is, like meeting rooms (in kind only).",
                max_length=100,
                verbose_name="support in kind",
            ),
        ),
        migrations.AddField(
            model_name="resourceneed",
            name="role_ref",
            field=models.ForeignKey(
                blank=True,
                help_text="The role, for people. Leave empty for money.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="needs",
                to="portfolios.resourcerole",
            ),
        ),
        migrations.AddField(
            model_name="commitment",
            name="role_ref",
            field=models.ForeignKey(
                blank=True,
                help_text="The role the people fill (people only).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="commitments",
                to="portfolios.resourcerole",
            ),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="role_ref",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The role the people fill (people only).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="portfolios.resourcerole",
            ),
        ),
        migrations.RunPython(roles_as_data, migrations.RunPython.noop),
        migrations.RemoveField(model_name="resourceneed", name="role"),
        migrations.RemoveField(model_name="commitment", name="role"),
        migrations.RemoveField(model_name="historicalcommitment", name="role"),
        migrations.RenameField(
            model_name="resourceneed", old_name="role_ref", new_name="role"
        ),
        migrations.RenameField(
            model_name="commitment", old_name="role_ref", new_name="role"
        ),
        migrations.RenameField(
            model_name="historicalcommitment", old_name="role_ref", new_name="role"
        ),
        migrations.AddConstraint(
            model_name="resourceneed",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount", 0), ("person_days__gt", 0), ("role__isnull", False)
                )
                | models.Q(
                    ("amount__gt", 0), ("person_days", 0), ("role__isnull", True)
                ),
                name="need_is_people_or_money",
            ),
        ),
    ]
