from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councils.forms import CouncilDetailsForm, CouncilFilterForm, CouncilPartnershipForm
from councils.models import Council
from councils.permissions import can_edit_council, can_edit_partnership_terms

COUNCILS_PER_PAGE = 50  # all 32 on one page unless filtered otherwise


def council_list(request: HttpRequest) -> HttpResponse:
    form = CouncilFilterForm(request.GET or None)
    councils = (
        Council.objects.with_population_share()
        .annotate(
            project_count=Count(
                "participations", filter=Q(participations__left_on__isnull=True)
            )
        )
        .order_by("short_name")
    )
    if form.is_bound:
        form.is_valid()  # collects the errors to show; filter() uses the valid rest
        councils = form.filter(councils)
    page = Paginator(councils, COUNCILS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "councils/council_list.html", {"form": form, "page_obj": page}
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
