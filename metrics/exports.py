"""CSV and Excel downloads: projects, commitments, benefits and metric snapshots.

Rows are streamed from the database in chunks, so a large export never sits whole in
memory: CSV straight to the response, Excel through openpyxl's write-only workbook
into a temporary file that is then streamed. Text that a spreadsheet would run as a
formula is neutralised.
"""

import csv
import datetime as dt
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from councils.models import User
from metrics.models import Scope, Snapshot
from portfolios.coverage import coverage_by_project
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
)

FORMATS = ("csv", "xlsx")
CHUNK = 2000
RISKY = ("=", "+", "-", "@", "\t", "\r")


def can_export(user: User) -> bool:
    return user.is_programme_staff or user.is_executive


def neutralise(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return value


@dataclass(frozen=True)
class Filters:
    portfolio: object | None = None
    objective: object | None = None
    as_at: dt.date | None = None

    def projects(self, prefix: str = "") -> Q:
        q = Q()
        if self.portfolio is not None:
            q &= Q(**{f"{prefix}portfolio": self.portfolio})
        if self.objective is not None:
            q &= Q(**{f"{prefix}vision_objectives": self.objective})
        return q

    @property
    def suffix(self) -> str:
        parts = [
            getattr(self.portfolio, "slug", ""),
            getattr(self.objective, "slug", ""),
            self.as_at.isoformat() if self.as_at else "",
        ]
        return "-".join(part for part in parts if part)


@dataclass(frozen=True)
class Dataset:
    title: str
    description: str
    headers: tuple[str, ...]


DATASETS = {
    "projects": Dataset(
        "Projects",
        "Every project with its portfolio, phase, state, status, owner and dates, "
        "the councils taking part, and its needs against what councils committed.",
        (
            "Project",
            "Portfolio",
            "Vision objectives",
            "Kind",
            "Phase",
            "State",
            "Status",
            "Status date",
            "Commentary",
            "Owner",
            "Start",
            "Target end",
            "Closed",
            "Councils taking part",
            "Person-days needed",
            "Person-days covered",
            "Money needed (£)",
            "Money covered (£)",
            "Person-days committed",
            "Money committed (£)",
            "Demo data",
        ),
    ),
    "commitments": Dataset(
        "Commitments",
        "What each council has committed to each project, and its status.",
        (
            "Project",
            "Council",
            "Kind",
            "Role",
            "Support in kind",
            "Person-days",
            "Money (£)",
            "From",
            "Until",
            "Status",
            "Proposed on",
            "Confirmed on",
            "Ended on",
        ),
    ),
    "benefits": Dataset(
        "Benefits",
        "Each project's benefits: baseline, target and the latest actual.",
        ("Project", "Measure", "Baseline", "Target", "Latest actual", "Measured on"),
    ),
    "metrics": Dataset(
        "Metric snapshots",
        "Every stored figure for the chosen scope, day by day.",
        ("Date", "Metric", "Key", "Scope", "Scope id", "Value", "Computed at"),
    ),
}


def _states(projects: QuerySet, day: dt.date | None) -> dict[int, Project.State]:
    """Each project's state on the day, by the portfolios' rules."""
    State = Project.State
    states = dict.fromkeys(projects.values_list("pk", flat=True), State.NOT_STARTED)
    for state, chosen in (
        (State.CLOSED, projects.closed(day)),
        (State.IN_FLIGHT, projects.in_flight(day)),
        (State.STALLED, projects.stalled(day)),
    ):
        states.update(dict.fromkeys(chosen.values_list("pk", flat=True), state))
    return states


def _projects(filters: Filters) -> Iterator[tuple]:
    projects = Project.objects.filter(pk__in=Project.objects.filter(filters.projects()))
    day = filters.as_at
    if day is not None:  # a project that had not started by then is not listed
        projects = projects.filter(start_date__lte=day)
    states = _states(projects, day)
    councils = (
        Participation.objects.active(day)
        .filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        projects.annotate(councils=Coalesce(Subquery(councils), 0))
        .order_by("portfolio__priority", "name")
        .values_list(
            "pk",
            "name",
            "portfolio__name",
            "kind",
            "phase__name",
            "rag_status",
            "status_date",
            "status_commentary",
            "owner__first_name",
            "owner__last_name",
            "start_date",
            "target_date",
            "closed_on",
            "councils",
            "is_demo",
        )
    )
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
        ids = [row[0] for row in chunk]
        cover = coverage_by_project(ids, day)
        tags = defaultdict(list)
        for project_id, objective in (
            Project.vision_objectives.through.objects.filter(project__in=ids)
            .order_by("visionobjective__position")
            .values_list("project_id", "visionobjective__name")
        ):
            tags[project_id].append(objective)
        for (
            pk,
            name,
            portfolio,
            kind,
            phase,
            rag,
            date,
            note,
            first,
            last,
            *rest,
        ) in chunk:
            start, target, closed, taking_part, demo = rest
            mine = cover[pk]
            yield (
                name,
                portfolio,
                ", ".join(tags[pk]),
                Project.Kind(kind).label,
                phase,
                states[pk].label,
                rag.title(),
                date,
                note,
                f"{first} {last}".strip(),
                start,
                target,
                closed,
                taking_part,
                mine.needed_days,
                mine.counted_days,
                mine.needed_amount,
                mine.counted_amount,
                mine.confirmed_days,
                mine.confirmed_amount,
                "yes" if demo else "no",
            )


def _chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _commitments(filters: Filters) -> Iterator[tuple]:
    commitments = Commitment.objects.filter(
        pk__in=Commitment.objects.filter(filters.projects("project__"))
    )
    status = "status"
    if filters.as_at:  # as it stood then: proposed by the day, with its status then
        commitments = commitments.with_status_on(filters.as_at).filter(
            proposed_on__lte=filters.as_at
        )
        status = "status_on"
    yield from (
        commitments.order_by("project__name", "council__short_name", "starts_on")
        .values_list(
            "project__name",
            "council__short_name",
            "kind",
            "role__name",
            "support",
            "person_days",
            "amount",
            "starts_on",
            "ends_on",
            status,
            "proposed_on",
            "confirmed_on",
            "ended_on",
        )
        .iterator(chunk_size=CHUNK)
    )


def _benefits(filters: Filters) -> Iterator[tuple]:
    actuals = BenefitActual.objects.filter(benefit=OuterRef("pk")).order_by(
        "-measured_on"
    )
    if filters.as_at:
        actuals = actuals.filter(measured_on__lte=filters.as_at)
    benefits = (
        Benefit.objects.filter(filters.projects("project__"))
        .distinct()
        .annotate(
            latest=Subquery(actuals.values("value")[:1]),
            measured=Subquery(actuals.values("measured_on")[:1]),
        )
    )
    labels = dict(Benefit.Measure.choices)
    for project, measure, custom, baseline, target, latest, measured in (
        benefits.order_by("project__name", "measure")
        .values_list(
            "project__name",
            "measure",
            "custom_name",
            "baseline",
            "target",
            "latest",
            "measured",
        )
        .iterator(chunk_size=CHUNK)
    ):
        yield (project, custom or labels[measure], baseline, target, latest, measured)


def _metrics(filters: Filters) -> Iterator[tuple]:
    scope, scope_id = Scope.PROGRAMME, 0
    if filters.portfolio is not None:
        scope, scope_id = Scope.PORTFOLIO, filters.portfolio.pk
    elif filters.objective is not None:
        scope, scope_id = Scope.OBJECTIVE, filters.objective.pk
    snapshots: QuerySet = Snapshot.objects.filter(scope=scope, scope_id=scope_id)
    if filters.as_at:
        snapshots = snapshots.filter(date__lte=filters.as_at)
    yield from (
        snapshots.order_by("date", "metric", "key")
        .values_list(
            "date", "metric", "key", "scope", "scope_id", "value", "computed_at"
        )
        .iterator(chunk_size=CHUNK)
    )


ROWS = {
    "projects": _projects,
    "commitments": _commitments,
    "benefits": _benefits,
    "metrics": _metrics,
}


class _Echo:
    """A file that hands back what is written, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return neutralise(value)


def _xlsx_cell(value: object) -> object:
    # A worksheet cannot hold most control characters (openpyxl refuses the row), so
    # they go, before neutralise() sees what the cell really starts with.
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return _cell(value)


def _csv(headers: Iterable[str], rows: Iterable[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so Excel reads the file as UTF-8
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


def respond(dataset: str, fmt: str, filters: Filters) -> HttpResponse:
    spec = DATASETS[dataset]
    rows = ROWS[dataset](filters)
    name = f"heartbeat-{dataset}{'-' + filters.suffix if filters.suffix else ''}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv(spec.headers, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spec.title[:31])
    sheet.append(list(spec.headers))
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
