"""Hostile input to the portfolios app's pages: the lists' filters, commitments
(proposed, changed and moved) and benefits with their actuals (tests/hostile.py says
how each example is checked; tests/worlds.py is the world they act on)."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from councils.forms import CouncilFilterForm
from councils.models import Council, User
from portfolios.forms import PortfolioFilterForm, ProjectFilterForm
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
)
from tests.hostile import (
    HOSTILE,
    PROBLEM,
    Field,
    checked,
    counts,
    dmy,
    either,
    form_data,
    hostile_date,
    hostile_id,
    hostile_number,
    hostile_text,
    integer,
    query,
    rolled_back,
    row,
    saved_with_history,
    submit,
)
from tests.worlds import World

# Query-string filters ------------------------------------------------------------


@HOSTILE
@given(
    params=query(
        {
            "q": either("telecare", hostile_text),
            "portfolio": either("care", hostile_text),
            "phase": either("scope", hostile_text),
            "rag": either("amber", hostile_text),
            "objective": either("scaling", hostile_text),
            "kind": either("technology", hostile_text),
            "state": either("stalled", hostile_text),
        }
    )
)
def test_project_filters_explain_a_bad_value_and_never_fail(
    lead_client: Client, world: World, small_pages: None, params: dict
) -> None:
    response = lead_client.get(reverse("portfolios:projects"), params)
    page = checked(response)
    assert response.status_code == 200
    form = ProjectFilterForm(params or None)
    assert (PROBLEM in page) == (form.is_bound and not form.is_valid())


@HOSTILE
@given(
    params=query({"objective": either("scaling", hostile_text)}),
    council_params=query(
        {
            "q": either("fife", hostile_text),
            "standing": either("committed", hostile_text),
        }
    ),
)
def test_portfolio_and_council_list_filters_explain_a_bad_value(
    executive_client: Client,
    world: World,
    params: dict,
    council_params: dict,
) -> None:
    for url, form_class, data in (
        (reverse("portfolios:list"), PortfolioFilterForm, params),
        (reverse("portfolios:councils"), CouncilFilterForm, council_params),
    ):
        response = executive_client.get(url, data)
        page = checked(response)
        assert response.status_code == 200
        form = form_class(data or None)
        assert (PROBLEM in page) == (form.is_bound and not form.is_valid())


# Commitments -----------------------------------------------------------------------

# The role is a select of role ids: these names stand for the world's roles (see
# with_role_ids), and a hostile id is a forged one.
ROLE_NAMES = ("needed", "another", "retired")
commitment_fields = {
    "kind": Field(
        "people", st.one_of(st.sampled_from(("money", "in_kind")), hostile_text)
    ),
    "role": Field(
        "needed", st.one_of(st.sampled_from(("another", "retired", "")), hostile_id)
    ),
    "person_days": Field("10", hostile_number),
    "amount": Field("2500", hostile_number),
    "support": Field("Meeting rooms", hostile_text),
    "description": Field("", hostile_text),
    "starts_on": Field("01/06/2026", hostile_date),
    "ends_on": Field("30/06/2026", hostile_date),
}


COMMITMENT = {name: field.valid for name, field in commitment_fields.items()}


def with_role_ids(data: dict, world: World) -> dict:
    """The data as a browser posts it: a role's id, not its name."""
    ids = {
        "needed": world.needed_role.pk,
        "another": world.another_role.pk,
        "retired": world.retired_role.pk,
    }
    if data.get("role") in ids:
        return {**data, "role": str(ids[data["role"]])}
    return data


def carries_its_kind(commitment: Commitment, data: dict) -> None:
    """What was saved is what its kind commits, in a role still offered."""
    if commitment.kind == Commitment.Kind.PEOPLE:
        assert str(commitment.role_id) == data["role"]
        assert commitment.role.is_active
        assert commitment.support == ""
        assert commitment.amount is None
    elif commitment.kind == Commitment.Kind.MONEY:
        assert commitment.role_id is None
        assert commitment.person_days is None
        assert commitment.support == ""
    else:
        assert commitment.role_id is None
        assert commitment.person_days is None
        assert commitment.amount is None
        assert commitment.support.strip()


def commitments_watched(world: World) -> Callable[[], object]:
    return lambda: (
        counts(Commitment, Commitment.history.model, Participation),
        row(world.project),
        row(world.fife_commitment),
        row(world.highland_commitment),
    )


@HOSTILE
@given(
    data=form_data(
        commitment_fields,
        {
            "council": st.sampled_from(("highland", "fife", "0")),
            "project": hostile_id,
            "status": st.sampled_from(("confirmed", "fulfilled")),
            "version": hostile_number,
            "proposed_by": hostile_id,
            "confirmed_on": hostile_date,
        },
    )
)
# The cases named in the brief of these tests, tried on every run.
@example(data={**COMMITMENT, "council": "highland", "status": "confirmed"})
@example(data={**COMMITMENT, "person_days": "1.5", "amount": str(10**30)})
@example(data={**COMMITMENT, "kind": "money", "amount": "-5"})
@example(data={**COMMITMENT, "starts_on": "31/02/2026", "ends_on": "01/01/0001"})
@example(data={**COMMITMENT, "role": "x" * 10_000, "kind": "bogus"})
@example(data={**COMMITMENT, "role": "1\x00", "starts_on": "tomorrow"})
# The roles list: another role, one no longer offered, a forged id, none.
@example(data={**COMMITMENT, "role": "another"})
@example(data={**COMMITMENT, "role": "retired"})
@example(data={**COMMITMENT, "role": "999999"})
@example(data={**COMMITMENT, "role": ""})
# Support in kind: too long, a NUL, nothing but spaces.
@example(data={**COMMITMENT, "kind": "in_kind", "support": "x" * 101})
@example(data={**COMMITMENT, "kind": "in_kind", "support": "Rooms\x00"})
@example(data={**COMMITMENT, "kind": "in_kind", "support": " \t "})
def test_a_lead_proposes_only_for_their_own_council(
    lead_client: Client, world: World, fife: Council, highland: Council, data: dict
) -> None:
    data = with_role_ids(data, world)
    # A forged council is posted as a real one's id.
    if data.get("council") in ("fife", "highland"):
        chosen = {"fife": fife, "highland": highland}[data["council"]]
        data = {**data, "council": str(chosen.pk)}
    with rolled_back():
        newest = Commitment.objects.order_by("-pk").first().pk
        url = reverse("portfolios:commit", args=[world.project.slug])
        if submit(lead_client, url, data, commitments_watched(world)):
            commitment = Commitment.objects.get(pk__gt=newest)
            saved_with_history(commitment)
            carries_its_kind(commitment, data)
            assert commitment.council == fife
            assert commitment.project == world.project
            assert commitment.status == Commitment.Status.PROPOSED
            assert commitment.confirmed_on is None
            assert commitment.version == 1
            assert commitment.proposed_by.username == "lead-fife"


@HOSTILE
@given(data=form_data({**commitment_fields, "council": Field("fife", hostile_id)}))
@example(data={**COMMITMENT, "council": "fife", "role": "retired"})
@example(data={**COMMITMENT, "council": "fife", "kind": "in_kind", "role": "x"})
def test_staff_propose_for_a_council_they_choose(
    staff_client: Client, world: World, fife: Council, data: dict
) -> None:
    data = with_role_ids(data, world)
    if data["council"] == "fife":
        data = {**data, "council": str(fife.pk)}
    with rolled_back():
        newest = Commitment.objects.order_by("-pk").first().pk
        url = reverse("portfolios:commit", args=[world.project.slug])
        if submit(staff_client, url, data, commitments_watched(world)):
            commitment = Commitment.objects.get(pk__gt=newest)
            saved_with_history(commitment)
            carries_its_kind(commitment, data)
            assert commitment.council_id == integer(data["council"])


@HOSTILE
@given(
    data=form_data(
        {**commitment_fields, "version": Field("1", hostile_number)},
        {
            "council": hostile_id,
            "project": hostile_id,
            "status": st.sampled_from(("confirmed", "declined", "fulfilled")),
        },
    ),
    as_staff=st.booleans(),
)
@example(data={**COMMITMENT, "version": "1", "role": "retired"}, as_staff=False)
@example(data={**COMMITMENT, "version": "1", "role": "another"}, as_staff=False)
def test_a_commitment_changes_only_its_terms(
    lead_client: Client,
    staff_client: Client,
    world: World,
    data: dict,
    as_staff: bool,
) -> None:
    data = with_role_ids(data, world)
    commitment = world.fife_commitment
    with rolled_back():
        before = row(commitment)
        url = reverse(
            "portfolios:commitment_change", args=[world.project.slug, commitment.pk]
        )
        client = staff_client if as_staff else lead_client
        if submit(client, url, data, commitments_watched(world)):
            saved_with_history(commitment)
            carries_its_kind(Commitment.objects.get(pk=commitment.pk), data)
            assert integer(data["version"]) == before["version"]
            after = row(commitment)
            for unchanged in ("council_id", "project_id", "status", "proposed_by_id"):
                assert after[unchanged] == before[unchanged]
            assert after["version"] == before["version"] + 1
        # Another council's commitment: refused to a lead, whatever is posted.
        other = world.highland_commitment
        before = row(other)
        response = lead_client.post(
            reverse(
                "portfolios:commitment_change", args=[world.project.slug, other.pk]
            ),
            data,
        )
        assert response.status_code == 403
        assert row(other) == before


@HOSTILE
@given(
    move=st.sampled_from(
        [("staff", "confirmed"), ("staff", "declined"), ("lead", "withdrawn")]
    ),
    data=form_data(
        {
            "reason": Field("Budget moved.", hostile_text),
            "version": Field("1", hostile_number),
        },
        {
            "status": st.sampled_from(("fulfilled", "confirmed", "proposed")),
            "council": hostile_id,
            "confirmed_on": hostile_date,
            "ended_on": hostile_date,
        },
    ),
)
# The change reason is kept in a varchar(100): SQLite would store a longer one.
@example(move=("staff", "declined"), data={"reason": "x" * 101, "version": "1"})
def test_a_commitment_moves_only_as_its_address_says(
    lead_client: Client,
    staff_client: Client,
    world: World,
    move: tuple[str, str],
    data: dict,
) -> None:
    who, status = move
    commitment = world.fife_commitment
    client = staff_client if who == "staff" else lead_client
    url = reverse(
        "portfolios:commitment_move", args=[world.project.slug, commitment.pk, status]
    )
    with rolled_back():
        before = row(commitment)
        if submit(client, url, data, commitments_watched(world)):
            saved_with_history(commitment)
            after = row(commitment)
            assert after["status"] == status
            assert integer(data.get("version", "")) == before["version"]
            assert after["council_id"] == before["council_id"]
            # Dated today by the service, whatever was posted.
            moved_on = after["confirmed_on"] or after["ended_on"]
            assert moved_on == timezone.localdate()


# Benefits --------------------------------------------------------------------------


def benefits_watched(world: World) -> Callable[[], object]:
    return lambda: (
        counts(Benefit, BenefitActual, Benefit.history.model),
        row(world.benefit),
        [row(actual) for actual in BenefitActual.objects.order_by("pk")],
    )


@HOSTILE
@given(
    data=form_data(
        {
            "measure": Field("custom", hostile_text),
            "custom_name": Field("Paper forms avoided", hostile_text),
            "baseline": Field("0", hostile_number),
            "target": Field("1200", hostile_number),
            "description": Field("", hostile_text),
        },
        {"project": hostile_id, "id": hostile_id},
    ),
    change=st.booleans(),
)
def test_benefits_take_only_sound_figures(
    staff_client: Client, world: World, data: dict, change: bool
) -> None:
    slug = world.project.slug
    url = (
        reverse("portfolios:benefit", args=[slug, world.benefit.pk])
        if change
        else reverse("portfolios:benefit_add", args=[slug])
    )
    with rolled_back():
        newest = Benefit.objects.order_by("-pk").first().pk
        if submit(staff_client, url, data, benefits_watched(world)):
            benefit = world.benefit if change else Benefit.objects.get(pk__gt=newest)
            saved_with_history(benefit)
            assert row(benefit)["project_id"] == world.project.pk
            assert Benefit.objects.count() == 1 + (not change)


@HOSTILE
@given(
    data=form_data(
        {
            "measured_on": Field(dmy(timezone.localdate()), hostile_date),
            "value": Field("350", hostile_number),
            "note": Field("", hostile_text),
        },
        {"benefit": hostile_id, "recorded_by": hostile_id},
    )
)
# Before the project started: refused (it started on 1 January 2026).
@example(data={"measured_on": "31/12/2025", "value": "5", "note": ""})
def test_an_actual_is_dated_and_never_negative(
    staff_client: Client, world: World, staff_user: User, data: dict
) -> None:
    url = reverse("portfolios:actual", args=[world.project.slug, world.benefit.pk])
    with rolled_back():
        before = {actual.pk: row(actual) for actual in BenefitActual.objects.all()}
        if submit(staff_client, url, data, benefits_watched(world)):
            # One figure, new or replacing the one of its day.
            (actual,) = (
                actual
                for actual in BenefitActual.objects.all()
                if before.get(actual.pk) != row(actual)
            )
            saved_with_history(actual)
            assert actual.benefit == world.benefit
            assert actual.recorded_by == staff_user
            assert world.project.start_date <= actual.measured_on
            assert actual.measured_on <= timezone.localdate()
            assert actual.value >= 0
