from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from councils.refusals import Refused, show_refusal
from heartbeat import permissions
from heartbeat.forms import GateReviewForm, ModelFilterForm, PulseForm
from heartbeat.models import GateReview, Phase, ProjectProduct
from heartbeat.services import record_gate_review, report_pulse
from portfolios.coverage import project_coverage
from portfolios.history import history_entries
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
    in_flight_q,
    stalled_q,
)
from portfolios.permissions import (
    can_edit_benefits,
    can_join,
    can_propose,
    can_set_up,
)

RECENT_PULSES = 6  # on the project's page; every pulse is on its pulses page


def lifecycle(request: HttpRequest) -> HttpResponse:
    """The Heartbeat model: each phase, what it expects, and the projects in it now."""
    form = ModelFilterForm(request.GET or None)
    portfolio = form.cleaned_data["portfolio"] if form.is_valid() else None
    chosen = Q(projects__portfolio=portfolio) if portfolio else Q()
    in_flight = in_flight_q(prefix="projects__") & chosen
    phases = Phase.objects.prefetch_related("products", "criteria").annotate(
        project_count=Count("projects", filter=in_flight),
        red_count=Count("projects", filter=in_flight & Q(projects__rag_status="red")),
        stalled_count=Count("projects", filter=stalled_q(prefix="projects__") & chosen),
    )
    return render(
        request,
        "heartbeat/lifecycle.html",
        {
            "form": form,
            "phases": phases,
            "portfolio": portfolio,
            "pulse_interval_days": settings.HEARTBEAT_PULSE_INTERVAL_DAYS,
        },
    )


def _project(slug: str) -> Project:
    return get_object_or_404(
        Project.objects.select_related("portfolio", "phase", "owner"), slug=slug
    )


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related(
            "portfolio", "phase", "owner", "pack"
        ).prefetch_related(
            "vision_objectives",
            "needs__role",
            Prefetch(
                "participations",
                queryset=Participation.objects.active().select_related("council"),
            ),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("council", "role"),
            ),
            Prefetch(
                "products", queryset=ProjectProduct.objects.select_related("phase")
            ),
            Prefetch(
                "benefits",
                queryset=Benefit.objects.prefetch_related(
                    Prefetch(
                        "actuals",
                        queryset=BenefitActual.objects.order_by("-measured_on"),
                    )
                ),
            ),
            Prefetch(
                "reviews",
                queryset=GateReview.objects.select_related(
                    "phase", "to_phase", "decided_by"
                ).prefetch_related("checks"),
            ),
        ),
        slug=slug,
    )
    products = project.products.all()
    user = request.user
    pack = getattr(project, "pack", None)
    commitments = project.commitments.all()
    taking_part = user.is_council_lead and any(
        p.council_id == user.council_id for p in project.participations.all()
    )
    return render(
        request,
        "heartbeat/project_detail.html",
        {
            "project": project,
            "current_products": [p for p in products if p.phase_id == project.phase_id],
            "other_products": [p for p in products if p.phase_id != project.phase_id],
            "today": timezone.localdate(),
            "pulses": project.pulses.select_related("reported_by")[:RECENT_PULSES],
            "pulse_count": project.pulses.count(),
            # Coverage from the rows the page shows anyway: no query of its own.
            "coverage": project_coverage(project.needs.all(), commitments),
            "contributions": [c for c in commitments if c.is_active or c.is_counted],
            "pack": pack
            if pack and (pack.is_published or user.is_programme_staff)
            else None,
            "taking_part": taking_part,
            "took_part": list(
                Participation.objects.current()
                .filter(project=project)
                .select_related("council")
            )
            if project.is_closed
            else [],
            "can_join": can_join(user, project) and bool(pack and pack.is_published),
            "can_propose": can_propose(user, project),
            "can_edit_project": permissions.can_edit_project(user, project),
            "can_review": permissions.can_review(user, project),
            "can_report_pulse": permissions.can_report_pulse(user, project),
            "can_edit_products": permissions.can_edit_products(user, project),
            "can_see_history": permissions.can_see_history(user),
            "can_edit_benefits": can_edit_benefits(user, project),
            "can_edit_needs": can_set_up(user),
            "pulse_interval_days": settings.HEARTBEAT_PULSE_INTERVAL_DAYS,
        },
    )


def gate_review(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_review(request.user, project):
        raise PermissionDenied("Gate reviews are for Digital Office staff.")
    form = GateReviewForm(project, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = record_gate_review(
                project,
                decision=data["decision"],
                by=request.user,
                decided_on=data["decided_on"],
                rationale=data["rationale"],
                ticks=form.ticks(),
                to_phase=data["to_phase"],
                override_reason=data["override_reason"] if data["override"] else "",
                based_on_review=data["based_on"],
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"Decision recorded: {review.get_decision_display().lower()}. "
                f"{project.name} is now in {review.to_phase.name}"
                f"{' and closed' if review.decision == 'close' else ''}.",
            )
            return redirect(project)
    return render(
        request,
        "heartbeat/gate_review.html",
        {
            "project": project,
            "form": form,
            "products": project.products.filter(phase=project.phase),
            "today": timezone.localdate(),
        },
    )


def pulse(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_report_pulse(request.user, project):
        raise PermissionDenied("Only staff and the project's owner report its pulse.")
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_pulse(
                project,
                rag_status=data["rag_status"],
                commentary=data["commentary"],
                by=request.user,
                reported_on=data["reported_on"],
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Pulse recorded for {project.name}.")
            return redirect(project)
    return render(
        request, "heartbeat/pulse_form.html", {"project": project, "form": form}
    )


def project_history(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not permissions.can_see_history(request.user):
        raise PermissionDenied("The change history is for Digital Office staff.")
    products = dict(project.products.values_list("pk", "name"))
    records = [
        *project.history.select_related("history_user"),
        *ProjectProduct.history.filter(project_id=project.pk).select_related(
            "history_user"
        ),
    ]

    def describe(record: object) -> str:
        if record.instance_type is Project:
            return "Project"
        # A removed product is named by its last record.
        return f"Product: {products.get(record.id) or record.name or 'removed'}"

    return render(
        request,
        "heartbeat/project_history.html",
        {"project": project, "entries": history_entries(records, describe)},
    )
