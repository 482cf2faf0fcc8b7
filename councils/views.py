from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councils.forms import CouncilDetailsForm, CouncilFilterForm, CouncilPartnershipForm
from councils.models import Council
from councils.permissions import can_edit_council, can_edit_partnership_terms
from councils.roles import Role

COUNCILS_PER_PAGE = 50  # all 32 on one page unless filtered otherwise


def council_list(request: HttpRequest) -> HttpResponse:
    form = CouncilFilterForm(request.GET or None)
    councils = (
        Council.objects.with_population_share()
        .annotate(project_count=Count("participations"))
        .order_by("short_name")
    )
    if form.is_bound:
        form.is_valid()  # collects the errors to show; filter() uses the valid rest
        councils = form.filter(councils)
    page = Paginator(councils, COUNCILS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "councils/council_list.html", {"form": form, "page_obj": page}
    )


def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council.objects.with_population_share(), slug=slug)
    participations = council.participations.select_related(
        "project__portfolio", "project__phase"
    ).order_by("project__portfolio__priority", "project__name")
    leads = council.users.filter(groups__name=Role.LEAD, is_active=True).order_by(
        "last_name", "first_name"
    )
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "participations": participations,
            "leads": leads,
            "can_edit": can_edit_council(request.user, council),
        },
    )


def council_edit(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    if not can_edit_council(request.user, council):
        raise PermissionDenied("Only this council's leads and Digital Office staff.")
    form_class = (
        CouncilPartnershipForm
        if can_edit_partnership_terms(request.user)
        else CouncilDetailsForm
    )
    form = form_class(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{council.short_name}'s details are saved.")
        return redirect(council)
    return render(
        request, "councils/council_form.html", {"council": council, "form": form}
    )
