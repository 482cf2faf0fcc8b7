"""Rules the data must keep that no single row's constraint can hold, and the rows of
a database that break them (`manage.py check_data`).

Each app that owns data lists its rules in its own `integrity.RULES`, each written
once: a function returning the offending rows on a day, a line telling one row, and
how to mend it. The services keep these rules for every change made through them;
these find what came from elsewhere (an import, an old copy, a hand edit).

`Rule` lives on the ground floor so that every app may declare its own.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from councils.models import User
from councils.roles import Role


def when(day: dt.date | None) -> str:
    """A day as the rules' lines write it."""
    return f"{day:%d/%m/%Y}" if day else "never"


@dataclass(frozen=True)
class Rule:
    """`rows(day)` returns what breaks the rule on the day; `tell(row)` says what
    is wrong with one row, and `mend` how to put it right."""

    name: str
    rule: str
    mend: str
    rows: Callable[[dt.date], Iterable[Any]]
    tell: Callable[[Any], str]

    def breaches(self, day: dt.date) -> list[str]:
        """A line per offending row: the row, the rule, the mend."""
        return [
            f"{self.name}: {self.tell(row)} Rule: {self.rule} Mend: {self.mend}"
            for row in self.rows(day)
        ]


def leads_without_council(day: dt.date) -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.LEAD, council__isnull=True)


def people_with_several_roles(day: dt.date) -> QuerySet[User]:
    return (
        User.objects.filter(groups__name__in=list(Role))
        .annotate(roles=Count("groups", filter=Q(groups__name__in=list(Role))))
        .filter(roles__gt=1)
        .order_by("username")
    )


def _roles_of(user: User) -> str:
    return ", ".join(sorted(user.groups.values_list("name", flat=True)))


RULES = (
    Rule(
        "councils.lead_without_council",
        "A council lead names their council.",
        "Choose the person's council in the admin, or take them out of the council "
        "leads.",
        leads_without_council,
        lambda user: f"{user.username} is a council lead with no council.",
    ),
    Rule(
        "councils.several_roles",
        "A person holds one role: Digital Office staff, executive or council lead.",
        "Keep the one role the person has and take them out of the other groups "
        "in the admin.",
        people_with_several_roles,
        lambda user: f"{user.username} holds {user.roles} roles ({_roles_of(user)}).",
    ),
)
