"""Setting projects up on the portal: their details, their tailored products, and
every pulse they have reported. Staff write; every role reads the pulses."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from councils.refusals import Conflict, Refused, show_refusal
from heartbeat import permissions
from heartbeat.forms import NewProjectForm, ProductAddForm, ProductForm, ProjectForm
from heartbeat.models import ProjectProduct
from heartbeat.services import (
    DuplicateProject,
    add_product,
    change_product,
    details_version,
    product_version,
    remove_product,
    save_project,
    start_project,
)
from portfolios.models import Project


def _project(slug: str) -> Project:
    return get_object_or_404(
        Project.objects.select_related("portfolio", "phase", "owner"), slug=slug
    )


def _resend(form: ProjectForm | ProductForm, version: str) -> None:
    """After a conflict, the form sent again is based on what is stored now: a
    second send is a deliberate choice to replace it."""
    form.data = form.data.copy()
    form.data["based_on"] = version


def project_add(request: HttpRequest) -> HttpResponse:
    if not permissions.can_add_project(request.user):
        raise PermissionDenied("Projects are set up by Digital Office staff.")
    form = NewProjectForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        # The opening status is reported now: today's (start_project dates it from
        # the start instead when that is still to come).
        project.status_date = timezone.localdate()
        try:
            project = start_project(
                project,
                by=request.user,
                vision_objectives=form.cleaned_data["vision_objectives"],
            )
        except Refused as refusal:
            if isinstance(refusal, DuplicateProject):
                existing = refusal.existing
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"{project.name} is set up in {project.phase.name}. Add what it "
                "needs of councils, and tailor its products.",
            )
            return redirect(project)
    return render(
        request,
        "heartbeat/project_form.html",
        {"form": form, "project": None, "existing": existing},
    )


def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied("Projects are kept by Digital Office staff.")
    form = ProjectForm(request.POST or None, instance=project)
    existing = stored = None
    if request.method == "POST" and form.is_valid():
        try:
            save_project(
                form.save(commit=False),
                by=request.user,
                vision_objectives=form.cleaned_data["vision_objectives"],
                based_on=form.cleaned_data["based_on"] or None,
            )
        except Refused as refusal:
            if isinstance(refusal, DuplicateProject):
                existing = refusal.existing
            show_refusal(form, refusal)
            if isinstance(refusal, Conflict):
                stored = _project(slug)
                _resend(form, details_version(stored))
        else:
            messages.success(request, f"{form.instance.name}: details saved.")
            return redirect(form.instance)
    return render(
        request,
        "heartbeat/project_form.html",
        {
            # The form's instance holds what was typed: the page names the stored.
            "project": _project(slug) if form.is_bound else project,
            "form": form,
            "existing": existing,
            "stored": stored,
        },
    )


def product_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_edit_products(request.user, project):
        raise PermissionDenied("Products are kept by Digital Office staff.")
    form = ProductAddForm(project, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            product = add_product(
                project,
                by=request.user,
                name=data["name"],
                phase=data["phase"],
                due_on=data["due_on"],
                evidence_url=data["evidence_url"],
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{product.name} added to {product.phase.name}.")
            return redirect(f"{project.get_absolute_url()}#products")
    return render(
        request, "heartbeat/product_add.html", {"project": project, "form": form}
    )


def _product(project: Project, pk: int) -> ProjectProduct:
    return get_object_or_404(project.products.select_related("phase"), pk=pk)


def product_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_edit_products(request.user, project):
        raise PermissionDenied("Products are kept by Digital Office staff.")
    product = _product(project, pk)
    form = ProductForm(request.POST or None, instance=product)
    stored = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = change_product(
                product,
                by=request.user,
                status=data["status"],
                reason=data["not_needed_reason"],
                evidence_url=data["evidence_url"],
                due_on=data["due_on"],
                name=data.get("name"),
                based_on=data["based_on"] or None,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
            if isinstance(refusal, Conflict):
                stored = _product(project, pk)
                _resend(form, product_version(stored))
        else:
            messages.success(
                request, f"{changed.name}: {changed.get_status_display().lower()}."
            )
            return redirect(f"{project.get_absolute_url()}#products")
    return render(
        request,
        "heartbeat/product_form.html",
        {
            "project": project,
            # The form's instance holds what was typed: the page names the stored.
            "product": _product(project, pk) if form.is_bound else product,
            "form": form,
            "stored": stored,
        },
    )


def product_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_edit_products(request.user, project):
        raise PermissionDenied("Products are kept by Digital Office staff.")
    product = _product(project, pk)
    refusal = None
    if request.method == "POST":
        try:
            remove_product(product, by=request.user)
        except Refused as refused:
            refusal = refused
        else:
            messages.success(request, f"{product.name} removed from the project.")
            return redirect(f"{project.get_absolute_url()}#products")
    return render(
        request,
        "heartbeat/product_remove.html",
        {"project": project, "product": product, "refusal": refusal},
    )


def pulses(request: HttpRequest, slug: str) -> HttpResponse:
    """Every pulse the project has reported, newest first."""
    project = _project(slug)
    page = Paginator(
        project.pulses.select_related("reported_by").order_by("-reported_on", "-pk"),
        settings.HEARTBEAT_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request, "heartbeat/pulse_list.html", {"project": project, "page_obj": page}
    )
