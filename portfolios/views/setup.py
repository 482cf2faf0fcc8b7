"""Set-up by staff, on the portal: portfolios and their priority order, their
targets, and the needs of projects. Each change goes through its service, which
keeps the history; an edit opened before someone else saved is refused, showing
what is stored now beside what was typed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councils.refusals import Conflict, Refused, show_refusal
from portfolios import permissions
from portfolios.forms import NeedForm, PortfolioForm, PortfolioMoveForm, TargetForm
from portfolios.models import Portfolio, PortfolioTarget, Project, ResourceNeed
from portfolios.services import (
    latest_history_id,
    move_portfolio,
    remove_need,
    remove_target,
    save_need,
    save_portfolio,
    save_target,
)
from portfolios.targets import shown


def _check_staff(request: HttpRequest) -> None:
    if not permissions.can_set_up(request.user):
        raise PermissionDenied("Portfolios and needs are set up by the Digital Office.")


def _seen_now(form: Form, instance: object) -> None:
    """After a conflict, the form keeps what was typed but is based on what is
    stored now: sent again, it saves over it, knowingly."""
    form.data = form.data.copy()
    form.data["seen"] = latest_history_id(instance) or 0


def _reloaded(instance: PortfolioTarget | ResourceNeed) -> bool:
    """Read what is stored now over what was typed into it; False if it is gone."""
    try:
        instance.refresh_from_db()
    except type(instance).DoesNotExist:
        return False
    return True


def _whole(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


# Portfolios ------------------------------------------------------------------------


def portfolio_add(request: HttpRequest) -> HttpResponse:
    _check_staff(request)
    count = Portfolio.objects.count() + 1
    form = PortfolioForm(request.POST or None, count=count)
    if request.method == "POST" and form.is_valid():
        try:
            portfolio = save_portfolio(
                form.apply(Portfolio()),
                by=request.user,
                vision_objectives=form.cleaned_data["vision_objectives"],
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"Portfolio created: {portfolio.name}, at priority "
                f"{portfolio.priority}. Add its targets below.",
            )
            return redirect(portfolio)
    return render(
        request, "portfolios/portfolio_form.html", {"form": form, "portfolio": None}
    )


def portfolio_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _check_staff(request)
    portfolio = get_object_or_404(Portfolio, slug=slug)
    form = PortfolioForm(
        request.POST or None,
        instance=portfolio,
        seen=latest_history_id(portfolio) or 0,
        count=Portfolio.objects.count(),
    )
    stored = None
    if request.method == "POST" and form.is_valid():
        try:
            save_portfolio(
                form.apply(portfolio),
                by=request.user,
                vision_objectives=form.cleaned_data["vision_objectives"],
                expected=form.cleaned_data["seen"] or 0,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
            if isinstance(refusal, Conflict):
                stored = Portfolio.objects.prefetch_related("vision_objectives").get(
                    pk=portfolio.pk
                )
                _seen_now(form, stored)
            portfolio.refresh_from_db()  # the page names what is stored
        else:
            messages.success(request, f"Portfolio saved: {portfolio.name}.")
            return redirect(portfolio)
    return render(
        request,
        "portfolios/portfolio_form.html",
        {"form": form, "portfolio": portfolio, "stored": stored},
    )


def portfolio_order(request: HttpRequest) -> HttpResponse:
    _check_staff(request)
    form = PortfolioMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        portfolio = form.cleaned_data["portfolio"]
        try:
            moved = move_portfolio(
                portfolio,
                to=form.cleaned_data["to"],
                by=request.user,
                # A move up or down names the rank it was shown at.
                expected_rank=_whole(request.POST.get("rank")),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, f"{moved.name} is now at priority {moved.priority}."
            )
            return redirect("portfolios:portfolio_order")
    portfolios = list(Portfolio.objects.order_by("priority"))
    return render(
        request,
        "portfolios/portfolio_order.html",
        {"form": form, "portfolios": portfolios, "count": len(portfolios)},
    )


# Targets --------------------------------------------------------------------------


def _portfolio_for_staff(request: HttpRequest, slug: str) -> Portfolio:
    _check_staff(request)
    return get_object_or_404(Portfolio, slug=slug)


def _targets_of(portfolio: Portfolio) -> str:
    return f"{portfolio.get_absolute_url()}#targets"


def target_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    portfolio = _portfolio_for_staff(request, slug)
    target = get_object_or_404(portfolio.targets, pk=pk) if pk else None
    form = TargetForm(
        request.POST or None,
        instance=target,
        seen=(latest_history_id(target) or 0) if target else None,
    )
    stored = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_target(
                form.apply(target or PortfolioTarget(portfolio=portfolio)),
                by=request.user,
                expected=(form.cleaned_data["seen"] or 0) if target else None,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
            if target is not None:
                if not _reloaded(target):
                    messages.info(request, "That target has been removed meanwhile.")
                    return redirect(_targets_of(portfolio))
                if isinstance(refusal, Conflict):
                    stored = target
                    _seen_now(form, target)
        else:
            messages.success(
                request,
                f"Target saved: {shown(saved.target)} ({saved.name}) by "
                f"{saved.due_on.day} {saved.due_on:%B %Y}.",
            )
            return redirect(_targets_of(portfolio))
    return render(
        request,
        "portfolios/target_form.html",
        {"portfolio": portfolio, "target": target, "form": form, "stored": stored},
    )


def target_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    portfolio = _portfolio_for_staff(request, slug)
    target = portfolio.targets.filter(pk=pk).first()
    if request.method == "POST":
        if target is None:
            messages.info(request, "That target had already been removed.")
        else:
            remove_target(target, by=request.user)
            messages.success(request, f"Target removed: {target.name}.")
        return redirect(_targets_of(portfolio))
    if target is None:
        raise Http404("No such target.")
    return render(
        request,
        "portfolios/target_remove.html",
        {"portfolio": portfolio, "target": target},
    )


# Needs ------------------------------------------------------------------------------


def _project_for_staff(request: HttpRequest, slug: str) -> Project:
    _check_staff(request)
    return get_object_or_404(Project, slug=slug)


def _needs_of(project: Project) -> str:
    return f"{project.get_absolute_url()}#needs"


def need_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    project = _project_for_staff(request, slug)
    needs = project.needs.select_related("role")
    need = get_object_or_404(needs, pk=pk) if pk else None
    form = NeedForm(
        project,
        request.POST or None,
        instance=need,
        seen=(latest_history_id(need) or 0) if need else None,
    )
    stored = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_need(
                form.apply(need or ResourceNeed(project=project)),
                by=request.user,
                expected=(form.cleaned_data["seen"] or 0) if need else None,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
            if need is not None:
                if not _reloaded(need):
                    messages.info(request, "That need has been removed meanwhile.")
                    return redirect(_needs_of(project))
                if isinstance(refusal, Conflict):
                    stored = need
                    _seen_now(form, need)
        else:
            messages.success(request, f"Need saved: {saved.label}.")
            return redirect(_needs_of(project))
    return render(
        request,
        "portfolios/need_form.html",
        {"project": project, "need": need, "form": form, "stored": stored},
    )


def need_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project_for_staff(request, slug)
    need = project.needs.select_related("role").filter(pk=pk).first()
    refusal = None
    if request.method == "POST":
        if need is None:
            messages.info(request, "That need had already been removed.")
            return redirect(_needs_of(project))
        try:
            remove_need(need, by=request.user)
        except Refused as refused:
            refusal = refused
        else:
            messages.success(request, f"Need removed: {need.label}.")
            return redirect(_needs_of(project))
    if need is None:
        raise Http404("No such need.")
    return render(
        request,
        "portfolios/need_remove.html",
        {"project": project, "need": need, "refusal": refusal},
    )
