"""Pages that show the programme's figures: the dashboard, a portfolio, a council, and
the exports. They read stored snapshots; none aggregates on request."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from councils.models import Council
from councils.permissions import can_edit_council
from councils.roles import Role
from digital_office.caching import cached_html, once
from heartbeat.models import MarketingPack, Phase
from metrics import dashboard as boards
from metrics import exports
from metrics.forms import DashboardFilterForm
from metrics.models import Scope
from portfolios.models import Portfolio

RECRUITING_SHOWN = 8
STALLED_SHOWN = 12  # the longest silent; the project list filters them all


def dashboard_body(where: boards.Where, day: dt.date) -> str:
    """The dashboard's figures as HTML, kept in the cache for this generation."""
    return cached_html(
        "dashboard",
        (where.scope, where.scope_id, day),
        lambda: render_to_string(
            "metrics/_dashboard_body.html", dashboard_context(where, day)
        ),
        # Snapshots, and names of portfolios, councils and phases: a project's own
        # change reaches it through the recompute it queues.
        reference_only=True,
    )


def warm_dashboard() -> None:
    """Render the default dashboard once a recompute is stored, so that the first
    executive to look does not wait for it."""
    if day := boards.latest_day():
        dashboard_body(boards.Where(), day)


def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    portfolio, objective, asked = form.chosen()
    where = boards.Where()
    if portfolio:
        where = boards.Where(Scope.PORTFOLIO, portfolio.pk, portfolio.name)
    elif objective:
        where = boards.Where(
            Scope.OBJECTIVE, objective.pk, f"the {objective.name} objective"
        )
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

    body = dashboard_body(where, day) if day else ""
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


def dashboard_context(where: boards.Where, day: dt.date) -> dict:
    portfolios = list(Portfolio.objects.order_by("priority"))
    heads, funnel, computed = boards.headlines(where, day)
    phases = {phase.number: phase.name for phase in Phase.objects.all()}
    details = {day, day - dt.timedelta(days=day.weekday())}
    councils = list(Council.objects.order_by("short_name"))
    grid_portfolios = (
        [p for p in portfolios if p.pk == where.scope_id]
        if where.scope == Scope.PORTFOLIO
        else portfolios
    )
    return {
        "where": where,
        "day": day,
        "computed": computed,
        "headlines": heads,
        "funnel": boards.phase_funnel(funnel, phases),
        "trends": boards.trends(where, day),
        "portfolio_rows": boards.portfolio_table(portfolios, day),
        "chosen_portfolio": where.scope_id if where.scope == Scope.PORTFOLIO else None,
        "grid_portfolios": grid_portfolios,
        "grid": boards.participation_grid(councils, grid_portfolios, details),
        "stalled": boards.stalled_projects(where, details),
        "stalled_shown": STALLED_SHOWN,
        "stalled_slice": f":{STALLED_SHOWN}",
        "chosen_portfolio_slug": next(
            (p.slug for p in portfolios if p.pk == where.scope_id), ""
        )
        if where.scope == Scope.PORTFOLIO
        else "",
        "interval": settings.HEARTBEAT_PULSE_INTERVAL_DAYS,
    }


def portfolio_detail(request: HttpRequest, slug: str) -> HttpResponse:
    portfolio = get_object_or_404(Portfolio, slug=slug)
    where = boards.Where(Scope.PORTFOLIO, portfolio.pk, portfolio.name)
    # Read only when the page's cached content is missing.
    day = once(boards.latest_day)
    figures = once(lambda: boards.headlines(where, day()) if day() else ([], {}, None))
    return render(
        request,
        "metrics/portfolio_detail.html",
        {
            "portfolio": portfolio,
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
        },
    )


def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council.objects.with_population_share(), slug=slug)
    # Everything below is read only when the page's cached content is missing.
    joined = council.participations.filter(left_on__isnull=True)
    recruiting = once(
        lambda: list(  # the newest few; the project list has them all
            MarketingPack.objects.recruiting()
            .exclude(project__in=joined.values("project"))
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
            "participations": joined.select_related(
                "project__portfolio", "project__phase"
            ).order_by("project__portfolio__priority", "project__name"),
            "commitments": SimpleLazyObject(
                lambda: Paginator(
                    # What moved last first: a lead checks what has just changed.
                    council.commitments.select_related("project").order_by(
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
            "leads": council.users.filter(
                groups__name=Role.LEAD, is_active=True
            ).order_by("last_name", "first_name"),
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
