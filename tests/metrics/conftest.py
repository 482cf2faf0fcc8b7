"""A small programme whose figures can be worked out by hand.

On 30 June 2026 (DAY):
- P1 (portfolio A, tagged Scaling): started 1 Jan, Scope -> Recruit on 1 Mar,
  Recruit -> Discover on 1 May; last pulse amber on 20 Jun. Needs 40 data analyst
  days and £10,000, both over 2026. Fife took part from 1 Feb; Highland from 15 Feb
  until 1 Jun. Fife committed 20 data analyst days over 1 Mar to 30 Sep (proposed
  10 Feb, confirmed 1 Mar) and £4,000 (proposed 1 Apr, never confirmed); Highland
  10 data analyst days (proposed 20 Feb, withdrawn 1 Jun). Products: Scope's three
  delivered; Recruit's one delivered, one not needed; Discover's one delivered, one
  in progress. Hours saved: baseline 0, target 1,000; 200 on 1 May, 500 on 15 Jul.
- P2 (portfolio A): started 1 Feb, still in Scope; one pulse, red, on 1 Apr, so
  stalled by DAY. Needs 10 developer days over 1 May to 31 Dec. Fife took part from
  1 Mar and committed 10 developer days over 1 Apr to 30 May (proposed 15 Mar,
  confirmed 20 Mar, fulfilled 30 May). Scope's three products not started.
- P3 (portfolio B): started 1 Jun 2025, closed 31 Mar 2026. Highland took part
  from 1 Jul 2025 and committed 15 project manager days over 1 Jul 2025 to 31 Mar
  2026 (proposed 1 Jul 2025, confirmed 1 Aug 2025, fulfilled 31 Mar 2026).

Worked by hand for DAY, with coverage as DESIGN §2 defines it (confirmed and
fulfilled commitments count, each for the part of its period inside the need's;
proposed ones never):
- P1: Fife's 20 days lie inside the need's period: people 20/40 = 50%; the £4,000
  is only proposed: money 0%; coverage the mean, 25%.
- P2: Fife's 10 days are fulfilled, so they count, but only the 30 of their 60 days
  from 1 May (inside the need) do: 5 of 10 days, 50%; no money needed: 50%.
- Portfolio A and the programme (P3 is closed): people 25/50 = 50%, money 0%: 25%.
- Committed (confirmed or fulfilled, to projects of any state, whole commitments):
  Fife 30 days (20 to P1, 10 to P2), Highland 15 (to P3, closed), so 45 for the
  programme: 30 to portfolio A, 15 to B, 20 to Scaling; no money.
- Councils taking part: Fife only (Highland left P1, and P3 is closed); Fife in two
  projects, Highland in none.
"""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from heartbeat.models import GateReview, Phase, PhaseProduct, ProjectProduct, Pulse
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    ResourceNeed,
    ResourceRole,
    VisionObjective,
)
from tests.factories import PortfolioFactory, ProjectFactory

DAY = dt.date(2026, 6, 30)
DATUM = re.compile(
    r'<data class="hb-datum" data-figure="([^"]+)"(?: data-scope="([^"]*)")?'
    r' value="([^"]*)">(.*?)</data>'
)


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def data_on(page: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Every figure a page marks with `{% datum %}`: by name and scope, its exact
    values and what is shown, in page order."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for name, scope, value, shown in DATUM.findall(page):
        key = (name, html.unescape(scope))
        found.setdefault(key, []).append((value, html.unescape(shown)))
    return found


def datum(page: str, name: str, scope: str = "") -> tuple[str, str]:
    """The first figure of that name and scope on the page: (exact value, shown)."""
    return data_on(page)[name, scope][0]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """No page, pending mark or generation kept from another test: the database
    rolls back between tests, the cache does not."""
    cache.clear()


@pytest.fixture
def programme(db, fife, highland, staff_user):
    phase = {p.number: p for p in Phase.objects.all()}
    a = PortfolioFactory(name="A", slug="a")
    b = PortfolioFactory(name="B", slug="b")
    scaling = VisionObjective.objects.get(slug="scaling")
    p1 = ProjectFactory(
        portfolio=a,
        phase=phase[3],
        start_date=d(1, 1),
        target_date=d(12, 31, 2027),
        phase_entered_on=d(5, 1),
        rag_status="amber",
        status_date=d(6, 20),
    )
    p1.vision_objectives.add(scaling)
    p2 = ProjectFactory(
        portfolio=a,
        phase=phase[1],
        start_date=d(2, 1),
        phase_entered_on=d(2, 1),
        rag_status="red",
        status_date=d(4, 1),
    )
    p3 = ProjectFactory(
        portfolio=b,
        phase=phase[2],
        start_date=d(6, 1, 2025),
        phase_entered_on=d(6, 1, 2025),
        closed_on=d(3, 31),
        status_date=d(3, 1),
    )
    for project, when, frm, to in ((p1, d(3, 1), 1, 2), (p1, d(5, 1), 2, 3)):
        GateReview.objects.create(
            project=project,
            phase=phase[frm],
            to_phase=phase[to],
            decision="proceed",
            decided_on=when,
            decided_by=staff_user,
            rationale="Met.",
        )
    Pulse.objects.create(
        project=p1, reported_on=d(6, 20), rag_status="amber", commentary="."
    )
    Pulse.objects.create(
        project=p2, reported_on=d(4, 1), rag_status="red", commentary="."
    )
    analyst = ResourceRole.objects.get(name="Data analyst")
    developer = ResourceRole.objects.get(name="Developer")
    manager = ResourceRole.objects.get(name="Project manager")
    ResourceNeed.objects.create(
        project=p1, role=analyst, person_days=40, starts_on=d(1, 1), ends_on=d(12, 31)
    )
    ResourceNeed.objects.create(
        project=p1,
        role=None,
        person_days=0,
        amount=Decimal(10000),
        starts_on=d(1, 1),
        ends_on=d(12, 31),
    )
    ResourceNeed.objects.create(
        project=p2,
        role=developer,
        person_days=10,
        starts_on=d(5, 1),
        ends_on=d(12, 31),
    )
    Participation.objects.create(project=p1, council=fife, joined_on=d(2, 1))
    Participation.objects.create(
        project=p1, council=highland, joined_on=d(2, 15), left_on=d(6, 1)
    )
    Participation.objects.create(project=p2, council=fife, joined_on=d(3, 1))
    Participation.objects.create(project=p3, council=highland, joined_on=d(7, 1, 2025))
    common = {"project": p1, "starts_on": d(3, 1), "ends_on": d(9, 30)}
    Commitment.objects.create(
        council=fife,
        kind="people",
        role=analyst,
        person_days=20,
        status="confirmed",
        proposed_on=d(2, 10),
        confirmed_on=d(3, 1),
        **common,
    )
    Commitment.objects.create(
        council=fife,
        kind="money",
        amount=Decimal(4000),
        status="proposed",
        proposed_on=d(4, 1),
        **common,
    )
    Commitment.objects.create(
        council=highland,
        kind="people",
        role=analyst,
        person_days=10,
        status="withdrawn",
        proposed_on=d(2, 20),
        ended_on=d(6, 1),
        **common,
    )
    Commitment.objects.create(
        project=p2,
        council=fife,
        kind="people",
        role=developer,
        person_days=10,
        starts_on=d(4, 1),
        ends_on=d(5, 30),
        status="fulfilled",
        proposed_on=d(3, 15),
        confirmed_on=d(3, 20),
        ended_on=d(5, 30),
    )
    Commitment.objects.create(
        project=p3,
        council=highland,
        kind="people",
        role=manager,
        person_days=15,
        starts_on=d(7, 1, 2025),
        ends_on=d(3, 31),
        status="fulfilled",
        proposed_on=d(7, 1, 2025),
        confirmed_on=d(8, 1, 2025),
        ended_on=d(3, 31),
    )
    statuses = {
        1: ["delivered", "delivered", "delivered"],
        2: ["delivered", "not_needed"],
        3: ["delivered", "in_progress"],
    }
    for number, wanted in statuses.items():
        products = PhaseProduct.objects.filter(phase=phase[number]).order_by("position")
        for product, status in zip(products, wanted, strict=True):
            ProjectProduct.objects.create(
                project=p1,
                product=product,
                phase=product.phase,
                name=product.name,
                status=status,
                not_needed_reason="Covered." if status == "not_needed" else "",
            )
    for product in PhaseProduct.objects.filter(phase=phase[1]):
        ProjectProduct.objects.create(
            project=p2, product=product, phase=product.phase, name=product.name
        )
    hours = Benefit.objects.create(
        project=p1, measure="hours_saved", baseline=0, target=Decimal(1000)
    )
    BenefitActual.objects.create(benefit=hours, measured_on=d(5, 1), value=200)
    BenefitActual.objects.create(benefit=hours, measured_on=d(7, 15), value=500)
    return {"a": a, "b": b, "p1": p1, "p2": p2, "p3": p3, "scaling": scaling}
