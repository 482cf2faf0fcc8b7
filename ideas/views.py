"""Ideas from councils: proposed by leads and staff, shared by councils, scored and
decided by staff, read by everyone."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import FloatField, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from councils.models import Council
from councils.refusals import Refused, show_refusal
from ideas import permissions, scoring
from ideas.forms import (
    AcceptForm,
    DeclineForm,
    IdeaFilterForm,
    IdeaForm,
    InterestForm,
    ScoreForm,
)
from ideas.models import Idea, Interest
from ideas.services import (
    AlreadyDone,
    accept_idea,
    add_interest,
    decline_idea,
    propose_idea,
    score_idea,
    withdraw_interest,
)


def _idea(pk: int) -> Idea:
    """The idea with its figures (one query)."""
    return get_object_or_404(
        Idea.objects.with_figures().select_related(
            "objective", "proposed_by", "council", "decided_by", "project"
        ),
        pk=pk,
    )


def _no_longer(idea: Idea, what: str, method: str) -> str:
    """Why a decided idea stops this change, for the person who asked."""
    why = (
        " Someone decided it after you opened the page, so nothing was saved."
        if method == "POST"
        else ""
    )
    return f"This idea is {idea.get_status_display().lower()}, so {what}.{why}"


def idea_list(request: HttpRequest) -> HttpResponse:
    form = IdeaFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # collects the errors to show; filter() uses the valid rest
    ranked = permissions.sees_ranking(request.user)
    ideas = form.filter(Idea.objects.ranked()).select_related("objective", "project")
    status = form.cleaned_data.get("status") if form.is_bound else ""
    order = "Ideas, highest ranked first"
    if status in (Idea.Status.ACCEPTED, Idea.Status.DECLINED):
        ideas = ideas.order_by("-decided_at", "-pk")
        order = "Ideas, the most recently decided first"
    elif not ranked:
        ideas = ideas.order_by("-created_at", "-pk")
        order = "Ideas, newest first"
    page = Paginator(ideas, settings.HEARTBEAT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    interested = set()
    if request.user.is_council_lead:
        interested = set(
            Interest.objects.filter(
                council=request.user.council_id,
                idea__in=[idea.pk for idea in page.object_list],
            ).values_list("idea", flat=True)
        )
    return render(
        request,
        "ideas/idea_list.html",
        {
            "form": form,
            "page_obj": page,
            "ranked": ranked,
            "order": order,
            "interested": interested,
            "can_propose": permissions.can_propose(request.user),
            "maximum": scoring.MAXIMUM,
        },
    )


def idea_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_propose(user):
        raise PermissionDenied("Council leads and Digital Office staff propose ideas.")
    council = user.council if user.is_council_lead else None
    form = IdeaForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            idea = propose_idea(
                form.save(commit=False),
                by=user,
                councils=form.cleaned_data["councils"],
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                "Your idea is proposed. Other councils can now add their interest, "
                "and the Digital Office will score it on the published criteria.",
            )
            return redirect(idea)
    return render(request, "ideas/idea_form.html", {"form": form, "council": council})


def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(pk)
    user = request.user
    share = Council.objects.with_population_share().filter(pk=OuterRef("council"))
    interests = idea.interests.select_related("council", "registered_by").annotate(
        population_share=Subquery(
            share.values("population_share"), output_field=FloatField()
        )
    )
    own_interest = None
    if user.is_council_lead:
        own_interest = next(
            (i for i in interests if i.council_id == user.council_id), None
        )
    scores = []
    if permissions.sees_every_score(user):
        scores = idea.scores.select_related("scored_by")
    own_score = (
        next((s for s in idea.scores.all() if s.scored_by_id == user.pk), None)
        if permissions.may_score(user)
        else None
    )
    points = idea.points
    criteria = [
        (criterion, points[criterion.key] if points else None)
        for criterion in scoring.CRITERIA
    ]
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "interests": interests,
            "own_interest": own_interest,
            "can_show_interest": permissions.can_show_interest(user, idea),
            "interest_form": InterestForm(),
            "scores": scores,
            "own_score": own_score,
            "sees_every_score": permissions.sees_every_score(user),
            "can_score": permissions.can_score(user, idea),
            "can_decide": permissions.can_decide(user, idea),
            "criteria": criteria,
            "maximum": scoring.MAXIMUM,
            "councils_in_scotland": scoring.COUNCILS_IN_SCOTLAND,
        },
    )


@require_POST
def idea_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or withdraw the lead's own council's interest (the buttons on the idea's
    page); a second click of either changes nothing and says so."""
    idea = get_object_or_404(Idea, pk=pk)
    user = request.user
    if not user.is_council_lead:
        raise PermissionDenied("Council leads add their own council's interest.")
    council = user.council
    withdraw = request.POST.get("action") == "withdraw"
    form = InterestForm(request.POST)
    if not withdraw and not form.is_valid():
        messages.error(request, form.errors["note"][0])
        return redirect(idea)
    try:
        if withdraw:
            withdraw_interest(idea, council=council, by=user)
        else:
            add_interest(idea, council=council, by=user, note=form.cleaned_data["note"])
    except AlreadyDone as done:
        messages.info(request, done.message)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        if withdraw:
            messages.success(request, f"{council}'s interest is withdrawn.")
        else:
            messages.success(request, f"{council}'s interest is added to the idea.")
    return redirect(f"{idea.get_absolute_url()}#councils")


def idea_score(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(pk)
    user = request.user
    if not permissions.may_score(user):
        raise PermissionDenied("Digital Office staff score ideas.")
    score = idea.scores.filter(scored_by=user).first()
    form = ScoreForm(request.POST or None, score=score)
    locked = not idea.is_open
    if locked:
        form.add_error(None, _no_longer(idea, "it is no longer scored", request.method))
    elif request.method == "POST" and form.is_valid():
        try:
            score_idea(idea, by=user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Your scores of “{idea}” are saved.")
            return redirect(f"{idea.get_absolute_url()}#scores")
    return render(
        request,
        "ideas/score_form.html",
        {
            "idea": idea,
            "form": form,
            "score": score,
            "locked": locked,
            "action": "Score",
            "button": "Save your scores",
        },
    )


def idea_accept(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(pk)
    user = request.user
    if not permissions.may_decide(user):
        raise PermissionDenied("Digital Office staff accept ideas.")
    form = AcceptForm(request.POST or None, idea=idea, by=user)
    locked = not idea.is_open
    if locked:
        form.add_error(
            None, _no_longer(idea, "it cannot be accepted again", request.method)
        )
    elif request.method == "POST" and form.is_valid():
        try:
            project = accept_idea(idea, by=user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
            idea = _idea(pk)  # decided meanwhile: show it as it is now
            locked = not idea.is_open
        else:
            messages.success(
                request,
                f"The idea is accepted into {project.portfolio}: {project} starts in "
                f"{project.phase.name}. Its proposer is told.",
            )
            return redirect(project)
    return render(
        request,
        "ideas/accept_form.html",
        {
            "idea": idea,
            "form": form,
            "locked": locked,
            "action": "Accept",
            "button": "Accept and start the project",
        },
    )


def idea_decline(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(pk)
    user = request.user
    if not permissions.may_decide(user):
        raise PermissionDenied("Digital Office staff decline ideas.")
    form = DeclineForm(request.POST or None)
    locked = not idea.is_open
    if locked:
        form.add_error(None, _no_longer(idea, "it cannot be declined", request.method))
    elif request.method == "POST" and form.is_valid():
        try:
            decline_idea(idea, by=user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            show_refusal(form, refusal)
            idea = _idea(pk)
            locked = not idea.is_open
        else:
            messages.success(
                request, "The idea is declined. Its proposer is told the reason."
            )
            return redirect(idea)
    return render(
        request,
        "ideas/decline_form.html",
        {
            "idea": idea,
            "form": form,
            "locked": locked,
            "action": "Decline",
            "button": "Decline the idea",
        },
    )


def criteria(request: HttpRequest) -> HttpResponse:
    """The published criteria: how ideas are ranked, from the formula's own
    constants."""
    return render(
        request,
        "ideas/criteria.html",
        {
            "criteria": scoring.CRITERIA,
            "maximum": scoring.MAXIMUM,
            "scales": scoring.SCALES,
            "councils_in_scotland": scoring.COUNCILS_IN_SCOTLAND,
        },
    )
