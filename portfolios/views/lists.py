from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from councils.forms import CouncilFilterForm
from councils.models import Council
from portfolios.forms import PortfolioFilterForm, ProjectFilterForm
from portfolios.models import Participation, Portfolio, Project

COUNCILS_PER_PAGE = 50  # all 32 on one page unless filtered otherwise


def portfolio_list(request: HttpRequest) -> HttpResponse:
    form = PortfolioFilterForm(request.GET or None)
    portfolios = (
        Portfolio.objects.with_project_counts()
        .prefetch_related("vision_objectives")
        .order_by("priority")
    )
    if form.is_valid() and form.cleaned_data["objective"]:
        portfolios = portfolios.tagged(form.cleaned_data["objective"])
    # Only counted and read when the page's cached list is missing.
    page = SimpleLazyObject(
        lambda: Paginator(portfolios, settings.HEARTBEAT_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    )
    return render(
        request, "portfolios/portfolio_list.html", {"form": form, "page_obj": page}
    )


def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    projects = Project.objects.for_list().order_by("portfolio__priority", "name")
    if form.is_bound:
        form.is_valid()  # collects the errors to show; filter() uses the valid rest
        projects = form.filter(projects)
    # Only counted and read when the page's cached list is missing.
    page = SimpleLazyObject(
        lambda: Paginator(projects, settings.HEARTBEAT_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    )
    return render(
        request, "portfolios/project_list.html", {"form": form, "page_obj": page}
    )


def council_list(request: HttpRequest) -> HttpResponse:
    """The 32 councils, each with the projects it takes part in today."""
    form = CouncilFilterForm(request.GET or None)
    taking_part = (
        Participation.objects.active()
        .filter(council=OuterRef("pk"))
        .order_by()
        .values("council")
        .annotate(n=Count("pk"))
        .values("n")
    )
    councils = (
        Council.objects.with_population_share()
        .annotate(project_count=Coalesce(Subquery(taking_part), 0))
        .order_by("short_name")
    )
    if form.is_bound:
        form.is_valid()  # collects the errors to show; filter() uses the valid rest
        councils = form.filter(councils)
    # Only counted and read when the page's cached list is missing.
    page = SimpleLazyObject(
        lambda: Paginator(councils, COUNCILS_PER_PAGE).get_page(request.GET.get("page"))
    )
    return render(
        request, "councils/council_list.html", {"form": form, "page_obj": page}
    )
