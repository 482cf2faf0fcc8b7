"""Ideas from councils for the demo, played through the ideas services."""

import datetime as dt

from django.utils import timezone

from councils.models import Council, User
from ideas.models import Idea
from ideas.services import add_interest, decline_idea, propose_idea, score_idea
from portfolios.models import VisionObjective

# title, proposing council (None: staff), objective, problem, who it affects,
# councils named, leads adding interest later, staff scores (fit, value, effort) or
# None, the reason it was declined or None; days ago proposed.
IDEAS = [
    (
        "Alarm checks for digital telecare at home",
        "fife",
        "scaling",
        "Since the switch to digital, each council tests home alarms its own way; "
        "faults are found when someone falls, not before.",
        "People living with a telecare alarm, their families and responders.",
        ["angus", "falkirk"],
        ["highland", "dundee-city"],
        (5, 5, 2),
        None,
        40,
    ),
    (
        "Shared booking for bulky waste uplifts",
        "glasgow-city",
        "shifting",
        "Residents phone to book a bulky uplift; half the calls ask which dates are "
        "free, and no two councils book the same way.",
        "Residents with bulky waste, and contact centre staff.",
        ["north-lanarkshire", "renfrewshire"],
        ["fife"],
        (4, 4, 3),
        None,
        30,
    ),
    (
        "One Cyber Essentials route for small councils",
        "orkney-islands",
        "building-capabilities",
        "Small councils pay for Cyber Essentials assessments alone and repeat the "
        "same evidence every year.",
        "IT teams of the smaller councils.",
        ["shetland-islands", "na-h-eileanan-siar"],
        [],
        None,
        None,
        12,
    ),
    (
        "Data standard for school transport",
        "highland",
        "shaping",
        "Each council records school transport routes and eligibility differently, "
        "so no one can compare costs or share a routing tool.",
        "Education and transport officers; families of pupils who travel.",
        ["argyll-and-bute"],
        [],
        (3, 3, 3),
        "The Driven By Data task force already covers school transport data: "
        "bring this to its data community, where Highland's work can lead.",
        60,
    ),
    (
        "Elected members' guide to digital decisions",
        None,
        "scoping",
        "Members approve digital investments with little shared guidance on what "
        "to ask, and each council writes its own briefing.",
        "Elected members and the officers who brief them.",
        ["stirling", "west-lothian", "east-lothian"],
        [],
        (4, 3, 1),
        None,
        20,
    ),
]


def seed_ideas(*, staff: User) -> int:
    """A handful of ideas from councils, played through the services over the last
    two months: proposed, shared, scored, one declined (none accepted, so the demo's
    projects stay as they are). Idempotent: an idea already there is skipped.
    Returns how many it made."""
    today = timezone.localdate()
    made = 0
    for (
        title,
        council,
        objective,
        problem,
        affects,
        named,
        later,
        scores,
        declined,
        days_ago,
    ) in IDEAS:
        if Idea.objects.filter(title=title).exists():
            continue
        proposed_on = today - dt.timedelta(days=days_ago)
        by = (
            User.objects.leads_of(Council.objects.get(slug=council)).first()
            if council
            else staff
        )
        idea = propose_idea(
            Idea(
                title=title,
                problem=problem,
                affects=affects,
                objective=VisionObjective.objects.get(slug=objective),
            ),
            by=by,
            councils=Council.objects.filter(slug__in=named),
            on=proposed_on,
        )
        for n, slug in enumerate(later, start=1):
            other = Council.objects.get(slug=slug)
            add_interest(
                idea,
                council=other,
                by=User.objects.leads_of(other).first(),
                note="We see the same problem.",
                on=proposed_on + dt.timedelta(days=n),
            )
        if scores:
            fit, value, effort = scores
            score_idea(
                idea,
                fit=fit,
                value=value,
                effort=effort,
                by=staff,
                note="Scored at the weekly ideas review.",
                on=min(today, proposed_on + dt.timedelta(days=7)),
            )
        if declined:
            decline_idea(idea, reason=declined, by=staff)
        made += 1
    return made
