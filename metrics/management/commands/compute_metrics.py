import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metrics import services


class Command(BaseCommand):
    help = "Recompute every metric for a day (today by default), synchronously."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day, as YYYY-MM-DD.")
        parser.add_argument(
            "--backfill",
            type=int,
            default=0,
            metavar="DAYS",
            help="Also compute each of the DAYS days before it that has no figures.",
        )

    def handle(
        self, *args: object, date: str | None, backfill: int, **options: object
    ) -> None:
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(
                f"--date must be a date like 2026-11-29, not {date!r}."
            ) from None
        result = services.recompute_day(day)
        self.stdout.write(
            f"Computed {result.figures} figures for {result.day} "
            f"in {result.seconds:.2f} s."
        )
        if backfill:
            done = services.backfill(backfill, end=result.day)
            self.stdout.write(f"Backfilled {done} earlier days.")
