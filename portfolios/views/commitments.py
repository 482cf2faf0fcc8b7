"""Councils' commitments to projects: proposed by leads, confirmed by staff."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councils.refusals import Refused, show_refusal
from portfolios import permissions
from portfolios.coverage import project_coverage
from portfolios.forms import CommitmentForm, CommitmentStatusForm
from portfolios.history import HistoryEntry, history_entries
from portfolios.models import Commitment, Project
from portfolios.services import (
    change_commitment,
    propose_commitment,
    set_commitment_status,
)

Status = Commitment.Status
# How the history names the lead's note to the Digital Office.
NOTE = Commitment._meta.get_field("description").verbose_name.capitalize()

# The verb of each move, for buttons and messages.
MOVES = {
    Status.CONFIRMED: ("Confirm", "confirmed"),
    Status.DECLINED: ("Decline", "declined"),
    Status.WITHDRAWN: ("Withdraw", "withdrawn"),
    Status.FULFILLED: ("Mark as fulfilled", "marked as fulfilled"),
}


def _moved_on(commitment: Commitment, verb: str, method: str) -> str:
    """Why a commitment's status stops this change, for the person who asked."""
    why = (
        " Someone changed it after you opened the page, so nothing was saved."
        if method == "POST"
        else ""
    )
    return (
        f"This commitment is now {commitment.get_status_display().lower()}, so it "
        f"can no longer be {verb}.{why}"
    )


def _project(slug: str) -> Project:
    return get_object_or_404(
        Project.objects.select_related("phase").prefetch_related("needs__role"),
        slug=slug,
    )


def _commitment(project: Project, pk: int) -> Commitment:
    return get_object_or_404(
        project.commitments.select_related("council", "proposed_by", "role"), pk=pk
    )


def commit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    user = request.user
    if not permissions.can_propose(user, project):
        raise PermissionDenied("Council leads propose commitments for their council.")
    # A lead commits for their own council only: it is never a field they can set.
    council = permissions.acting_council(user)
    form = CommitmentForm(project, request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = propose_commitment(
                project,
                council=council or form.cleaned_data["council"],
                by=user,
                terms=form.terms(),
            )
        except Refused as refusal:
            form.show(refusal)
        else:
            messages.success(
                request,
                f"Commitment proposed for {commitment.council.short_name}: "
                f"{commitment.summary}. The Digital Office will confirm it.",
            )
            return redirect(commitment)
    return render(
        request,
        "portfolios/commitment_form.html",
        {
            "project": project,
            "form": form,
            "council": council,
            "commitment": None,
            "coverage": project_coverage(
                project.needs.all(), project.commitments.select_related("role")
            ),
        },
    )


def _without_notes(entry: HistoryEntry) -> HistoryEntry:
    """An entry as another council's lead reads it: what changed, not why, and not
    the lead's note."""
    return replace(
        entry,
        reason="",
        changes=[change for change in entry.changes if change.label != NOTE],
    )


def commitment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(slug)
    commitment = _commitment(project, pk)
    moves = permissions.allowed_moves(request.user, commitment)
    records = commitment.history.select_related("history_user")
    entries = history_entries(records, lambda record: "Commitment")
    can_read_notes = permissions.can_read_notes(request.user, commitment)
    if not can_read_notes:
        entries = [_without_notes(entry) for entry in entries]
    return render(
        request,
        "portfolios/commitment_detail.html",
        {
            "project": project,
            "commitment": commitment,
            "can_change": permissions.can_change(request.user, commitment),
            "can_read_notes": can_read_notes,
            "moves": [(status, MOVES[status][0]) for status in moves],
            "entries": entries,
        },
    )


def commitment_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(slug)
    commitment = _commitment(project, pk)
    if not permissions.may_change(request.user, commitment):
        raise PermissionDenied("Only the council's leads and staff change this.")
    form = CommitmentForm(project, request.POST or None, instance=commitment)
    # Confirmed (or ended) since the page was opened: say so and keep what was typed.
    locked = not permissions.can_change(request.user, commitment)
    if locked:
        form.add_error(None, _moved_on(commitment, "changed", request.method))
    elif request.method == "POST" and form.is_valid():
        try:
            change_commitment(
                commitment,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                terms=form.terms(),
            )
        except Refused as refusal:
            form.show(refusal)
            commitment.refresh_from_db()  # show what is stored now beside the input
        else:
            messages.success(request, "The commitment is changed.")
            return redirect(commitment)
    return render(
        request,
        "portfolios/commitment_form.html",
        {
            "project": project,
            "form": form,
            "council": commitment.council,
            "commitment": commitment,
            "locked": locked,
        },
    )


def commitment_move(
    request: HttpRequest, slug: str, pk: int, status: str
) -> HttpResponse:
    project = _project(slug)
    commitment = _commitment(project, pk)
    if status not in MOVES:
        raise Http404("No such change of status.")
    if not permissions.may_move(request.user, commitment, status):
        raise PermissionDenied("You cannot make this change to this commitment.")
    form = CommitmentStatusForm(
        request.POST or None, initial={"version": commitment.version}
    )
    # Moved by someone else since the page was opened: say so, keep the reason typed.
    locked = status not in permissions.allowed_moves(request.user, commitment)
    if locked:
        form.add_error(None, _moved_on(commitment, MOVES[status][1], request.method))
    elif request.method == "POST" and form.is_valid():
        try:
            set_commitment_status(
                commitment,
                status=status,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"The commitment is {MOVES[status][1]}.")
            return redirect(commitment)
    return render(
        request,
        "portfolios/commitment_move.html",
        {
            "project": project,
            "commitment": commitment,
            "form": form,
            "action": MOVES[status][0],
            "status": status,
            "locked": locked,
        },
    )
