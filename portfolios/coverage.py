"""Coverage: what councils have committed against what a project needs (DESIGN §2).

The one definition, used by every page, pack, form, figure and export:

- a need is person-days in a role from the roles list, or money, over a period;
- it is covered by commitments that are confirmed or fulfilled, of the same role (or
  money), each counted for the part of its period that falls inside the need's
  period (in proportion to the days of its period);
- proposed commitments are shown beside, never counted;
- a need is covered at most in full: what is committed beyond it (more than it asks,
  or outside its period) is shown as beyond the need, never counted twice.

Pure functions over plain values, so the rule is tested without a database; the rows
come from `needs_from()` and `offers_from()`, which read model instances or `values()`
rows alike.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from portfolios.models import Commitment, ResourceNeed, is_today

MONEY = None  # the "role" of money needs and commitments


@dataclass(frozen=True)
class Need:
    role: Hashable | None  # a role (or its id); MONEY for money
    quantity: float  # person-days, or pounds
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class Offer:
    """A commitment as coverage sees it."""

    role: Hashable | None
    quantity: float
    starts_on: dt.date
    ends_on: dt.date
    counted: bool  # confirmed or fulfilled; otherwise proposed


def _days(starts_on: dt.date, ends_on: dt.date) -> int:
    return (ends_on - starts_on).days + 1


def _inside(offer: Offer, need: Need) -> float:
    """The part of the offer whose period falls inside the need's period."""
    first, last = max(offer.starts_on, need.starts_on), min(offer.ends_on, need.ends_on)
    if last < first:
        return 0.0
    return offer.quantity * _days(first, last) / _days(offer.starts_on, offer.ends_on)


def _allocate(needs: list[Need], offers: list[Offer]) -> float:
    """How much of the needs the offers cover: each need at most in full, and each
    offer used at most once, however the needs' periods overlap."""
    left = [offer.quantity for offer in offers]
    covered = 0.0
    for need in sorted(needs, key=lambda n: (n.starts_on, n.ends_on)):
        room = need.quantity
        for index, offer in enumerate(offers):
            if room <= 0:
                break
            take = min(_inside(offer, need), left[index], room)
            if take > 0:
                left[index] -= take
                room -= take
        covered += need.quantity - room
    return covered


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Line:
    """Coverage of one role, or of money."""

    role: Hashable | None
    name: str
    needed: float
    counted: float  # confirmed or fulfilled, inside the needs' periods, up to them
    confirmed: float  # confirmed or fulfilled, in all
    proposed: float  # proposed, in all: shown beside, never counted
    counted_with_proposed: float  # what would count if every proposal were confirmed

    @property
    def is_money(self) -> bool:
        return self.role is MONEY

    @property
    def share(self) -> float | None:
        """The share of the need covered; None when nothing is needed."""
        return _share(self.counted, self.needed)

    @property
    def share_with_proposed(self) -> float | None:
        return _share(self.counted_with_proposed, self.needed)

    @property
    def beyond(self) -> float:
        """Confirmed beyond the need: more than it asks, or outside its period."""
        return max(0.0, self.confirmed - self.counted)


@dataclass(frozen=True)
class Coverage:
    lines: tuple[Line, ...]  # people, by role, then money (if any)

    @property
    def people(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.is_money)

    @property
    def money(self) -> Line | None:
        return next((line for line in self.lines if line.is_money), None)

    def _sum(self, name: str, money: bool) -> float:
        lines = [self.money] if money else self.people
        return sum(getattr(line, name) for line in lines if line is not None)

    @property
    def needed_days(self) -> float:
        return self._sum("needed", money=False)

    @property
    def counted_days(self) -> float:
        return self._sum("counted", money=False)

    @property
    def confirmed_days(self) -> float:
        return self._sum("confirmed", money=False)

    @property
    def proposed_days(self) -> float:
        return self._sum("proposed", money=False)

    @property
    def needed_amount(self) -> float:
        return self._sum("needed", money=True)

    @property
    def counted_amount(self) -> float:
        return self._sum("counted", money=True)

    @property
    def confirmed_amount(self) -> float:
        return self._sum("confirmed", money=True)

    @property
    def proposed_amount(self) -> float:
        return self._sum("proposed", money=True)

    @property
    def people_share(self) -> float | None:
        return _share(self.counted_days, self.needed_days)

    @property
    def money_share(self) -> float | None:
        return _share(self.counted_amount, self.needed_amount)

    @property
    def overall(self) -> float | None:
        return overall_share(self.people_share, self.money_share)

    @property
    def is_empty(self) -> bool:
        return not self.lines


def overall_share(people: float | None, money: float | None) -> float | None:
    """The mean of people and money coverage, over those that are needed."""
    parts = [share for share in (people, money) if share is not None]
    return sum(parts) / len(parts) if parts else None


def coverage(
    needs: Iterable[Need],
    offers: Iterable[Offer],
    *,
    names: Mapping[Hashable, str] | None = None,
) -> Coverage:
    """Coverage of each role, by name, then of money. `names` names the roles (they
    are named by themselves without it)."""
    names = names or {}
    needs_by: dict[Hashable, list[Need]] = defaultdict(list)
    offers_by: dict[Hashable, list[Offer]] = defaultdict(list)
    seen: dict[Hashable, None] = {}
    for need in needs:
        needs_by[need.role].append(need)
        seen.setdefault(need.role)
    for offer in offers:
        offers_by[offer.role].append(offer)
        seen.setdefault(offer.role)
    lines = []
    for role in seen:
        role_needs = needs_by[role]
        role_offers = sorted(offers_by[role], key=lambda o: (o.starts_on, o.ends_on))
        counted = [o for o in role_offers if o.counted]
        lines.append(
            Line(
                role=role,
                name="Money" if role is MONEY else str(names.get(role, role)),
                needed=sum(n.quantity for n in role_needs),
                counted=_allocate(role_needs, counted),
                confirmed=sum(o.quantity for o in counted),
                proposed=sum(o.quantity for o in role_offers if not o.counted),
                counted_with_proposed=_allocate(role_needs, role_offers),
            )
        )
    people = sorted(
        (line for line in lines if not line.is_money),
        key=lambda line: line.name.casefold(),
    )
    money = [line for line in lines if line.is_money]
    return Coverage(lines=(*people, *money))


# Reading rows: model instances (a project's prefetched needs and commitments) or
# `values()` rows with the same names (the metrics' per-project rows).


def _get(row: object, name: str) -> object:
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def needs_from(rows: Iterable[object]) -> list[Need]:
    """Needs from rows with role_id, person_days, amount, starts_on and ends_on."""
    needs = []
    for row in rows:
        role = _get(row, "role_id")
        quantity = _get(row, "amount") if role is MONEY else _get(row, "person_days")
        needs.append(
            Need(
                role, float(quantity or 0), _get(row, "starts_on"), _get(row, "ends_on")
            )
        )
    return needs


def offers_from(rows: Iterable[object], status: str = "status") -> list[Offer]:
    """Offers from commitments' rows (kind, role_id, person_days, amount, starts_on,
    ends_on and a status, read from `status`): people and money that are proposed,
    confirmed or fulfilled. Support in kind covers no need, and ended ones nothing."""
    offers = []
    for row in rows:
        kind, state = _get(row, "kind"), _get(row, status)
        if kind == Commitment.Kind.IN_KIND or state not in READ:
            continue
        money = kind == Commitment.Kind.MONEY
        quantity = _get(row, "amount") if money else _get(row, "person_days")
        offers.append(
            Offer(
                role=MONEY if money else _get(row, "role_id"),
                quantity=float(quantity or 0),
                starts_on=_get(row, "starts_on"),
                ends_on=_get(row, "ends_on"),
                counted=state in Commitment.COUNTED,
            )
        )
    return offers


def project_coverage(
    needs: Iterable[object], commitments: Iterable[object]
) -> Coverage:
    """Today's coverage from a project's needs and commitments (model instances, with
    their roles), as its pages show it."""
    needs, commitments = list(needs), list(commitments)
    names = {
        row.role_id: str(row.role) for row in (*needs, *commitments) if row.role_id
    }
    return coverage(needs_from(needs), offers_from(commitments), names=names)


# The statuses coverage reads: counted, and proposed (shown beside).
READ = (*Commitment.COUNTED, Commitment.Status.PROPOSED)


def coverage_by_project(
    project_ids: Iterable[int], day: dt.date | None = None
) -> dict[int, Coverage]:
    """Coverage of many projects as on a day (today by default), in two queries:
    their needs, and their commitments with the status each had on the day."""
    ids = list(project_ids)
    needs: dict[int, list] = defaultdict(list)
    offers: dict[int, list] = defaultdict(list)
    fields = ("project_id", "role_id", "person_days", "amount", "starts_on", "ends_on")
    for row in ResourceNeed.objects.filter(project__in=ids).values(*fields):
        needs[row["project_id"]].append(row)
    commitments = Commitment.objects.filter(project__in=ids, status__in=READ)
    status = "status"
    if not is_today(day):  # a past day: each commitment's status as it was then
        commitments = Commitment.objects.filter(project__in=ids).with_status_on(day)
        status = "status_on"
    for row in commitments.values(*fields, "kind", status):
        offers[row["project_id"]].append(row)
    return {
        pk: coverage(needs_from(needs[pk]), offers_from(offers[pk], status))
        for pk in ids
    }
