"""Pages that show the programme's figures: the dashboard, a portfolio, a council, and
the exports. They read stored snapshots; none aggregates on request."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from councils.models import Council, User
from councils.permissions import can_edit_council
from heartbeat.models import MarketingPack
from metrics import dashboard as boards
from metrics import exports
from metrics.caching import once
from metrics.forms import DashboardFilterForm
from metrics.models import Scope, Snapshot
from metrics.names import Metric
from portfolios.models import Benefit, Portfolio, PortfolioTarget
from portfolios.permissions import can_set_up
from portfolios.targets import Progress, measure_key, target_progress

RECRUITING_SHOWN = 8


def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    portfolio, objective, asked = form.chosen()
    where = boards.Where()
    if portfolio:
        where = boards.Where.portfolio(portfolio)
    elif objective:
        where = boards.Where.objective(objective)
    day = boards.latest_day(asked)
    notice = ""
    if day is None and asked is not None:
        notice = (
            f"There are no figures from before {asked:%d %B %Y}: these are the first."
        )
        day = boards.first_day()
    elif asked is not None and day != asked:
        notice = (
            f"No figures were computed on {asked:%d %B %Y}; these are the latest "
            f"before it, from {day:%d %B %Y}."
        )

    body = boards.dashboard_body(where, day) if day else ""
    return render(
        request,
        "metrics/dashboard.html",
        {
            "form": form,
            "where": where,
            "day": day,
            "notice": notice,
            "body": mark_safe(body),  # our own template's output
        },
    )


@dataclass(frozen=True)
class TargetRow:
    target: PortfolioTarget
    progress: Progress

    @property
    def is_money(self) -> bool:
        return self.target.measure == Benefit.Measure.CASHABLE_SAVINGS


def target_rows(portfolio: Portfolio, day: dt.date | None) -> list[TargetRow]:
    """The portfolio's targets, each against its stored benefit actual of the same
    measure on the day of the figures. Two queries."""
    targets = list(portfolio.targets.all())
    keys = {t.pk: measure_key(t.measure, t.custom_name) for t in targets}
    actuals = {}
    if targets and day is not None:
        actuals = dict(
            Snapshot.objects.filter(
                metric=Metric.BENEFIT_ACTUAL,
                scope=Scope.PORTFOLIO,
                scope_id=portfolio.pk,
                date=day,
                key__in=set(keys.values()),
            ).values_list("key", "value")
        )
    return [
        TargetRow(
            target,
            target_progress(
                target=target.target,
                due_on=target.due_on,
                actual=actuals.get(keys[target.pk]),
                starts_on=portfolio.starts_on,
                day=day or timezone.localdate(),
            ),
        )
        for target in targets
    ]


def portfolio_detail(request: HttpRequest, slug: str) -> HttpResponse:
    portfolio = get_object_or_404(Portfolio, slug=slug)
    where = boards.Where.portfolio(portfolio)
    # Read only when the page's cached content is missing.
    day = once(boards.latest_day)
    figures = once(lambda: boards.headlines(where, day()) if day() else ([], {}, None))
    return render(
        request,
        "metrics/portfolio_detail.html",
        {
            "portfolio": portfolio,
            "where": where,
            "objectives": SimpleLazyObject(
                lambda: list(portfolio.vision_objectives.all())
            ),
            "page_obj": SimpleLazyObject(
                lambda: Paginator(
                    portfolio.projects.for_list().order_by("phase__number", "name"),
                    settings.HEARTBEAT_PAGE_SIZE,
                ).get_page(request.GET.get("page"))
            ),
            "day": day,
            "computed": lambda: figures()[2],
            "headlines": lambda: figures()[0],
            "trends": SimpleLazyObject(
                lambda: boards.trends(where, day()) if day() else []
            ),
            "targets": SimpleLazyObject(lambda: target_rows(portfolio, day())),
            "can_set_up": can_set_up(request.user),
        },
    )


def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council.objects.with_population_share(), slug=slug)
    # Everything below is read only when the page's cached content is missing.
    members = council.participations.current()
    recruiting = once(
        lambda: list(  # the newest few; the project list has them all
            MarketingPack.objects.recruiting()
            .exclude(project__in=members.values("project"))
            .select_related("project__phase", "project__portfolio")
            .order_by("-published_at")[: RECRUITING_SHOWN + 1]
        )
    )
    day = once(boards.latest_day)
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            # Taking part today: the projects its figures count.
            "participations": council.participations.active()
            .select_related("project__portfolio", "project__phase")
            .order_by("project__portfolio__priority", "project__name"),
            "commitments": SimpleLazyObject(
                lambda: Paginator(
                    # What moved last first: a lead checks what has just changed.
                    council.commitments.select_related("project", "role").order_by(
                        "-updated_at", "-pk"
                    ),
                    settings.HEARTBEAT_PAGE_SIZE,
                ).get_page(request.GET.get("page"))
            ),
            "figures": SimpleLazyObject(
                lambda: boards.council_figures(council.pk, day())
            ),
            "day": day,
            "recruiting": lambda: recruiting()[:RECRUITING_SHOWN],
            "more_recruiting": lambda: len(recruiting()) > RECRUITING_SHOWN,
            "leads": User.objects.leads_of(council).order_by("last_name", "first_name"),
            "can_edit": can_edit_council(request.user, council),
        },
    )


def exports_page(request: HttpRequest) -> HttpResponse:
    if not exports.can_export(request.user):
        raise PermissionDenied("Exports are for Digital Office staff and executives.")
    form = DashboardFilterForm(request.GET or None)
    form.chosen()  # validates: the errors are shown beside the filters
    query = request.GET.urlencode() if form.is_bound and not form.errors else ""
    return render(
        request,
        "metrics/exports.html",
        {"form": form, "datasets": exports.DATASETS, "query": query},
    )


def export(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    if not exports.can_export(request.user):
        raise PermissionDenied("Exports are for Digital Office staff and executives.")
    if dataset not in exports.DATASETS or fmt not in exports.FORMATS:
        raise Http404("No such export.")
    form = DashboardFilterForm(request.GET or None)
    portfolio, objective, as_at = form.chosen()
    if form.errors:
        raise Http404("These filters do not name a portfolio, objective or day.")
    filters = exports.Filters(portfolio=portfolio, objective=objective, as_at=as_at)
    return exports.respond(dataset, fmt, filters)
