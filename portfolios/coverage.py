"""Coverage: what councils have committed against what a project needs.

Pure functions over plain rows, so the formula is tested without a database; the
rows come from database aggregation (`needs_by_role`, `commitments_by_role`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

CONFIRMED = "confirmed"
PROPOSED = "proposed"


def role_key(role: str) -> str:
    """Roles match whatever their case and spacing: "Service Designer " is one role."""
    return " ".join(role.split()).casefold()


def _fraction(part: Decimal | int, whole: Decimal | int) -> float | None:
    return float(part) / float(whole) if whole else None


@dataclass(frozen=True)
class RoleCoverage:
    role: str
    needed_days: int
    confirmed_days: int
    proposed_days: int

    @property
    def covered(self) -> float | None:
        """Confirmed days as a share of the days needed; None if none are needed."""
        return _fraction(self.confirmed_days, self.needed_days)

    @property
    def covered_with_proposed(self) -> float | None:
        return _fraction(self.confirmed_days + self.proposed_days, self.needed_days)


@dataclass(frozen=True)
class Coverage:
    roles: list[RoleCoverage]
    needed_amount: Decimal
    confirmed_amount: Decimal
    proposed_amount: Decimal

    @property
    def needed_days(self) -> int:
        return sum(role.needed_days for role in self.roles)

    @property
    def confirmed_days(self) -> int:
        return sum(role.confirmed_days for role in self.roles)

    @property
    def proposed_days(self) -> int:
        return sum(role.proposed_days for role in self.roles)

    @property
    def useful_confirmed_days(self) -> int:
        """Confirmed days that meet a need: a surplus in one role covers no other."""
        return sum(min(r.confirmed_days, r.needed_days) for r in self.roles)

    @property
    def people_covered(self) -> float | None:
        return _fraction(self.useful_confirmed_days, self.needed_days)

    @property
    def money_covered(self) -> float | None:
        return _fraction(
            min(self.confirmed_amount, self.needed_amount), self.needed_amount
        )

    @property
    def overall(self) -> float | None:
        """The mean of people and money coverage, over those the project needs."""
        parts = [c for c in (self.people_covered, self.money_covered) if c is not None]
        return sum(parts) / len(parts) if parts else None


Row = Mapping[str, object] | object


def _get(row: Row, name: str) -> object:
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def coverage(needs: Iterable[Row], commitments: Iterable[Row]) -> Coverage:
    """Combine needs and commitments, each a row (a mapping or a model instance),
    grouped by role or not.

    needs have role, person_days and amount; commitments (active ones only) have
    role, kind, status, person_days and amount.
    """
    needed: dict[str, list] = {}
    money_needed = Decimal(0)
    for row in needs:
        money_needed += _get(row, "amount") or 0
        if days := _get(row, "person_days"):
            role = _get(row, "role")
            needed.setdefault(role_key(role), [role, 0, 0, 0])[1] += days
    money = {CONFIRMED: Decimal(0), PROPOSED: Decimal(0)}
    for row in commitments:
        kind, status = _get(row, "kind"), _get(row, "status")
        if kind == "money":
            money[status] += _get(row, "amount") or 0
        elif kind == "people":
            role = _get(row, "role")
            entry = needed.setdefault(role_key(role), [role, 0, 0, 0])
            entry[2 if status == CONFIRMED else 3] += _get(row, "person_days") or 0
    roles = [
        RoleCoverage(role=name, needed_days=n, confirmed_days=c, proposed_days=p)
        for name, n, c, p in sorted(needed.values(), key=lambda e: role_key(e[0]))
    ]
    return Coverage(
        roles=roles,
        needed_amount=money_needed,
        confirmed_amount=money[CONFIRMED],
        proposed_amount=money[PROPOSED],
    )


def needs_by_role(needs: QuerySet) -> list[dict]:
    return list(
        needs.order_by()
        .values("role")
        .annotate(person_days=Sum("person_days"), amount=Sum("amount"))
    )


def commitments_by_role(commitments: QuerySet) -> list[dict]:
    return list(
        commitments.active()
        .values("role", "kind", "status")
        .annotate(person_days=Sum("person_days"), amount=Sum("amount"))
        .order_by()
    )
