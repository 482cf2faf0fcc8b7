from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from councils.integrity import Rule


def installed_rules() -> list[Rule]:
    """The `integrity.RULES` of every installed app that declares some."""
    rules = []
    for app in apps.get_app_configs():
        if module_has_submodule(app.module, "integrity"):
            rules.extend(import_module(f"{app.name}.integrity").RULES)
    return rules


class Command(BaseCommand):
    help = (
        "List the rows that break a rule of the data (a database from elsewhere: an "
        "import, an old copy), a line per row with the rule and how to mend it. "
        "Exits with 1 if there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rule",
            action="append",
            default=[],
            metavar="NAME",
            help="Check only this rule (repeatable), like portfolios.owner_not_staff.",
        )

    def handle(self, *args: object, rule: list[str], **options: object) -> None:
        rules = installed_rules()
        if unknown := set(rule) - {r.name for r in rules}:
            raise CommandError(f"No such rule: {', '.join(sorted(unknown))}.")
        day = timezone.localdate()
        broken = 0
        for checked in rules:
            if rule and checked.name not in rule:
                continue
            for line in checked.breaches(day):
                self.stdout.write(line)
                broken += 1
        checked_count = len(rule) if rule else len(rules)
        if broken:
            raise CommandError(
                f"{broken} row{'s break' if broken > 1 else ' breaks'} a rule "
                f"({checked_count} rules checked).",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"No row breaks a rule ({checked_count} rules checked).")
        )
