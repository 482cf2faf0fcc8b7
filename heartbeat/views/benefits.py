"""Benefits: measures of a project's impact, with dated actuals entered by staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from heartbeat import permissions
from portfolios.forms import ActualForm, BenefitForm
from portfolios.models import Benefit, Project
from portfolios.services import BenefitRefused, record_actual, save_benefit


def _project_for_staff(request: HttpRequest, slug: str) -> Project:
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_edit_benefits(request.user, project):
        raise PermissionDenied("Benefits are recorded by Digital Office staff.")
    return project


def _show(form: object, refusal: BenefitRefused) -> None:
    for field, message in refusal.errors.items():
        form.add_error(field if field in form.fields else None, message)


def benefit_form(
    request: HttpRequest, slug: str, pk: int | None = None
) -> HttpResponse:
    project = _project_for_staff(request, slug)
    benefit = get_object_or_404(project.benefits, pk=pk) if pk else None
    form = BenefitForm(request.POST or None, instance=benefit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_benefit(project, terms=form.terms(), benefit=benefit)
        except BenefitRefused as refusal:
            _show(form, refusal)
        else:
            messages.success(request, f"Benefit saved: {saved.name}.")
            return redirect(f"{project.get_absolute_url()}#benefits")
    return render(
        request,
        "heartbeat/benefit_form.html",
        {"project": project, "form": form, "benefit": benefit},
    )


def actual_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project_for_staff(request, slug)
    benefit: Benefit = get_object_or_404(project.benefits, pk=pk)
    form = ActualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_actual(benefit, by=request.user, **form.cleaned_data)
        except BenefitRefused as refusal:
            _show(form, refusal)
        else:
            messages.success(request, f"Actual recorded for {benefit.name}.")
            return redirect(f"{project.get_absolute_url()}#benefits")
    return render(
        request,
        "heartbeat/actual_form.html",
        {
            "project": project,
            "benefit": benefit,
            "form": form,
            "actuals": benefit.actuals.select_related("recorded_by")[:10],
        },
    )
