"""The small world the access matrix and the hostile-input tests both build.

One builder: the access matrix builds it once per module (each test in a savepoint
rolled back after it), the hostile-input tests once per test (each example in a
savepoint of its own). Rows that carry a rule are made through the services, on the
days they happened, so the world obeys every rule a page will check.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group

from councils.models import Council, User
from councils.roles import Role
from heartbeat.models import GateReview, ProjectProduct, Pulse
from heartbeat.services import (
    ensure_phase_products,
    publish_pack,
    record_gate_review,
    report_pulse,
    save_pack,
)
from portfolios.models import (
    Benefit,
    Commitment,
    Portfolio,
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
)
from tests.factories import (
    PortfolioFactory,
    ProjectFactory,
    ResourceNeedFactory,
    ResourceRoleFactory,
    UserFactory,
)

PASSWORD = "correct horse battery"  # UserFactory's
PACK = {
    "headline": "Move every alarm to digital.",
    "what_councils_gain": "A tested plan.",
    "spotlight": "",
    "contact_name": "Morag Campbell",
    "contact_email": "morag@digitaloffice.scot",
}
# The days things happened, before "today" in the tests (late 2026).
JOINED = dt.date(2026, 2, 1)
PROPOSED = dt.date(2026, 2, 10)
DECIDED = dt.date(2026, 10, 1)


def user_in(role: Role, **kwargs: object) -> User:
    """A user in one of the portal's roles (found again by username if made)."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@dataclass
class World:
    users: dict[str, User | None]  # by role, as the access matrix names them
    portfolio: Portfolio
    project: Project
    recruiting: Project
    draft: Project
    needed_role: ResourceRole  # the role Digital telecare needs
    another_role: ResourceRole  # on the list, not needed by it
    retired_role: ResourceRole  # no longer offered
    need: ResourceNeed
    fife_commitment: Commitment
    highland_commitment: Commitment
    benefit: Benefit
    product: ProjectProduct
    review: GateReview
    pulse: Pulse


def build_world() -> World:
    """Care, a portfolio tagged with a vision objective, and three of its projects:

    - Digital telecare: needs 20 days of a data analyst; Fife and Highland take part,
      each with a proposed commitment of 20 such days; a published pack, a benefit
      with an actual, its products, a gate review held and a pulse (1 Oct 2026);
    - Shared analytics: recruiting (a published pack), no council yet; its owner
      has since become an executive (the admin no longer lets one be chosen);
    - Waste routes: its pack still a draft.
    """
    fife = Council.objects.get(slug="fife")
    highland = Council.objects.get(slug="highland")
    staff = user_in(Role.STAFF, username="do-staff")
    executive = user_in(Role.EXECUTIVE, username="exec")
    lead = user_in(Role.LEAD, username="lead-fife", council=fife)
    other_lead = user_in(Role.LEAD, username="lead-highland", council=highland)
    no_role = UserFactory(username="no-role")
    portfolio = PortfolioFactory(name="Care", slug="care")
    portfolio.vision_objectives.add(VisionObjective.objects.order_by("position")[0])
    project, recruiting, draft = (
        ProjectFactory(
            portfolio=portfolio,
            name=name,
            slug=slug,
            owner=owner,
            kind=Project.Kind.TECHNOLOGY,
        )
        for name, slug, owner in (
            ("Digital telecare", "digital-telecare", None),
            ("Shared analytics", "shared-analytics", executive),
            ("Waste routes", "waste-routes", None),
        )
    )
    for each in (project, recruiting, draft):
        ensure_phase_products(each, by=staff)
        pack = save_pack(each, by=staff, **PACK)
        if each is not draft:
            publish_pack(pack, by=staff)
    needed_role = ResourceRoleFactory(name="Data analyst")
    retired_role = ResourceRoleFactory(name="Fax operator", is_active=False)
    need = ResourceNeedFactory(project=project, role=needed_role)
    join_project(project, council=fife, by=lead, on=JOINED)
    terms = CommitmentTerms(
        kind=Commitment.Kind.PEOPLE,
        role=needed_role,
        person_days=20,
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 5, 29),
    )
    fife_commitment = propose_commitment(
        project, council=fife, by=lead, terms=terms, on=PROPOSED
    )
    highland_commitment = propose_commitment(
        project, council=highland, by=other_lead, terms=terms, on=PROPOSED
    )
    benefit = save_benefit(
        project,
        by=staff,
        terms=BenefitTerms(measure=Benefit.Measure.HOURS_SAVED, target=Decimal(1000)),
    )
    record_actual(benefit, by=staff, measured_on=DECIDED, value=Decimal(200))
    review = record_gate_review(
        project,
        decision=GateReview.Decision.HOLD,
        by=staff,
        rationale="Not yet.",
        ticks=[],
        decided_on=DECIDED,
        based_on_review=None,
    )
    pulse = report_pulse(
        project,
        rag_status=Project.Rag.GREEN,
        commentary="On track.",
        by=staff,
        reported_on=DECIDED,
    )
    return World(
        users={
            "anonymous": None,
            "staff": staff,
            "executive": executive,
            "lead": lead,
            "other_lead": other_lead,
            "no_role": no_role,
        },
        portfolio=portfolio,
        project=Project.objects.get(pk=project.pk),
        recruiting=recruiting,
        draft=draft,
        needed_role=needed_role,
        another_role=ResourceRoleFactory(name="Trainer"),
        retired_role=retired_role,
        need=need,
        fife_commitment=fife_commitment,
        highland_commitment=highland_commitment,
        benefit=benefit,
        product=project.products.first(),
        review=review,
        pulse=pulse,
    )
