"""Benefits: measures of a project's impact, with dated actuals entered by staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councils.refusals import Refused, show_refusal
from portfolios import permissions
from portfolios.forms import ActualForm, BenefitForm
from portfolios.models import Benefit, Project
from portfolios.services import record_actual, save_benefit


def _project_for_staff(request: HttpRequest, slug: str) -> Project:
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_edit_benefits(request.user, project):
        raise PermissionDenied("Benefits are recorded by Digital Office staff.")
    return project


def benefit_form(
    request: HttpRequest, slug: str, pk: int | None = None
) -> HttpResponse:
    project = _project_for_staff(request, slug)
    benefit = get_object_or_404(project.benefits, pk=pk) if pk else None
    form = BenefitForm(request.POST or None, instance=benefit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_benefit(
                project, by=request.user, terms=form.terms(), benefit=benefit
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Benefit saved: {saved.name}.")
            return redirect(f"{project.get_absolute_url()}#benefits")
    return render(
        request,
        "portfolios/benefit_form.html",
        {"project": project, "form": form, "benefit": benefit},
    )


def actual_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project_for_staff(request, slug)
    benefit: Benefit = get_object_or_404(project.benefits, pk=pk)
    form = ActualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_actual(benefit, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Actual recorded for {benefit.name}.")
            return redirect(f"{project.get_absolute_url()}#benefits")
    return render(
        request,
        "portfolios/actual_form.html",
        {
            "project": project,
            "benefit": benefit,
            "form": form,
            "actuals": benefit.actuals.select_related("recorded_by")[:10],
        },
    )
