"""Demo data on top of the real councils: portfolios, projects and their history.

Each project's history is played in time order through the services the portal
itself uses (starting it, gate reviews, pulses, products, its Marketing Pack,
councils joining, commitments proposed and decided, benefits and their actuals),
each dated with the day it happened. So the demo obeys every rule a person meets in
the portal, and `manage.py check_data` finds nothing in it.

Deterministic: everything is drawn from seeded random generators, in a fixed order,
before anything is saved. Idempotent: a project that exists is left as it is, so a
second run changes nothing. Dates are laid out around the day of the first run, so
a fresh demo always looks live.
"""

import datetime as dt
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Council, User
from councils.roles import Role
from demo.data import PORTFOLIOS, PROJECTS, DemoProject
from demo.ideas import seed_ideas
from heartbeat.models import GateReview, MarketingPack, Phase, ProjectProduct
from heartbeat.services import (
    CriterionTick,
    publish_pack,
    record_gate_review,
    report_pulse,
    save_pack,
    set_product_status,
    start_project,
)
from metrics.caching import bulk_writes
from metrics.models import Snapshot
from metrics.services import backfill
from portfolios.models import (
    Benefit,
    Commitment,
    Portfolio,
    PortfolioTarget,
    Project,
    ResourceNeed,
    ResourceRole,
    VisionObjective,
)
from portfolios.services import (
    BenefitTerms,
    CommitmentTerms,
    join_project,
    propose_commitment,
    record_actual,
    save_benefit,
    save_need,
    save_portfolio,
    save_target,
    set_commitment_status,
    working_days,
)

DEFAULT_PASSWORD = "heartbeat-demo"
SEED = 2019  # the year the business plan was published
PROGRAMME_START = dt.date(2019, 10, 1)
HISTORY_DAYS = 365

# Phases by number, as the lifecycle migration seeds them.
SCOPE, RECRUIT, DISCOVER, DESIGN, DELIVER = 1, 2, 3, 4, 5
PHASES = 7

# Digital Office officers who own the demo projects (invented people).
OFFICERS = (
    ("morag.campbell", "Morag", "Campbell", "Programme manager"),
    ("iain.macleod", "Iain", "MacLeod", "Portfolio lead"),
    ("priya.sharma", "Priya", "Sharma", "Service design lead"),
    ("callum.fraser", "Callum", "Fraser", "Technology lead"),
    ("eilidh.ross", "Eilidh", "Ross", "Data lead"),
    ("tomasz.nowak", "Tomasz", "Nowak", "Delivery manager"),
)

Status = Commitment.Status
Kind = Commitment.Kind
Decision = GateReview.Decision


@dataclass(frozen=True)
class SignIn:
    username: str
    role: str
    council: str = ""


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    sign_ins: list[SignIn] = field(default_factory=list)
    password: str = DEFAULT_PASSWORD

    def count(self, what: str, number: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + number


# The plan: every project drawn before anything is saved.


@dataclass(frozen=True)
class NeedPlan:
    """People in a role, or money (no role), over a period."""

    role: str | None
    person_days: int
    amount: int
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class ProjectPlan:
    spec: DemoProject
    name: str
    slug: str
    phase_number: int
    rag: str
    start: dt.date
    target: dt.date
    status_date: dt.date  # its newest pulse
    owner_index: int
    council_indexes: tuple[int, ...]
    needs: tuple[NeedPlan, ...]
    phase_dates: tuple[dt.date, ...]  # the day it entered phases 1, 2, ... current
    closed_on: dt.date | None
    lifecycle_seed: int  # draws the project's history

    def phase_on(self, day: dt.date) -> int:
        """The phase the project was in on the day (after that day's gate review)."""
        return sum(1 for entered in self.phase_dates if entered <= day) or SCOPE


RAG_WEIGHTS = (("green", 6), ("amber", 3), ("red", 1))


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day from first to last, both included (first, if last is before it)."""
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _days(number: int) -> dt.timedelta:
    return dt.timedelta(days=number)


def plan_projects(scale: int, today: dt.date) -> list[ProjectPlan]:
    """Draw every project of the demo, in a fixed order from a fixed seed."""
    rng = random.Random(SEED)
    plans = []
    for wave in range(1, scale + 1):
        for index, spec in enumerate(PROJECTS):
            name = spec.name if wave == 1 else f"{spec.name} (wave {wave})"
            # Spread over all seven phases, with the later ones started longer ago:
            # a year back, most of today's projects were already running.
            phase_number = (index * 3 + wave) % PHASES + 1
            elapsed = rng.randint(30 + phase_number * 60, 120 + phase_number * 110)
            start = today - _days(elapsed)
            target = start + _days(rng.randint(elapsed + 60, elapsed + 720))
            rag = rng.choices(
                [rag for rag, _ in RAG_WEIGHTS], [w for _, w in RAG_WEIGHTS]
            )[0]
            # Earlier phases took a share of the time so far, each a random part.
            span = int(elapsed * rng.uniform(0.6, 0.9))
            weights = [rng.uniform(0.5, 1.5) for _ in range(phase_number - 1)]
            phase_dates = [start]
            for done in range(1, phase_number):
                share = sum(weights[:done]) / sum(weights)
                phase_dates.append(start + _days(int(span * share)))
            closes = (phase_number == PHASES and rng.random() < 0.5) or (
                spec.kind == Project.Kind.INFLUENCE
                and phase_number in (DISCOVER, DESIGN)
                and rng.random() < 0.4
            )
            closed_on = (
                min(today - _days(1), phase_dates[-1] + _days(rng.randint(14, 60)))
                if closes
                else None
            )
            # Most projects reported within the pulse interval; a few have gone quiet.
            quiet = rng.random() < 0.15
            status_age = rng.randint(40, 90) if quiet else rng.randint(0, 27)
            status_date = max(start, today - _days(status_age))
            if closed_on:
                status_date = max(phase_dates[-1], min(status_date, closed_on))
            cohort = {SCOPE: (0, 2), RECRUIT: (2, 6)}.get(phase_number, (4, 14))
            size = rng.randint(*cohort)
            councils = tuple(sorted(rng.sample(range(32), size)))
            # Resources are asked for from the Marketing Pack on: its day, or, for a
            # project still in Scope, the Recruit it expects.
            asks_from = (
                phase_dates[RECRUIT - 1]
                if phase_number >= RECRUIT
                else max(start + _days(60), today + _days(30))
            )
            needs = []
            for role in spec.roles:
                days = rng.choice((10, 15, 20, 30, 40, 60, 80, 120))
                starts = asks_from + _days(rng.randint(14, 75))
                ends = starts + _days(rng.randint(120, 400))
                needs.append(NeedPlan(role, days, 0, starts, ends))
            if spec.funding:
                starts = asks_from + _days(rng.randint(14, 45))
                needs.append(
                    NeedPlan(None, 0, spec.funding, starts, starts + _days(364))
                )
            # Inside the project's dates, and done by the day a closed project closed.
            last = min(target, closed_on or target)
            needs = [
                NeedPlan(
                    need.role,
                    need.person_days,
                    need.amount,
                    max(start, min(need.starts_on, last - _days(45))),
                    min(need.ends_on, last),
                )
                for need in needs
            ]
            plans.append(
                ProjectPlan(
                    spec=spec,
                    name=name,
                    slug=slugify(name)[:150],
                    phase_number=phase_number,
                    rag=rag,
                    start=start,
                    target=target,
                    status_date=status_date,
                    owner_index=rng.randrange(len(OFFICERS)),
                    council_indexes=councils,
                    needs=tuple(needs),
                    phase_dates=tuple(phase_dates),
                    closed_on=closed_on,
                    lifecycle_seed=rng.randrange(2**32),
                )
            )
    return plans


# A project's history: the steps it went through, each on its day. Within a day,
# a gate review comes first (what follows happens in the phase it opened), and a
# closure last (a closed project takes nothing more).


@dataclass(frozen=True)
class Review:
    day: dt.date
    decision: str
    rationale: str
    criteria_met: bool  # every mandatory one; the others always are

    @property
    def order(self) -> int:
        return 9 if self.decision == Decision.CLOSE else 0


@dataclass(frozen=True)
class ProductStatus:
    day: dt.date
    phase: int
    position: int  # among the phase's products
    status: str
    reason: str = ""
    order: ClassVar[int] = 1


@dataclass(frozen=True)
class PackPublished:
    day: dt.date
    order: ClassVar[int] = 2


@dataclass(frozen=True)
class Joined:
    day: dt.date
    council: int
    order: ClassVar[int] = 3


@dataclass(frozen=True)
class Proposed:
    day: dt.date
    key: int
    council: int
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    role: str | None = None
    person_days: int | None = None
    amount: int | None = None
    support: str = ""
    note: str = ""
    order: ClassVar[int] = 4


@dataclass(frozen=True)
class Decided:
    day: dt.date
    key: int
    status: str
    reason: str = ""
    by_lead: bool = False  # a council withdraws its own; staff decide the rest
    order: ClassVar[int] = 5


@dataclass(frozen=True)
class Pulsed:
    day: dt.date
    rag: str
    commentary: str
    order: ClassVar[int] = 6


@dataclass(frozen=True)
class BenefitSet:
    day: dt.date
    measure: str
    baseline: int
    target: int
    order: ClassVar[int] = 7


@dataclass(frozen=True)
class ActualRecorded:
    day: dt.date
    measure: str
    value: int
    order: ClassVar[int] = 8


Step = (
    Review
    | ProductStatus
    | PackPublished
    | Joined
    | Proposed
    | Decided
    | Pulsed
    | BenefitSet
    | ActualRecorded
)

COMMENTARY = {
    "green": (
        "On track: {phase} products progressing as planned with the cohort.",
        "On track: the cohort met this month and agreed the next steps in {phase}.",
        "On track: {phase} work shared with the councils taking part.",
    ),
    "amber": (
        "Some risk: {phase} is waiting on council resource; plan under review.",
        "Some risk: two councils have yet to name their officers for {phase}.",
    ),
    "red": (
        "Off track: {phase} has stalled; escalated to the portfolio lead.",
        "Off track: {phase} is behind plan and the cohort is short of people.",
    ),
}
STARTED = "Started: scoping the need with the councils that raised it."
PRODUCT_NOT_NEEDED = "Covered by the cohort's existing work; agreed at the gate."
DECLINED_BECAUSE = (
    "The cohort already has this role covered for the period.",
    "The period is before the work it would support: please offer a later quarter.",
    "More than the project needs from one council: please offer fewer days.",
)
WITHDRAWN_BECAUSE = (
    "The officer we named has moved to another post.",
    "Budget pressures this quarter: we will offer again later in the year.",
    "Our own service redesign needs the officer for the period.",
)
LEAD_NOTES = (
    "Our officer can give two days a week across the period.",
    "Subject to sign-off by our head of service, expected within the month.",
    "We can host the cohort's workshops as part of this.",
)
IN_KIND = (
    "Meeting rooms for the cohort's workshops",
    "Hosting the pilot in a council office",
    "Loan of test devices for the pilot",
    "Venue and catering for the show and tell",
)
# What each kind of project measures, with a plausible baseline and target.
BENEFITS = {
    "technology": (
        ("cashable_savings", 0, 250_000),
        ("hours_saved", 0, 12_000),
    ),
    "redesign": (
        ("people_reached", 0, 40_000),
        ("hours_saved", 0, 6_000),
    ),
    "new_ways": (("staff_trained", 0, 600), ("councils_adopting", 0, 12)),
    "influence": (("councils_adopting", 0, 20),),
}
DECLINE, WITHDRAW_EARLY, WITHDRAW_LATE = 0.05, 0.09, 0.12  # cumulative shares
NOT_OFFERED = 0.3  # of the quarters a council could offer to, those it does not


def plan_history(
    plan: ProjectPlan, *, today: dt.date, phases: dict[int, Phase], roles: list[str]
) -> list[Step]:
    """Every step of the project's history after its start, in the order played.

    `phases` give the names and products of each phase; `roles` the roles list, for
    the few commitments of a role the project did not ask for.
    """
    rng = random.Random(plan.lifecycle_seed)
    joins = _plan_joins(plan, rng, today)
    steps: list[Step] = [
        *_plan_reviews(plan, rng, today, phases),
        *_plan_products(plan, rng, today, phases),
        *_plan_pulses(plan, rng, phases),
        *([PackPublished(plan.phase_dates[RECRUIT - 1])] if _has_pack(plan) else []),
        *(Joined(day, council) for council, day in joins.items()),
        *_plan_commitments(plan, rng, today, joins, roles),
        *_plan_benefits(plan, rng, today),
    ]
    return sorted(steps, key=lambda step: (step.day, step.order))


def _has_pack(plan: ProjectPlan) -> bool:
    return plan.phase_number >= RECRUIT


def _plan_reviews(
    plan: ProjectPlan, rng: random.Random, today: dt.date, phases: dict[int, Phase]
) -> list[Review]:
    """A proceed at each gate passed, now and then a hold before it, and the close."""
    reviews = []
    current = plan.phase_number
    for number in range(1, current + 1):
        entered = plan.phase_dates[number - 1]
        left = plan.phase_dates[number] if number < current else None
        name = phases[number].name
        until = left or (None if plan.closed_on else today)
        holds = rng.random() < (0.15 if left else 0.3)
        if holds and until and (until - entered).days > 30:
            reviews.append(
                Review(
                    entered + (until - entered) // 2,
                    Decision.HOLD,
                    f"Not ready to leave {name}: a mandatory criterion is still "
                    "open. Review again next month.",
                    criteria_met=False,
                )
            )
        if left:
            reviews.append(
                Review(
                    left,
                    Decision.PROCEED,
                    f"{name} products delivered and exit criteria met; the cohort "
                    f"agreed to move to {phases[number + 1].name}.",
                    criteria_met=True,
                )
            )
    if plan.closed_on:
        reviews.append(
            Review(
                plan.closed_on,
                Decision.CLOSE,
                "Closure report accepted and benefits handed to an owner."
                if current == PHASES
                else f"The shared learning is the product: closing after "
                f"{phases[current].name}.",
                criteria_met=True,
            )
        )
    return reviews


def _plan_products(
    plan: ProjectPlan, rng: random.Random, today: dt.date, phases: dict[int, Phase]
) -> list[ProductStatus]:
    """Products of the phases passed delivered (a few not needed) before the gate;
    those of the current phase somewhere along the way."""
    steps = []
    for number in range(1, plan.phase_number + 1):
        entered = plan.phase_dates[number - 1]
        done = (
            plan.phase_dates[number] if number < plan.phase_number else plan.closed_on
        )
        for position in range(len(phases[number].products.all())):
            draw = rng.random()
            if done is not None:
                started = _between(rng, entered, entered + (done - entered) // 2)
                finished = _between(rng, started, done - _days(1))
                if draw < 0.1:
                    steps.append(
                        ProductStatus(
                            finished,
                            number,
                            position,
                            ProjectProduct.Status.NOT_NEEDED,
                            PRODUCT_NOT_NEEDED,
                        )
                    )
                    continue
            else:
                started = _between(rng, entered, today)
                finished = _between(rng, started, today)
                if draw < 0.3:
                    continue  # not started yet
            steps.append(
                ProductStatus(
                    started, number, position, ProjectProduct.Status.IN_PROGRESS
                )
            )
            if done is not None or draw > 0.7:
                steps.append(
                    ProductStatus(
                        finished, number, position, ProjectProduct.Status.DELIVERED
                    )
                )
    return steps


def _commentary(rng: random.Random, rag: str, phase: Phase) -> str:
    return rng.choice(COMMENTARY[rag]).format(phase=phase.name)


def _plan_pulses(
    plan: ProjectPlan, rng: random.Random, phases: dict[int, Phase]
) -> list[Pulsed]:
    """A pulse every three or four weeks (now and then a late one) from the start,
    the last one on the project's status date: its current status."""
    pulses = []
    day = plan.start
    while True:
        late = rng.random() < 0.05
        day += _days(rng.randint(30, 42) if late else rng.randint(18, 28))
        rag = rng.choices(("green", "amber", "red"), (7, 3, 1))[0]
        if day >= plan.status_date:
            break
        pulses.append(
            Pulsed(day, rag, _commentary(rng, rag, phases[plan.phase_on(day)]))
        )
    if plan.status_date > plan.start:
        phase = phases[plan.phase_on(plan.status_date)]
        pulses.append(
            Pulsed(plan.status_date, plan.rag, _commentary(rng, plan.rag, phase))
        )
    return pulses


def _plan_joins(
    plan: ProjectPlan, rng: random.Random, today: dt.date
) -> dict[int, dt.date]:
    """The day each council joined: once the pack was out, most of them while the
    project recruited; before any pack, the councils that raised the need."""
    last = plan.closed_on or today
    if _has_pack(plan):
        opens = plan.phase_dates[RECRUIT - 1]
        cohort_by = plan.phase_dates[RECRUIT] if plan.phase_number > RECRUIT else last
    else:
        opens = plan.start + _days(3)
        cohort_by = min(last, plan.start + _days(60))
    joins = {}
    for council in plan.council_indexes:
        late = rng.random() < 0.15
        joins[council] = _between(rng, opens, last if late else cohort_by)
    return joins


def _tranches(starts: dt.date, ends: dt.date) -> list[tuple[dt.date, dt.date]]:
    """A period cut into quarters, the last one shorter if need be."""
    tranches = []
    while starts <= ends:
        until = min(ends, starts + _days(90))
        tranches.append((starts, until))
        starts = until + _days(1)
    return tranches


def _plan_commitments(
    plan: ProjectPlan,
    rng: random.Random,
    today: dt.date,
    joins: dict[int, dt.date],
    roles: list[str],
) -> list[Proposed | Decided]:
    """Each council offers some quarters of the project's needs, a few weeks ahead
    and never before it joined; staff confirm or decline within weeks; a quarter
    confirmed is fulfilled once it is over. A few offers are of a role the project
    did not ask for, or of support in kind."""
    last = plan.closed_on or today
    cohort = max(1, len(plan.council_indexes))
    asked = {need.role for need in plan.needs}
    others = [role for role in roles if role not in asked]
    ceiling = settings.HEARTBEAT_MONEY_CEILING
    steps: list[Proposed | Decided] = []
    other_periods: dict[tuple[int, str], list[tuple[dt.date, dt.date]]] = {}
    for council in plan.council_indexes:
        joined = joins[council]
        offers = []
        for need in plan.needs:
            tranches = _tranches(need.starts_on, need.ends_on)
            for starts, ends in tranches:
                # Every draw is made, used or not, so one offer never shifts the next.
                offered = rng.random() >= NOT_OFFERED
                ahead = rng.randint(7, 45)
                size = rng.uniform(0.6, 1.4)
                other = rng.choice(others) if others and rng.random() < 0.04 else None
                if not offered:
                    continue
                proposed = max(joined, starts - _days(ahead))
                if proposed > last or proposed > ends:
                    continue  # not offered yet, or the council joined too late
                if need.role is None:
                    share = need.amount / cohort / len(tranches) * 1.5 * size
                    amount = min(ceiling, max(500, int(round(share, -2))))
                    offers.append(
                        (proposed, starts, ends, Kind.MONEY, None, None, amount)
                    )
                    continue
                most = working_days(starts, ends)
                share = need.person_days / (cohort * 0.7) / len(tranches) * size
                days = min(most, max(1, round(share)))
                role = need.role
                if other:
                    # Never two active offers of one role for overlapping periods.
                    taken = other_periods.setdefault((council, other), [])
                    if not any(a <= ends and starts <= b for a, b in taken):
                        role = other
                        taken.append((starts, ends))
                if most:
                    offers.append(
                        (proposed, starts, ends, Kind.PEOPLE, role, days, None)
                    )
        in_kind = rng.random() < 0.08
        support = rng.choice(IN_KIND)
        if in_kind and offers:
            proposed, starts, ends, *_ = offers[0]
            offers.append((proposed, starts, ends, Kind.IN_KIND, None, None, None))
        for proposed, starts, ends, kind, role, days, amount in offers:
            key = len(steps)
            note = rng.choice(LEAD_NOTES) if rng.random() < 0.15 else ""
            steps.append(
                Proposed(
                    proposed,
                    key,
                    council,
                    kind,
                    starts,
                    ends,
                    role=role,
                    person_days=days,
                    amount=amount,
                    support=support if kind == Kind.IN_KIND else "",
                    note=note,
                )
            )
            steps.extend(_plan_decisions(plan, rng, today, key, proposed, starts, ends))
    return steps


def _plan_decisions(
    plan: ProjectPlan,
    rng: random.Random,
    today: dt.date,
    key: int,
    proposed: dt.date,
    starts: dt.date,
    ends: dt.date,
) -> list[Decided]:
    """What became of an offer: decided by staff within a month of it, withdrawn by
    the council now and then, fulfilled after its quarter; on a closed project,
    everything settled by the day it closed."""
    fate = rng.random()
    decided = proposed + _days(rng.randint(3, 28))
    withdrawn = proposed + _days(rng.randint(5, 60))
    fulfilled = ends + _days(rng.randint(1, 20))
    left_open = rng.random() < 0.05  # confirmed, its delivery not yet recorded
    reason = rng.choice(WITHDRAWN_BECAUSE if fate >= DECLINE else DECLINED_BECAUSE)
    if plan.closed_on:
        decided = min(decided, plan.closed_on)
        withdrawn = min(withdrawn, plan.closed_on)
        fulfilled = min(fulfilled, plan.closed_on)
        left_open = False
    if fate < DECLINE:
        if decided > today:
            return []
        return [Decided(decided, key, Status.DECLINED, reason)]
    if fate < WITHDRAW_EARLY:
        if withdrawn > today:
            return []
        return [Decided(withdrawn, key, Status.WITHDRAWN, reason, by_lead=True)]
    if decided > today:
        return []  # still waiting for staff
    steps = [Decided(decided, key, Status.CONFIRMED)]
    if fate < WITHDRAW_LATE:
        withdrawn = max(decided, min(withdrawn, ends))
        if withdrawn <= today:
            steps.append(
                Decided(withdrawn, key, Status.WITHDRAWN, reason, by_lead=True)
            )
        return steps
    fulfilled = max(decided, fulfilled)
    if fulfilled <= today and fulfilled >= starts and not left_open:
        steps.append(Decided(fulfilled, key, Status.FULFILLED))
    return steps


def _plan_benefits(
    plan: ProjectPlan, rng: random.Random, today: dt.date
) -> list[BenefitSet | ActualRecorded]:
    """Benefits baselined in Design; from Deliver on, a monthly actual of each."""
    if plan.phase_number < DESIGN:
        return []
    steps: list[BenefitSet | ActualRecorded] = []
    last = plan.closed_on or today
    designed = plan.phase_dates[DESIGN - 1]
    delivering = plan.phase_dates[DESIGN] if plan.phase_number > DESIGN else None
    baselined = _between(rng, designed, (delivering or last) - _days(1))
    scale = rng.uniform(0.3, 1.5)
    for measure, baseline, target in BENEFITS[plan.spec.kind]:
        target = round(target * scale)
        steps.append(BenefitSet(baselined, measure, baseline, target))
        if delivering is None:
            continue
        pace = rng.uniform(0.02, 0.06)
        months = (last - delivering).days // 30
        for month in range(1, months + 1):
            achieved = min(1.2, pace * month)
            steps.append(
                ActualRecorded(
                    delivering + _days(30 * month), measure, round(target * achieved)
                )
            )
    return steps


# Playing the history through the services.

SPOTLIGHTS = {
    "influence": "Councils elsewhere in the UK have shared practice this way through "
    "communities of practice: the UK Local Digital Fund backed 61 council-led projects "
    "whose outputs more than 100 councils reuse.",
    "new_ways": "The Scottish Approach to Service Design (discover, define, develop, "
    "deliver) has been used across Scottish public services to redesign work with "
    "the people who do it.",
    "redesign": "GOV.UK services move through discovery, alpha, beta and live, and "
    "measure cost per transaction, user satisfaction, completion rate and digital "
    "take-up: the same measures this project reports.",
    "technology": "Projects funded by the UK Local Digital Fund were led by at least "
    "two councils each and shared their code and designs openly for others to reuse.",
}
OPEN_INNOVATION_SPOTLIGHT = (
    "CivTech, the Scottish Government's challenge programme, has run rounds since "
    "2016 in which public bodies set challenges and businesses build solutions with "
    "them. The first Heartbeat Marketing Pack recruited council officers for an Open "
    "Innovation Programme of the same kind with Scottish Enterprise."
)


@dataclass
class _Player:
    """Plays one project's steps through the services, keeping what they return."""

    project: Project
    plan: ProjectPlan
    owner: User
    leads: dict[int, User]  # by council index
    councils: list[Council]
    phases: dict[int, Phase]
    roles: dict[str, ResourceRole]
    report: SeedReport
    phase_number: int = SCOPE
    latest_review: int | None = None
    council_of: dict[int, int] = field(default_factory=dict)  # by commitment key
    commitments: dict[int, Commitment] = field(default_factory=dict)
    benefits: dict[str, Benefit] = field(default_factory=dict)
    products: dict[int, ProjectProduct] = field(default_factory=dict)

    def play(self, step: Step) -> None:
        match step:
            case Review():
                self._review(step)
            case ProductStatus():
                self._product(step)
            case PackPublished():
                self._pack(step)
            case Joined():
                join_project(
                    self.project,
                    council=self.councils[step.council],
                    by=self.leads[step.council],
                    on=step.day,
                )
                self.report.count("participations")
            case Proposed():
                self._propose(step)
            case Decided():
                self._decide(step)
            case Pulsed():
                report_pulse(
                    self.project,
                    rag_status=step.rag,
                    commentary=step.commentary,
                    by=self.owner,
                    reported_on=step.day,
                )
                self.report.count("pulses")
            case BenefitSet():
                self.benefits[step.measure] = save_benefit(
                    self.project,
                    by=self.owner,
                    terms=BenefitTerms(
                        measure=step.measure,
                        baseline=Decimal(step.baseline),
                        target=Decimal(step.target),
                        description="From the cohort's monthly returns.",
                    ),
                    on=step.day,
                )
                self.report.count("benefits")
            case ActualRecorded():
                record_actual(
                    self.benefits[step.measure],
                    by=self.owner,
                    measured_on=step.day,
                    value=Decimal(step.value),
                    note="From the cohort's monthly return.",
                    on=step.day,
                )
                self.report.count("benefit actuals")

    def _review(self, step: Review) -> None:
        phase = self.phases[self.phase_number]
        ticks = [
            CriterionTick(
                criterion,
                met := step.criteria_met or not criterion.mandatory,
                f"Shown to the cohort on {step.day:%d %B %Y}." if met else "",
            )
            for criterion in phase.criteria.all()
        ]
        review = record_gate_review(
            self.project,
            decision=step.decision,
            by=self.owner,
            rationale=step.rationale,
            ticks=ticks,
            decided_on=step.day,
            based_on_review=self.latest_review,
        )
        self.latest_review = review.pk
        self.phase_number = review.to_phase.number
        self.report.count("gate reviews")

    def _product(self, step: ProductStatus) -> None:
        product = self.phases[step.phase].products.all()[step.position]
        if product.pk not in self.products:
            self.products = {row.product_id: row for row in self.project.products.all()}
        self.products[product.pk] = set_product_status(
            self.products[product.pk],
            status=step.status,
            by=self.owner,
            reason=step.reason,
            on=step.day,
        )

    def _pack(self, step: PackPublished) -> None:
        spec = self.plan.spec
        pack = save_pack(
            self.project,
            by=self.owner,
            on=step.day,
            headline=spec.headline,
            what_councils_gain=f"{spec.outcome} Councils that take part shape the "
            "work from the start and are first to reuse what it makes.",
            spotlight=OPEN_INNOVATION_SPOTLIGHT
            if spec.name.startswith("Open Innovation")
            else SPOTLIGHTS[spec.kind],
            contact_name=self.owner.get_full_name(),
            contact_email=self.owner.email,
        )
        publish_pack(pack, by=self.owner, on=step.day)
        self.report.count("marketing packs")

    def _propose(self, step: Proposed) -> None:
        self.commitments[step.key] = propose_commitment(
            self.project,
            council=self.councils[step.council],
            by=self.leads[step.council],
            terms=CommitmentTerms(
                kind=step.kind,
                starts_on=step.starts_on,
                ends_on=step.ends_on,
                role=self.roles[step.role] if step.role else None,
                person_days=step.person_days,
                amount=None if step.amount is None else Decimal(step.amount),
                support=step.support,
                description=step.note,
            ),
            on=step.day,
        )
        self.council_of[step.key] = step.council
        self.report.count("commitments")

    def _decide(self, step: Decided) -> None:
        commitment = self.commitments[step.key]
        self.commitments[step.key] = set_commitment_status(
            commitment,
            status=step.status,
            by=self.leads[self.council_of[step.key]] if step.by_lead else self.owner,
            reason=step.reason,
            expected_version=commitment.version,
            on=step.day,
        )


# Users, portfolios, projects.


def _demo_password_hash(password: str) -> str:
    """One hash for every demo sign-in: hashing is slow by design, and 34 of them
    would make each run take many seconds. Reused from an existing sign-in when it
    still matches, so a second run hashes nothing."""
    existing = User.objects.filter(username="staff").first()
    if existing and existing.check_password(password):
        return existing.password
    return make_password(password)


def _ensure_user(
    username: str,
    *,
    password_hash: str | None,
    group: Group,
    first_name: str,
    last_name: str,
    council: Council | None = None,
    job_title: str = "",
) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@heartbeat.example",
            "council": council,
            "job_title": job_title,
        },
    )
    if password_hash is None:
        changed = user.has_usable_password()
        if changed:
            user.set_unusable_password()
    else:
        changed = user.password != password_hash
        user.password = password_hash
    if changed:
        user.save()
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    return user, created


def _seed_users(report: SeedReport, password: str) -> tuple[list[User], list[User]]:
    """The sign-ins (staff, executive, a lead per council) and the officers who own
    the projects. Returns the officers, and the leads in the councils' order."""
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role}
    password_hash = _demo_password_hash(password)
    _, created = _ensure_user(
        "staff",
        password_hash=password_hash,
        group=groups[Role.STAFF],
        first_name="Demo",
        last_name="Staff",
        job_title="Digital Office programme team",
    )
    report.count("sign-ins", created)
    report.sign_ins.append(SignIn("staff", Role.STAFF.label))
    _, created = _ensure_user(
        "executive",
        password_hash=password_hash,
        group=groups[Role.EXECUTIVE],
        first_name="Demo",
        last_name="Executive",
        job_title="Board member",
    )
    report.count("sign-ins", created)
    report.sign_ins.append(SignIn("executive", Role.EXECUTIVE.label))
    leads = []
    for council in Council.objects.order_by("short_name"):
        username = f"lead-{council.slug}"
        lead, created = _ensure_user(
            username,
            password_hash=password_hash,
            group=groups[Role.LEAD],
            first_name=council.short_name,
            last_name="lead",
            council=council,
            job_title="Digital lead",
        )
        report.count("sign-ins", created)
        report.sign_ins.append(SignIn(username, Role.LEAD.label, council.short_name))
        leads.append(lead)
    officers = []
    for username, first, last, title in OFFICERS:
        officer, created = _ensure_user(
            username,
            password_hash=None,  # owners of demo projects, not sign-ins
            group=groups[Role.STAFF],
            first_name=first,
            last_name=last,
            job_title=title,
        )
        report.count("officers", created)
        officers.append(officer)
    return officers, leads


def _seed_portfolios(report: SeedReport, *, by: User) -> dict[str, Portfolio]:
    """The business plan's portfolios, at their ranks, through the set-up service."""
    objectives = {o.slug: o for o in VisionObjective.objects.all()}
    portfolios = {p.slug: p for p in Portfolio.objects.all()}
    for spec in PORTFOLIOS:
        if spec.slug in portfolios:
            continue
        portfolios[spec.slug] = save_portfolio(
            Portfolio(
                name=spec.name,
                priority=spec.rank,
                summary=spec.summary,
                lead_officer=spec.lead_officer,
                starts_on=PROGRAMME_START,
            ),
            by=by,
            vision_objectives=[objectives[s] for s in spec.objectives],
        )
        report.count("portfolios")
    return portfolios


# Targets the portfolios track against their projects' benefits (measures the demo's
# projects report, so each shows a real standing).
TARGETS = (
    ("digital-telecare", "councils_adopting", 32, dt.date(2027, 3, 31)),
    ("modern-workplace", "hours_saved", 40_000, dt.date(2027, 3, 31)),
    ("service-design-and-innovation", "people_reached", 100_000, dt.date(2027, 9, 30)),
    ("digital-leadership", "staff_trained", 1_500, dt.date(2027, 3, 31)),
)


def _seed_targets(
    report: SeedReport, portfolios: dict[str, Portfolio], *, by: User
) -> None:
    for slug, measure, target, due_on in TARGETS:
        portfolio = portfolios[slug]
        if portfolio.targets.filter(measure=measure, due_on=due_on).exists():
            continue
        save_target(
            PortfolioTarget(
                portfolio=portfolio,
                measure=measure,
                target=Decimal(target),
                due_on=due_on,
            ),
            by=by,
        )
        report.count("portfolio targets")


def _start(
    plan: ProjectPlan,
    *,
    portfolio: Portfolio,
    owner: User,
    phases: dict[int, Phase],
    objectives: dict[str, VisionObjective],
    roles: dict[str, ResourceRole],
) -> Project:
    """The project as it was started, in Scope, with the needs it asks for."""
    project = Project(
        portfolio=portfolio,
        name=plan.name,
        slug=plan.slug,
        summary=plan.spec.summary,
        problem=plan.spec.problem,
        outcome=plan.spec.outcome,
        kind=plan.spec.kind,
        phase=phases[SCOPE],
        rag_status=Project.Rag.GREEN,
        status_commentary=STARTED,
        owner=owner,
        start_date=plan.start,
        target_date=plan.target,
        is_demo=True,
    )
    start_project(
        project,
        by=owner,
        vision_objectives=[objectives[slug] for slug in plan.spec.objectives],
    )
    asked_on = min(plan.start, timezone.localdate())
    for need in plan.needs:
        save_need(
            ResourceNeed(
                project=project,
                role=roles[need.role] if need.role else None,
                person_days=need.person_days,
                amount=Decimal(need.amount),
                starts_on=need.starts_on,
                ends_on=need.ends_on,
            ),
            by=owner,
            on=asked_on,
        )
    return project


def _seed_projects(
    report: SeedReport,
    plans: list[ProjectPlan],
    *,
    today: dt.date,
    portfolios: dict[str, Portfolio],
    officers: list[User],
    leads: list[User],
) -> list[Project]:
    existing = set(Project.objects.values_list("slug", flat=True))
    missing = [plan for plan in plans if plan.slug not in existing]
    if not missing:
        return []
    phases = {
        phase.number: phase
        for phase in Phase.objects.prefetch_related("criteria", "products")
    }
    objectives = {o.slug: o for o in VisionObjective.objects.all()}
    councils = list(Council.objects.order_by("short_name"))
    asked = sorted({need.role for p in missing for need in p.needs if need.role})
    roles = {name: ResourceRole.objects.get_or_create(name=name)[0] for name in asked}
    roles |= {role.name: role for role in ResourceRole.objects.filter(is_active=True)}
    role_names = sorted(roles)
    projects = []
    for plan in missing:
        owner = officers[plan.owner_index]
        project = _start(
            plan,
            portfolio=portfolios[plan.spec.portfolio],
            owner=owner,
            phases=phases,
            objectives=objectives,
            roles=roles,
        )
        player = _Player(
            project=project,
            plan=plan,
            owner=owner,
            leads=dict(enumerate(leads)),
            councils=councils,
            phases=phases,
            roles=roles,
            report=report,
        )
        for step in plan_history(plan, today=today, phases=phases, roles=role_names):
            player.play(step)
        projects.append(project)
        report.count("projects")
        report.count("resource needs", len(plan.needs))
    return projects


def _seed_contributions() -> None:
    """Demo contributions where none is recorded: a base plus a share by population."""
    for council in Council.objects.filter(annual_contribution__isnull=True):
        amount = 10_000 + round(council.population * 0.05, -2)
        council.annual_contribution = Decimal(amount)
        council.save(update_fields=["annual_contribution"])


def _told_at_the_time(projects: list[Project]) -> None:
    """The history's emails (a pack published, a phase changed) went out when it
    happened: the tasks its services queued find them sent, and send nothing now."""
    now = timezone.now()
    GateReview.objects.filter(
        project__in=projects, leads_notified_at__isnull=True
    ).update(leads_notified_at=now)
    MarketingPack.objects.filter(
        project__in=projects, leads_notified_at__isnull=True
    ).update(leads_notified_at=now)


@contextmanager
def task_logs_quiet() -> Iterator[None]:
    """The history's emails are queued as every publication and phase change queues
    them; they find the leads told and send nothing, and their hundreds of log
    lines (tasks run in-process without a broker) would bury the sign-ins."""
    logger = logging.getLogger("celery.app.trace")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def seed_demo(*, scale: int = 1, password: str = DEFAULT_PASSWORD) -> SeedReport:
    """Create what is missing of the demo: sign-ins, portfolios and projects with
    their history up to today."""
    today = timezone.localdate()
    report = SeedReport(password=password)
    with task_logs_quiet(), bulk_writes(), transaction.atomic():
        officers, leads = _seed_users(report, password)
        portfolios = _seed_portfolios(report, by=officers[0])
        _seed_targets(report, portfolios, by=officers[0])
        projects = _seed_projects(
            report,
            plan_projects(scale, today),
            today=today,
            portfolios=portfolios,
            officers=officers,
            leads=leads,
        )
        _seed_contributions()
        _told_at_the_time(projects)
        report.count("ideas", seed_ideas(staff=officers[0]))
    return report


def seed_history(report: SeedReport, *, days: int = HISTORY_DAYS) -> None:
    """Daily metric snapshots, computed from the dated facts of the demo.

    If this run created projects, every day is computed afresh; otherwise only the
    days that have no figures yet.
    """
    if report.created.get("projects"):
        Snapshot.objects.all().delete()
    report.count("days of metrics", backfill(days))
