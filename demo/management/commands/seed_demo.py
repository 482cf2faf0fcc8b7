from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from demo.seed import DEFAULT_PASSWORD, HISTORY_DAYS, seed_demo, seed_history


class Command(BaseCommand):
    help = (
        "Create demo data on top of the real councils: the business plan's portfolios, "
        "realistic projects in every phase, needs and sign-ins. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply projects (about 50 at scale 1) by N, for benchmarks.",
        )
        parser.add_argument(
            "--history",
            type=int,
            default=HISTORY_DAYS,
            metavar="DAYS",
            help=f"Days of metric history to compute (default {HISTORY_DAYS}).",
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of every demo sign-in (default: {DEFAULT_PASSWORD}).",
        )

    def handle(
        self,
        *args: object,
        scale: int,
        history: int,
        password: str,
        **options: object,
    ) -> None:
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if not password:
            raise CommandError("--password cannot be empty.")
        report = seed_demo(scale=scale, password=password)
        seed_history(report, days=max(0, history))
        # Fresh statistics for the planner: thousands of rows have just arrived, and
        # a server whose autovacuum is off or slow would plan for none.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        created = ", ".join(f"{n} {what}" for what, n in report.created.items() if n)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created or 'nothing new: all there'})."
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins, all with the password: {report.password}")
        width = max(len(sign_in.username) for sign_in in report.sign_ins)
        for sign_in in report.sign_ins:
            where = f", {sign_in.council}" if sign_in.council else ""
            self.stdout.write(f"  {sign_in.username:<{width}}  {sign_in.role}{where}")
