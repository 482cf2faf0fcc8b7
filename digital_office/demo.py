"""Demo data on top of the real councils: portfolios, projects, needs and sign-ins.

Deterministic (one seeded random generator, drawn in the same order every run) and
idempotent: what exists is left as it is and only what is missing is created, so a
second run changes nothing. Dates are laid out around the day of the first run, so a
fresh demo always looks live.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Council, User
from councils.roles import Role
from digital_office.demo_data import PORTFOLIOS, PROJECTS, DemoProject
from heartbeat.models import (
    CriterionCheck,
    GateReview,
    MarketingPack,
    Phase,
    ProjectProduct,
    Pulse,
)
from metrics.models import Snapshot
from metrics.services import backfill
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    Project,
    ResourceNeed,
    VisionObjective,
)

DEFAULT_PASSWORD = "heartbeat-demo"
SEED = 2019  # the year the business plan was published
PROGRAMME_START = dt.date(2019, 10, 1)

# Digital Office officers who own the demo projects (invented people).
OFFICERS = (
    ("morag.campbell", "Morag", "Campbell", "Programme manager"),
    ("iain.macleod", "Iain", "MacLeod", "Portfolio lead"),
    ("priya.sharma", "Priya", "Sharma", "Service design lead"),
    ("callum.fraser", "Callum", "Fraser", "Technology lead"),
    ("eilidh.ross", "Eilidh", "Ross", "Data lead"),
    ("tomasz.nowak", "Tomasz", "Nowak", "Delivery manager"),
)


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

    def count(self, what: str, number: int) -> None:
        self.created[what] = self.created.get(what, 0) + number


@dataclass(frozen=True)
class ProjectPlan:
    """Everything drawn at random for one project, before anything is saved."""

    spec: DemoProject
    name: str
    slug: str
    phase_number: int
    rag: str
    start: dt.date
    target: dt.date
    status_date: dt.date
    owner_index: int
    council_indexes: tuple[int, ...]
    needs: tuple[tuple[str, int, int, dt.date, dt.date], ...]
    phase_dates: tuple[dt.date, ...]  # the day it entered phases 1, 2, ... current
    closed_on: dt.date | None
    lifecycle_seed: int  # draws the reviews, pulses and products of the project


RAG_WEIGHTS = (("green", 6), ("amber", 3), ("red", 1))
COMMENTARY = {
    "green": "On track: {phase} products progressing as planned with the cohort.",
    "amber": "Some risk: {phase} is waiting on council resource; plan under review.",
    "red": "Off track: {phase} has stalled; escalated to the portfolio lead.",
}


def plan_projects(scale: int, today: dt.date) -> list[ProjectPlan]:
    """Draw every project of the demo, in a fixed order from a fixed seed."""
    rng = random.Random(SEED)
    plans = []
    for wave in range(1, scale + 1):
        for index, spec in enumerate(PROJECTS):
            name = spec.name if wave == 1 else f"{spec.name} (wave {wave})"
            # Spread over all seven phases, with more projects in the middle ones.
            phase_number = (index * 3 + wave) % 7 + 1
            elapsed = rng.randint(30 + phase_number * 60, 120 + phase_number * 110)
            start = today - dt.timedelta(days=elapsed)
            target = start + dt.timedelta(days=rng.randint(elapsed + 60, elapsed + 720))
            rag = rng.choices(
                [rag for rag, _ in RAG_WEIGHTS], [w for _, w in RAG_WEIGHTS]
            )[0]
            # Earlier phases took a share of the time so far, each a random part.
            span = int(elapsed * rng.uniform(0.6, 0.9))
            weights = [rng.uniform(0.5, 1.5) for _ in range(phase_number - 1)]
            phase_dates = [start]
            for done in range(1, phase_number):
                share = sum(weights[:done]) / sum(weights)
                phase_dates.append(start + dt.timedelta(days=int(span * share)))
            closes = (phase_number == 7 and rng.random() < 0.5) or (
                spec.kind == "influence"
                and phase_number in (3, 4)
                and rng.random() < 0.4
            )
            closed_on = (
                min(
                    today - dt.timedelta(days=1),
                    phase_dates[-1] + dt.timedelta(days=rng.randint(14, 60)),
                )
                if closes
                else None
            )
            # Most projects reported within the last month; a few have gone quiet.
            quiet = rng.random() < 0.15
            status_age = rng.randint(40, 90) if quiet else rng.randint(0, 27)
            status_date = max(start, today - dt.timedelta(days=status_age))
            if closed_on:
                status_date = max(start, min(status_date, closed_on))
            cohort = {1: (0, 2), 2: (2, 6)}.get(phase_number, (4, 14))
            size = rng.randint(*cohort)
            councils = tuple(sorted(rng.sample(range(32), size)))
            needs = []
            for role in spec.roles:
                days = rng.choice((10, 15, 20, 30, 40, 60, 80, 120))
                need_start = start + dt.timedelta(days=rng.randint(0, 60))
                need_end = min(
                    target, need_start + dt.timedelta(days=rng.randint(90, 365))
                )
                needs.append((role, days, 0, need_start, max(need_start, need_end)))
            if spec.funding:
                needs.append(("Funding", 0, spec.funding, start, target))
            plans.append(
                ProjectPlan(
                    spec=spec,
                    name=name,
                    slug=slugify_name(name),
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


def slugify_name(name: str) -> str:
    return slugify(name)[:150]


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


def _seed_users(report: SeedReport, password: str) -> list[User]:
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
    for council in Council.objects.order_by("short_name"):
        username = f"lead-{council.slug}"
        _, created = _ensure_user(
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
    return officers


def _seed_portfolios(report: SeedReport) -> dict[str, Portfolio]:
    objectives = {o.slug: o for o in VisionObjective.objects.all()}
    portfolios = {}
    for spec in PORTFOLIOS:
        portfolio, created = Portfolio.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "priority": spec.rank,
                "summary": spec.summary,
                "lead_officer": spec.lead_officer,
                "starts_on": PROGRAMME_START,
            },
        )
        if created:
            portfolio.vision_objectives.set([objectives[s] for s in spec.objectives])
        report.count("portfolios", created)
        portfolios[spec.slug] = portfolio
    return portfolios


def _seed_projects(
    report: SeedReport,
    plans: list[ProjectPlan],
    *,
    portfolios: dict[str, Portfolio],
    officers: list[User],
    staff: User,
) -> None:
    existing = set(Project.objects.values_list("slug", flat=True))
    missing = [plan for plan in plans if plan.slug not in existing]
    if not missing:
        return
    phases = {
        phase.number: phase
        for phase in Phase.objects.prefetch_related("criteria", "products")
    }
    objectives = {o.slug: o for o in VisionObjective.objects.all()}
    councils = list(Council.objects.order_by("short_name"))
    projects = Project.objects.bulk_create(
        Project(
            portfolio=portfolios[plan.spec.portfolio],
            name=plan.name,
            slug=plan.slug,
            summary=plan.spec.summary,
            problem=plan.spec.problem,
            outcome=plan.spec.outcome,
            kind=plan.spec.kind,
            phase=phases[plan.phase_number],
            rag_status=plan.rag,
            status_commentary=COMMENTARY[plan.rag].format(
                phase=phases[plan.phase_number].name
            ),
            status_date=plan.status_date,
            owner=officers[plan.owner_index],
            start_date=plan.start,
            target_date=plan.target,
            phase_entered_on=plan.phase_dates[-1],
            closed_on=plan.closed_on,
            is_demo=True,
        )
        for plan in missing
    )
    tags = Project.vision_objectives.through
    tags.objects.bulk_create(
        tags(project=project, visionobjective=objectives[slug])
        for project, plan in zip(projects, missing, strict=True)
        for slug in plan.spec.objectives
    )
    ResourceNeed.objects.bulk_create(
        ResourceNeed(
            project=project,
            role=role,
            person_days=days,
            amount=Decimal(amount),
            starts_on=starts,
            ends_on=ends,
        )
        for project, plan in zip(projects, missing, strict=True)
        for role, days, amount, starts, ends in plan.needs
    )
    participations = Participation.objects.bulk_create(
        Participation(
            project=project,
            council=councils[index],
            joined_on=plan.start + dt.timedelta(days=14 + index % 30),
            registered_by=staff,
        )
        for project, plan in zip(projects, missing, strict=True)
        for index in plan.council_indexes
    )
    _seed_lifecycle(report, projects, missing, phases=phases, officers=officers)
    _seed_packs(report, projects, missing, officers=officers)
    _seed_commitments(report, projects, missing, councils=councils)
    _seed_benefits(report, projects, missing, officers=officers)
    report.count("projects", len(projects))
    report.count("resource needs", sum(len(plan.needs) for plan in missing))
    report.count("participations", len(participations))


PRODUCT_NOT_NEEDED = "Covered by the cohort's existing work; agreed at the gate."


def _demo_review(
    project: Project,
    owner: User,
    decision: str,
    phase: Phase,
    to_phase: Phase,
    on: dt.date,
    why: str,
) -> tuple[GateReview, list[CriterionCheck]]:
    """A past gate review; every criterion met, except the mandatory ones of a hold."""
    record = GateReview(
        project=project,
        phase=phase,
        decision=decision,
        to_phase=to_phase,
        decided_on=on,
        decided_by=owner,
        rationale=why,
        leads_notified_at=timezone.now(),
    )
    ticks = []
    for criterion in phase.criteria.all():
        met = decision != GateReview.Decision.HOLD or not criterion.mandatory
        ticks.append(
            CriterionCheck(
                criterion=criterion,
                text=criterion.text,
                mandatory=criterion.mandatory,
                met=met,
                evidence=f"Shown to the cohort on {on:%d %B %Y}." if met else "",
            )
        )
    return record, ticks


def _seed_lifecycle(
    report: SeedReport,
    projects: list[Project],
    plans: list[ProjectPlan],
    *,
    phases: dict[int, Phase],
    officers: list[User],
) -> None:
    """The history each demo project would have: gate reviews through its phases,
    monthly pulses and the status of its products."""
    products = {number: list(phase.products.all()) for number, phase in phases.items()}
    reviews, checks, pulses, statuses = [], [], [], []
    for project, plan in zip(projects, plans, strict=True):
        rng = random.Random(plan.lifecycle_seed)
        owner = officers[plan.owner_index]
        current = plan.phase_number

        decisions = [
            (
                GateReview.Decision.PROCEED,
                number,
                number + 1,
                plan.phase_dates[number],
                f"{phases[number].name} products delivered and exit criteria met; "
                f"the cohort agreed to move to {phases[number + 1].name}.",
            )
            for number in range(1, current)
        ]
        days_in_phase = (plan.closed_on or plan.status_date) - plan.phase_dates[-1]
        if not plan.closed_on and days_in_phase.days > 30 and rng.random() < 0.3:
            decisions.append(
                (
                    GateReview.Decision.HOLD,
                    current,
                    current,
                    plan.phase_dates[-1] + days_in_phase // 2,
                    f"Not ready to leave {phases[current].name}: a mandatory "
                    "criterion is still open. Review again next month.",
                )
            )
        if plan.closed_on:
            decisions.append(
                (
                    GateReview.Decision.CLOSE,
                    current,
                    current,
                    plan.closed_on,
                    "Closure report accepted and benefits handed to an owner."
                    if current == 7
                    else "The shared learning is the product: closing after Discover.",
                )
            )
        for decision, number, to, on, why in decisions:
            record, ticks = _demo_review(
                project, owner, decision, phases[number], phases[to], on, why
            )
            reviews.append(record)
            checks.append(ticks)

        reported = plan.status_date
        for month in range(12):
            if reported < plan.start:
                break
            rag = plan.rag if month == 0 else rng.choice(("green", "green", "amber"))
            pulses.append(
                Pulse(
                    project=project,
                    reported_on=reported,
                    rag_status=rag,
                    commentary=COMMENTARY[rag].format(phase=phases[current].name)
                    if month == 0
                    else "Monthly update to the cohort.",
                    reported_by=owner,
                )
            )
            reported -= dt.timedelta(days=28)

        for number in range(1, current + 1):
            for product in products[number]:
                if number < current or plan.closed_on:
                    needed = rng.random() > 0.1
                    status = "delivered" if needed else "not_needed"
                else:
                    status = rng.choice(("not_started", "in_progress", "delivered"))
                statuses.append(
                    ProjectProduct(
                        project=project,
                        product=product,
                        status=status,
                        not_needed_reason=PRODUCT_NOT_NEEDED
                        if status == "not_needed"
                        else "",
                    )
                )
    GateReview.objects.bulk_create(reviews)
    for record, ticks in zip(reviews, checks, strict=True):
        for tick in ticks:
            tick.review = record
    CriterionCheck.objects.bulk_create(tick for ticks in checks for tick in ticks)
    Pulse.objects.bulk_create(pulses)
    ProjectProduct.objects.bulk_create(statuses)
    report.count("gate reviews", len(reviews))
    report.count("pulses", len(pulses))


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
    "The first Heartbeat Marketing Pack recruited a cohort of council officers for "
    "an Open Innovation Programme with Scottish Enterprise: councils set challenges, "
    "and innovative businesses competed to solve them."
)


def _seed_packs(
    report: SeedReport,
    projects: list[Project],
    plans: list[ProjectPlan],
    *,
    officers: list[User],
) -> None:
    """A pack for every project past Scope, published when it reached Recruit."""
    packs = []
    for project, plan in zip(projects, plans, strict=True):
        if plan.phase_number < 2:
            continue
        owner = officers[plan.owner_index]
        recruit_on = plan.phase_dates[1]
        open_innovation = plan.spec.name.startswith("Open Innovation")
        packs.append(
            MarketingPack(
                project=project,
                headline=plan.spec.summary[:150],
                what_councils_gain=f"{plan.spec.outcome} Councils that take part "
                "shape the work from the start and are first to reuse what it makes.",
                spotlight=OPEN_INNOVATION_SPOTLIGHT
                if open_innovation
                else SPOTLIGHTS[plan.spec.kind],
                contact_name=owner.get_full_name(),
                contact_email=owner.email,
                published_at=timezone.make_aware(
                    dt.datetime.combine(recruit_on, dt.time(10))
                ),
                leads_notified_at=timezone.now(),
            )
        )
    MarketingPack.objects.bulk_create(packs)
    report.count("marketing packs", len(packs))


def _tranches(starts: dt.date, ends: dt.date) -> list[tuple[dt.date, dt.date]]:
    """A period cut into quarters, the last one shorter if need be."""
    tranches = []
    while starts <= ends:
        until = min(ends, starts + dt.timedelta(days=90))
        tranches.append((starts, until))
        starts = until + dt.timedelta(days=1)
    return tranches


def _seed_commitments(
    report: SeedReport,
    projects: list[Project],
    plans: list[ProjectPlan],
    *,
    councils: list[Council],
) -> None:
    """Each council taking part commits to some quarters of the project's needs."""
    Status = Commitment.Status
    today = timezone.localdate()
    commitments = []
    for project, plan in zip(projects, plans, strict=True):
        rng = random.Random(plan.lifecycle_seed + 1)
        cohort = max(1, len(plan.council_indexes))
        early = plan.phase_number <= 2
        for index in plan.council_indexes:
            council = councils[index]
            for role, days, amount, starts, ends in plan.needs:
                for tranche_start, tranche_end in _tranches(starts, ends):
                    if rng.random() < 0.55:
                        continue
                    if plan.closed_on or tranche_end < today:
                        status = rng.choice(
                            (Status.FULFILLED,) * 4 + (Status.WITHDRAWN,)
                        )
                    elif early:
                        status = rng.choice(
                            (Status.PROPOSED,) * 3 + (Status.CONFIRMED,)
                        )
                    else:
                        status = rng.choices(
                            (
                                Status.CONFIRMED,
                                Status.PROPOSED,
                                Status.WITHDRAWN,
                                Status.DECLINED,
                            ),
                            (13, 5, 1, 1),
                        )[0]
                    # Offered a few weeks before the tranche starts, confirmed a
                    # fortnight later; a figure of any past day is then as it was.
                    proposed = min(
                        today, tranche_start - dt.timedelta(days=rng.randint(7, 40))
                    )
                    confirmed = min(today, proposed + dt.timedelta(days=14))
                    ended = None
                    if status == Status.FULFILLED:
                        ended = min(today, tranche_end)
                    elif status in (Status.WITHDRAWN, Status.DECLINED):
                        ended = min(today, proposed + dt.timedelta(days=30))
                    commitment = Commitment(
                        project=project,
                        council=council,
                        role=role,
                        starts_on=tranche_start,
                        ends_on=tranche_end,
                        status=status,
                        proposed_on=proposed,
                        confirmed_on=confirmed
                        if status in (Status.CONFIRMED, Status.FULFILLED)
                        else None,
                        ended_on=ended,
                    )
                    if amount:
                        commitment.kind = Commitment.Kind.MONEY
                        commitment.role = Commitment.FUNDING
                        share = Decimal(amount) / cohort / 4
                        commitment.amount = max(Decimal(500), round(share, -2))
                    else:
                        commitment.kind = Commitment.Kind.PEOPLE
                        most = max(1, (tranche_end - tranche_start).days * 5 // 7)
                        commitment.person_days = min(
                            most, max(1, days // cohort + rng.randint(0, 5))
                        )
                    commitments.append(commitment)
    Commitment.objects.bulk_create(commitments, batch_size=2000)
    report.count("commitments", len(commitments))


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
DESIGN = 4  # benefits are baselined in Design, measured from Deliver on


def _seed_benefits(
    report: SeedReport,
    projects: list[Project],
    plans: list[ProjectPlan],
    *,
    officers: list[User],
) -> None:
    """Benefits for projects past Design, with monthly actuals once delivering."""
    today = timezone.localdate()
    benefits, actuals = [], []
    for project, plan in zip(projects, plans, strict=True):
        if plan.phase_number < DESIGN:
            continue
        rng = random.Random(plan.lifecycle_seed + 2)
        scale = rng.uniform(0.3, 1.5)
        for measure, baseline, target in BENEFITS[plan.spec.kind]:
            benefit = Benefit(
                project=project,
                measure=measure,
                baseline=Decimal(baseline),
                target=Decimal(round(target * scale)),
                description="Demo data: from the cohort's monthly returns.",
            )
            benefits.append(benefit)
            if plan.phase_number <= DESIGN:
                continue
            started = plan.phase_dates[DESIGN]  # entered Deliver
            months = max(0, ((plan.closed_on or today) - started).days // 30)
            pace = rng.uniform(0.02, 0.06)
            for month in range(1, months + 1):
                achieved = min(1.2, pace * month)
                actuals.append(
                    (
                        benefit,
                        started + dt.timedelta(days=30 * month),
                        Decimal(round(float(benefit.target) * achieved)),
                    )
                )
    Benefit.objects.bulk_create(benefits)
    BenefitActual.objects.bulk_create(
        BenefitActual(
            benefit=benefit,
            measured_on=day,
            value=value,
            recorded_by=officers[0],
            note="Demo data",
        )
        for benefit, day, value in actuals
    )
    report.count("benefits", len(benefits))


def _seed_contributions() -> None:
    """Demo contributions where none is recorded: a base plus a share by population."""
    for council in Council.objects.filter(annual_contribution__isnull=True):
        amount = 10_000 + round(council.population * 0.05, -2)
        council.annual_contribution = Decimal(amount)
        council.save(update_fields=["annual_contribution"])


@transaction.atomic
def seed_demo(
    *, scale: int = 1, password: str = DEFAULT_PASSWORD, today: dt.date | None = None
) -> SeedReport:
    today = today or timezone.localdate()
    report = SeedReport(password=password)
    officers = _seed_users(report, password)
    staff = User.objects.get(username="staff")
    portfolios = _seed_portfolios(report)
    _seed_projects(
        report,
        plan_projects(scale, today),
        portfolios=portfolios,
        officers=officers,
        staff=staff,
    )
    _seed_contributions()
    return report


HISTORY_DAYS = 365


def seed_history(report: SeedReport, *, days: int = HISTORY_DAYS) -> None:
    """A year of daily metric snapshots, computed from the dated facts of the demo.

    If this run created projects, every day is computed afresh; otherwise only the
    days that have no figures yet.
    """
    if report.created.get("projects"):
        Snapshot.objects.all().delete()
    report.count("days of metrics", backfill(days))
