"""The programme office's queue: what needs attention, and the place to act on
proposed commitments several at a time."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from councils.refusals import Conflict, Refused
from portfolios import permissions as commitment_permissions
from portfolios.models import PULSE_DUE_SOON_DAYS, Commitment
from portfolios.services import set_commitment_status
from workbench import permissions
from workbench.forms import DecideCommitmentsForm
from workbench.queue import Queue, count_all, remember_count


@dataclass(frozen=True)
class Section:
    """One section of the queue: a page of its rows, its count, and the query
    string parameter that pages it (also its anchor)."""

    name: str
    page: Page

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def previous(self) -> dict[str, int] | None:
        if not self.page.has_previous():
            return None
        return {self.name: self.page.previous_page_number()}

    @property
    def next(self) -> dict[str, int] | None:
        if not self.page.has_next():
            return None
        return {self.name: self.page.next_page_number()}


def _section(
    request: HttpRequest, name: str, rows: models.QuerySet, count: int
) -> Section:
    paginator = Paginator(rows, settings.HEARTBEAT_PAGE_SIZE)
    paginator.count = count  # counted with the others, in one query
    return Section(name, paginator.get_page(request.GET.get(name)))


def _queue_page(request: HttpRequest, form: DecideCommitmentsForm) -> HttpResponse:
    user = request.user
    mine = request.GET.get("mine") == "1"
    queue = Queue(owner=user if mine else None)
    querysets = queue.sections()
    counts = count_all(querysets)
    if not mine:
        remember_count(sum(counts.values()))  # the navigation's count, for free
    sections = {
        name: _section(request, name, rows, counts[name])
        for name, rows in querysets.items()
    }
    today = timezone.localdate()
    # What the rows say in words: ages and days left, and each row's choice.
    for commitment in sections["commitments"].page:
        commitment.age = (today - commitment.proposed_on).days
        commitment.choice = f"{commitment.pk}:{commitment.version}"
    for project in sections["pulses"].page:
        project.due_in = (project.pulse_due_on - today).days
        project.overdue_by = -project.due_in
    return render(
        request,
        "workbench/queue.html",
        {
            "sections": sections,
            "total": sum(counts.values()),
            "mine": mine,
            "form": form,
            "chosen": form.chosen(),
            "pulse_days": PULSE_DUE_SOON_DAYS,
            "long_days": settings.HEARTBEAT_LONG_IN_PHASE_DAYS,
        },
    )


def queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_queue(request.user):
        raise PermissionDenied("The queue is for Digital Office staff.")
    return _queue_page(request, DecideCommitmentsForm())


def _named(commitment: Commitment) -> str:
    return (
        f"{commitment.council.short_name}'s {commitment.summary} "
        f"to {commitment.project.name}"
    )


@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    """Confirm or decline the ticked commitments, each through the service: a row
    changed since the page was opened is left alone and named, the others done."""
    user = request.user
    if not permissions.can_see_queue(user):
        raise PermissionDenied("Commitments are confirmed by Digital Office staff.")
    form = DecideCommitmentsForm(request.POST)
    if not form.is_valid():
        return _queue_page(request, form)
    status = form.cleaned_data["decision"]
    verb = form.DECISIONS[status][1]
    chosen = form.cleaned_data["commitment"]
    commitments = Commitment.objects.filter(pk__in=chosen).select_related(
        "project", "council", "role"
    )
    done, changed, refused = [], [], []
    for commitment in commitments.order_by("proposed_on", "created_at", "pk"):
        if not commitment_permissions.may_move(user, commitment, status):
            refused.append(f"{_named(commitment)} (not yours to decide)")
            continue
        try:
            set_commitment_status(
                commitment,
                status=status,
                by=user,
                reason=form.cleaned_data["reason"],
                expected_version=chosen[commitment.pk],
            )
        except Conflict:
            changed.append(_named(commitment))
        except Refused as refusal:
            refused.append(f"{_named(commitment)} ({refusal.message})")
        else:
            done.append(_named(commitment))
    if done:
        messages.success(request, f"{verb.capitalize()}: {'; '.join(done)}.")
    if changed:
        messages.warning(
            request,
            f"Not {verb}, because they changed after you opened the queue (decided "
            f"or edited since): {'; '.join(changed)}. The queue now shows them as "
            "they stand.",
        )
    if refused:
        messages.warning(request, f"Not {verb}: {'; '.join(refused)}.")
    if missing := len(chosen) - len(done) - len(changed) - len(refused):
        messages.warning(
            request, f"{missing} of the commitments ticked no longer exist."
        )
    # Back to the queue as it was filtered and paged.
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(f"{reverse('workbench:queue')}{query}")
