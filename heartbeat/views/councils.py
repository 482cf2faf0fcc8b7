"""A council's page: its standing, what it takes part in and what it has committed."""

from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from councils.models import Council
from councils.permissions import can_edit_council
from councils.roles import Role
from heartbeat.models import MarketingPack
from portfolios.models import Commitment

CONFIRMED = Q(status__in=(Commitment.Status.CONFIRMED, Commitment.Status.FULFILLED))


def _share(part: float | None, whole: float | None) -> float | None:
    return float(part or 0) / float(whole) if whole else None


def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council.objects.with_population_share(), slug=slug)
    participations = (
        council.participations.filter(left_on__isnull=True)
        .select_related("project__portfolio", "project__phase")
        .order_by("project__portfolio__priority", "project__name")
    )
    commitments = council.commitments.select_related("project").order_by(
        "project__name", "starts_on"
    )
    # Confirmed (or fulfilled) commitments, this council's and everyone's, in one query.
    totals = Commitment.objects.filter(CONFIRMED).aggregate(
        all_days=Sum("person_days"),
        all_money=Sum("amount"),
        days=Sum("person_days", filter=Q(council=council)),
        money=Sum("amount", filter=Q(council=council)),
    )
    joined = council.participations.filter(left_on__isnull=True).values("project")
    recruiting = (
        MarketingPack.objects.recruiting()
        .exclude(project__in=joined)
        .select_related("project__phase", "project__portfolio")
        .order_by("-published_at")
    )
    leads = council.users.filter(groups__name=Role.LEAD, is_active=True).order_by(
        "last_name", "first_name"
    )
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "participations": participations,
            "commitments": commitments,
            "totals": totals,
            "days_share": _share(totals["days"], totals["all_days"]),
            "money_share": _share(totals["money"], totals["all_money"]),
            "recruiting": recruiting,
            "leads": leads,
            "can_edit": can_edit_council(request.user, council),
            "own_council": request.user.lead_council_id == council.pk,
        },
    )
