"""Heartbeat Marketing Packs, and councils joining and leaving projects from them."""

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from xhtml2pdf import pisa

from councils.refusals import Refused
from heartbeat import permissions
from heartbeat.forms import PackForm
from heartbeat.models import MarketingPack
from heartbeat.packs import pack_content
from heartbeat.services import publish_pack, save_pack
from portfolios.models import Participation, Project
from portfolios.permissions import can_join
from portfolios.services import join_project, leave_project


def _project(slug: str) -> Project:
    return get_object_or_404(
        Project.objects.select_related("portfolio", "phase", "owner"), slug=slug
    )


def _visible_pack(request: HttpRequest, project: Project) -> MarketingPack:
    """The pack if this user may read it: staff always, others once it is out."""
    pack = MarketingPack.objects.filter(project=project).first()
    if pack is None or not (
        pack.is_published or permissions.can_edit_pack(request.user, project)
    ):
        raise Http404("This project has no published Marketing Pack.")
    return pack


def _taking_part(request: HttpRequest, project: Project) -> bool:
    user = request.user
    return user.is_council_lead and (
        Participation.objects.current()
        .filter(project=project, council_id=user.council_id)
        .exists()
    )


def pack(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    pack = _visible_pack(request, project)
    return render(
        request,
        "heartbeat/pack.html",
        {
            **pack_content(project, pack),
            "taking_part": _taking_part(request, project),
            "can_join": can_join(request.user, project) and pack.is_published,
            "can_edit": permissions.can_edit_pack(request.user, project),
        },
    )


def pack_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    pack = _visible_pack(request, project)
    html = render_to_string(
        "heartbeat/pack_pdf.html", pack_content(project, pack), request=request
    )
    output = BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"The PDF of the pack for {project.slug} failed.")
    response = HttpResponse(output.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="heartbeat-pack-{project.slug}.pdf"'
    )
    return response


def pack_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_edit_pack(request.user, project):
        raise PermissionDenied("Marketing Packs are written by Digital Office staff.")
    existing = MarketingPack.objects.filter(project=project).first()
    form = PackForm(request.POST or None, instance=existing, project=project)
    if request.method == "POST" and form.is_valid():
        save_pack(project, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            "The pack is saved."
            if existing and existing.is_published
            else "The pack is saved as a draft: only staff see it until published.",
        )
        return redirect("heartbeat:pack", slug=project.slug)
    return render(
        request,
        "heartbeat/pack_form.html",
        {"project": project, "form": form, "pack": existing},
    )


@require_POST
def pack_publish(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_edit_pack(request.user, project):
        raise PermissionDenied("Marketing Packs are published by Digital Office staff.")
    pack = get_object_or_404(MarketingPack, project=project)
    try:
        publish_pack(pack, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, "The pack is published. Every council lead is being told by email."
        )
    return redirect("heartbeat:pack", slug=project.slug)


@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not can_join(request.user, project):
        raise PermissionDenied("Council leads join projects for their own council.")
    _visible_pack(request, project)  # joining is from a published pack
    council = request.user.council
    try:
        join_project(project, council=council, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("heartbeat:pack", slug=project.slug)
    messages.success(
        request,
        f"{council.short_name} is taking part in {project.name}. Now say what your "
        "council can commit.",
    )
    return redirect("portfolios:commit", slug=project.slug)


def leave(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    user = request.user
    if not user.is_council_lead:
        raise PermissionDenied("Council leads leave projects for their own council.")
    participation = get_object_or_404(
        Participation.objects.current(), project=project, council=user.council
    )
    if request.method == "POST":
        try:
            leave_project(project, council=user.council, by=user)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                f"{user.council.short_name} has left {project.name}; its active "
                "commitments to it are withdrawn.",
            )
        return redirect(project)
    active = (
        project.commitments.active().filter(council=user.council).select_related("role")
    )
    return render(
        request,
        "heartbeat/leave.html",
        {"project": project, "participation": participation, "commitments": active},
    )
