"""State changes of ideas: proposing, councils' interest, staff's scores, and the
decision to accept an idea into a portfolio or decline it.

Each is one atomic function, subject first and the rest keyword-only, with `by`
the person acting and `on` the day it happens (today unless said: the demo plays
past weeks through these). Its history record is written in the same transaction;
the email to the proposer is queued by the outbox, sent after the commit.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Council, User
from councils.refusals import Conflict, Refused
from heartbeat.models import Phase
from heartbeat.services import start_project
from ideas import permissions, scoring
from ideas.models import Idea, Interest, Score
from outbox.kinds import Kind
from outbox.services import compose, link
from portfolios.models import Portfolio, Project
from portfolios.services import dated, the_day


class AlreadyDone(Refused):
    """What was asked is already so (a council's interest added twice, say): a
    second click of the same button, which changes nothing."""


def _moment(day: dt.date) -> dt.datetime:
    """When a change happened: now, or mid-morning of a past day."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _lock(idea: Idea) -> Idea:
    # No join in the locking query: PostgreSQL rechecks only the locked row.
    return Idea.objects.select_for_update().get(pk=idea.pk)


def _decided(idea: Idea) -> str:
    """How the idea was decided, for a message."""
    when = timezone.localtime(idea.decided_at)
    who = f" by {idea.decided_by}" if idea.decided_by else ""
    return f"{idea.get_status_display().lower()}{who} on {when:%d/%m/%Y}"


def _check_open(idea: Idea, what: str) -> None:
    if not idea.is_open:
        raise Conflict(
            {None: f"This idea was {_decided(idea)}, so {what}. Nothing was saved."}
        )


def _check_text(idea: Idea) -> None:
    for field, message in (
        ("title", "Give the idea a title"),
        ("problem", "Describe the problem"),
        ("affects", "Say who the problem affects"),
    ):
        value = getattr(idea, field).strip()
        if not value:
            raise Refused({field: message})
        setattr(idea, field, value)


@transaction.atomic
def propose_idea(
    idea: Idea,
    *,
    by: User,
    councils: Iterable[Council] = (),
    on: dt.date | None = None,
) -> Idea:
    """Save a new idea (title, problem, who it affects, objective) proposed by a lead
    or staff. A lead's council is interested from the start, and so is each council
    named as sharing the problem, registered by the proposer."""
    day = the_day(on)
    if not permissions.can_propose(by):
        raise Refused({None: "Council leads and Digital Office staff propose ideas."})
    _check_text(idea)
    # Back and send again: the same person's open idea of the same title.
    same = (
        Idea.objects.open()
        .filter(proposed_by=by, title__iexact=idea.title)
        .order_by("created_at")
        .first()
    )
    if same is not None:
        raise Refused(
            {
                "title": f"You proposed an idea called “{same.title}” on "
                f"{timezone.localtime(same.created_at):%d/%m/%Y}, and it is still "
                "open: add to that one, or give this one another title."
            }
        )
    idea.proposed_by = by
    idea.council = by.council if by.is_council_lead else None
    idea.status = Idea.Status.OPEN
    idea.created_at = _moment(day)
    idea._change_reason = "Proposed"
    dated(idea, by=by, on=day)
    idea.save()
    interested = [idea.council] if idea.council else []
    interested += [c for c in councils if c.pk not in {i.pk for i in interested}]
    for council in interested:
        interest = Interest(
            idea=idea, council=council, registered_by=by, registered_at=idea.created_at
        )
        interest._change_reason = "Named by the proposer"
        dated(interest, by=by, on=day)
        interest.save()
    return idea


def _check_own_council(by: User, council: Council) -> None:
    if not (by.is_council_lead and by.council_id == council.pk):
        raise Refused(
            {
                None: "A council lead adds or withdraws only their own council's "
                "interest."
            }
        )


@transaction.atomic
def add_interest(
    idea: Idea,
    *,
    council: Council,
    by: User,
    note: str = "",
    on: dt.date | None = None,
) -> Interest:
    """Record that the council shares the idea's problem. A second time changes
    nothing and says so (AlreadyDone)."""
    day = the_day(on)
    _check_own_council(by, council)
    idea = _lock(idea)
    _check_open(idea, "councils can no longer add their interest")
    existing = (
        Interest.objects.filter(idea=idea, council=council)
        .select_related("registered_by")
        .first()
    )
    if existing is not None:
        when = timezone.localtime(existing.registered_at)
        who = f" by {existing.registered_by}" if existing.registered_by else ""
        raise AlreadyDone(
            {
                None: f"{council}'s interest in this idea was already recorded{who} "
                f"on {when:%d/%m/%Y}: nothing more to do."
            }
        )
    interest = Interest(
        idea=idea,
        council=council,
        registered_by=by,
        note=note.strip(),
        registered_at=_moment(day),
    )
    interest._change_reason = "Interest added"
    dated(interest, by=by, on=day)
    interest.save()
    return interest


@transaction.atomic
def withdraw_interest(
    idea: Idea, *, council: Council, by: User, on: dt.date | None = None
) -> None:
    """Remove the council's interest from an open idea (its history keeps it). The
    proposer's own council stays interested in its idea."""
    day = the_day(on)
    _check_own_council(by, council)
    idea = _lock(idea)
    _check_open(idea, "its councils' interest can no longer change")
    if idea.council_id == council.pk:
        raise Refused(
            {None: f"{council} proposed this idea, so its interest stays with it."}
        )
    interest = Interest.objects.filter(idea=idea, council=council).first()
    if interest is None:
        raise AlreadyDone(
            {None: f"{council} has no interest recorded in this idea: nothing to do."}
        )
    interest._change_reason = "Interest withdrawn"
    dated(interest, by=by, on=day)
    interest.delete()


@transaction.atomic
def score_idea(
    idea: Idea,
    *,
    fit: int,
    value: int,
    effort: int,
    by: User,
    note: str = "",
    on: dt.date | None = None,
) -> Score:
    """Record a member of staff's scores of an open idea; scoring again replaces
    their earlier scores."""
    day = the_day(on)
    if not permissions.may_score(by):
        raise Refused({None: "Digital Office staff score ideas."})
    for field, number in (("fit", fit), ("value", value), ("effort", effort)):
        if number not in range(scoring.LOWEST, scoring.HIGHEST + 1):
            raise Refused(
                {field: f"Choose a score from {scoring.LOWEST} to {scoring.HIGHEST}"}
            )
    idea = _lock(idea)
    _check_open(idea, "it can no longer be scored")
    score = Score.objects.filter(idea=idea, scored_by=by).first()
    if score is None:
        score = Score(idea=idea, scored_by=by)
        score._change_reason = "Scored"
    else:
        score._change_reason = "Scored again"
    score.fit, score.value, score.effort = fit, value, effort
    score.note = note.strip()
    score.scored_at = _moment(day)
    dated(score, by=by, on=day)
    score.save()
    return score


def _unique_slug(name: str) -> str:
    base = slugify(name)[:140] or "project"
    taken = set(
        Project.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _tell_proposer(idea: Idea) -> None:
    """Email the proposer the decision, once (the outbox keeps one per key)."""
    if idea.proposed_by is None:
        return
    if idea.status == Idea.Status.ACCEPTED:
        subject = f"Your idea is accepted: {idea.title}"
        action_url = link(idea.project.get_absolute_url())
        action_label = "See the project"
    else:
        subject = f"Your idea is declined: {idea.title}"
        action_url = link(idea.get_absolute_url())
        action_label = "See the idea"
    compose(
        idea.proposed_by,
        kind=Kind.IDEA_DECIDED,
        key=f"idea-decided:{idea.pk}",
        subject=subject,
        template="ideas/email/idea_decided",
        context={"idea": idea, "action_url": action_url, "action_label": action_label},
    )


@transaction.atomic
def accept_idea(
    idea: Idea,
    *,
    portfolio: Portfolio,
    by: User,
    name: str,
    owner: User | None,
    kind: str,
    start_date: dt.date,
    target_date: dt.date,
    summary: str = "",
    outcome: str = "",
) -> Project:
    """Start a project from the idea, in the first phase of the lifecycle, in the
    portfolio: its problem and vision objective come from the idea. The idea is
    then accepted, linked to the project, and its proposer told.

    The idea's row is locked first, so two staff accepting at once make one
    project: the second is told the idea was decided meanwhile."""
    if not permissions.may_decide(by):
        raise Refused({None: "Digital Office staff accept ideas."})
    idea = _lock(idea)
    _check_open(idea, "it cannot be accepted again")
    name = name.strip()
    if not name:
        raise Refused({"name": "Name the project"})
    if Project.objects.filter(name__iexact=name).exists():
        raise Refused({"name": f"There is already a project called “{name}”."})
    proposed_on = timezone.localtime(idea.created_at).date()
    if start_date < proposed_on:
        raise Refused(
            {
                "start_date": "The project cannot start before the idea was "
                f"proposed, on {proposed_on:%d/%m/%Y}."
            }
        )
    project = Project(
        portfolio=portfolio,
        name=name,
        slug=_unique_slug(name),
        summary=summary.strip() or idea.title,
        problem=f"{idea.problem}\n\nWho it affects: {idea.affects}",
        outcome=outcome.strip(),
        kind=kind,
        phase=Phase.objects.order_by("number").first(),
        owner=owner,
        start_date=start_date,
        target_date=target_date,
        status_commentary=f"Started from an idea from councils: {idea.title}.",
    )
    start_project(project, by=by, vision_objectives=[idea.objective])
    idea.status = Idea.Status.ACCEPTED
    idea.project = project
    idea.decided_by = by
    idea.decided_at = timezone.now()
    idea._change_reason = f"Accepted into {portfolio}"
    dated(idea, by=by, on=timezone.localdate())
    idea.save()
    _tell_proposer(idea)
    return project


@transaction.atomic
def decline_idea(idea: Idea, *, reason: str, by: User) -> Idea:
    """Decline the idea with a reason its proposer reads, and tell them."""
    if not permissions.may_decide(by):
        raise Refused({None: "Digital Office staff decline ideas."})
    idea = _lock(idea)
    _check_open(idea, "it cannot be declined now")
    if not reason.strip():
        raise Refused({"reason": "Give the reason, for the person who proposed it"})
    idea.status = Idea.Status.DECLINED
    idea.decline_reason = reason.strip()
    idea.decided_by = by
    idea.decided_at = timezone.now()
    idea._change_reason = "Declined"
    dated(idea, by=by, on=timezone.localdate())
    idea.save()
    _tell_proposer(idea)
    return idea
