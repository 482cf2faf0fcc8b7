"""Hostile input to the lifecycle's pages: the model's filter, joining and leaving,
pulses, gate reviews, products and Marketing Packs (tests/hostile.py says how each
example is checked; tests/worlds.py is the world they act on)."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from councils.models import Council, User
from heartbeat.forms import ModelFilterForm
from heartbeat.models import (
    CriterionCheck,
    GateReview,
    MarketingPack,
    ProjectProduct,
    Pulse,
)
from heartbeat.services import available_decisions
from portfolios.models import Commitment, Participation, Project
from tests.hostile import (
    FEWER,
    HOSTILE,
    PROBLEM,
    Field,
    checked,
    counts,
    dmy,
    either,
    fits,
    form_data,
    hostile_date,
    hostile_id,
    hostile_number,
    hostile_text,
    query,
    rolled_back,
    row,
    saved_with_history,
    submit,
)
from tests.worlds import World


@HOSTILE
@given(params=query({"portfolio": either("care", hostile_text)}))
def test_the_models_filter_explains_a_bad_value(
    executive_client: Client, world: World, params: dict
) -> None:
    response = executive_client.get(reverse("heartbeat:model"), params)
    page = checked(response)
    assert response.status_code == 200
    form = ModelFilterForm(params or None)
    assert (PROBLEM in page) == (form.is_bound and not form.is_valid())


# Joining and leaving ---------------------------------------------------------------


@HOSTILE
@given(
    body=st.dictionaries(
        st.sampled_from(("council", "council_id", "project", "participation", "by")),
        hostile_id,
    )
)
def test_a_lead_joins_and_leaves_only_for_their_own_council(
    lead_client: Client, world: World, fife: Council, highland: Council, body: dict
) -> None:
    with rolled_back():
        highland_rows = list(
            Participation.objects.filter(council=highland).values().order_by("pk")
        )
        highland_commitment = row(world.highland_commitment)
        for url in (
            reverse("heartbeat:join", args=[world.recruiting.slug]),
            reverse("heartbeat:leave", args=[world.recruiting.slug]),
            reverse("heartbeat:leave", args=[world.project.slug]),
        ):
            response = lead_client.post(url, body)
            checked(response)
            assert response.status_code == 302
        joined = Participation.objects.get(project=world.recruiting)
        assert joined.council == fife
        assert joined.left_on is not None
        assert not Commitment.objects.active().filter(council=fife).exists()
        assert highland_rows == list(
            Participation.objects.filter(council=highland).values().order_by("pk")
        )
        assert row(world.highland_commitment) == highland_commitment
        # Joining needs a published pack: a draft is not found.
        url = reverse("heartbeat:join", args=[world.draft.slug])
        assert lead_client.post(url, body).status_code == 404
        assert not Participation.objects.filter(project=world.draft).exists()


# Pulses and gate reviews -----------------------------------------------------------


def lifecycle_watched(world: World, project: Project | None = None) -> Callable:
    project = project or world.project
    return lambda: (
        counts(
            GateReview, CriterionCheck, Pulse, ProjectProduct, Project.history.model
        ),
        row(project),
        row(world.product),
    )


pulse_fields = {
    "reported_on": Field(dmy(timezone.localdate()), hostile_date),
    "rag_status": Field("amber", hostile_text),
    "commentary": Field("Waiting on two councils.", hostile_text),
}
PULSE_FORGED = {
    "project": hostile_id,
    "reported_by": hostile_id,
    "created_at": hostile_date,
}


@HOSTILE
@given(data=form_data(pulse_fields, PULSE_FORGED))
@example(data={"reported_on": "01/01/0001", "rag_status": "red", "commentary": "Old."})
@example(data={"reported_on": "31/12/9999", "rag_status": "ok", "commentary": ""})
# The day before the project started (1 January 2026): refused.
@example(data={"reported_on": "31/12/2025", "rag_status": "red", "commentary": "."})
def test_a_pulse_is_recorded_for_this_project_only(
    staff_client: Client, world: World, staff_user: User, data: dict
) -> None:
    url = reverse("heartbeat:pulse", args=[world.project.slug])
    with rolled_back():
        if submit(staff_client, url, data, lifecycle_watched(world)):
            pulse = Pulse.objects.exclude(pk=world.pulse.pk).get()
            saved_with_history(pulse)
            assert pulse.project == world.project
            assert pulse.reported_by == staff_user
            assert pulse.rag_status in Project.Rag.values
            assert world.project.start_date <= pulse.reported_on
            assert pulse.reported_on <= timezone.localdate()
            saved_with_history(world.project)


@FEWER
@given(data=form_data(pulse_fields, PULSE_FORGED))
def test_an_executive_who_owns_a_project_cannot_report_its_pulse(
    executive_client: Client, world: World, data: dict
) -> None:
    assert world.recruiting.owner.is_executive
    url = reverse("heartbeat:pulse", args=[world.recruiting.slug])
    with rolled_back():
        before = lifecycle_watched(world, world.recruiting)()
        assert executive_client.get(url).status_code == 403
        assert executive_client.post(url, data).status_code == 403
        assert lifecycle_watched(world, world.recruiting)() == before


@HOSTILE
@given(
    data=form_data(
        {
            "decision": Field(
                "proceed",
                st.one_of(st.sampled_from(("return", "reopen", "close")), hostile_text),
            ),
            "decided_on": Field(dmy(timezone.localdate()), hostile_date),
            "rationale": Field("The cohort agreed.", hostile_text),
            "to_phase": Field("", hostile_id),
            "override": Field("", st.sampled_from(("on", "false", "0"))),
            # Each exit criterion, met with its evidence; numbered for the real ones.
            **{f"met-{n}": Field("on", st.sampled_from(("", "0"))) for n in range(3)},
            **{f"evidence-{n}": Field("Minutes.", hostile_text) for n in range(3)},
            "override_reason": Field("", hostile_text),
            # The latest review the form was opened on (see below), or another.
            "based_on": Field("latest", st.one_of(st.just(""), hostile_number)),
        },
        {
            "phase": hostile_id,
            "project": hostile_id,
            "overridden": st.just("on"),
            "decided_by": hostile_id,
        },
    ),
)
# Before the last decision (1 October 2026), and before the project started.
@example(data={"decision": "hold", "decided_on": "30/09/2026", "rationale": "Late."})
@example(data={"decision": "hold", "decided_on": "31/12/2025", "rationale": "Old."})
def test_a_gate_review_applies_the_rules_and_nothing_forged(
    staff_client: Client,
    world: World,
    staff_user: User,
    data: dict,
) -> None:
    project = world.project
    data = dict(data)
    if data.get("based_on", "latest") == "latest":
        data["based_on"] = str(world.review.pk)
    for n, criterion in enumerate(project.phase.criteria.all()):
        data[f"met_{criterion.pk}"] = data.pop(f"met-{n}", "")
        data[f"evidence_{criterion.pk}"] = data.pop(f"evidence-{n}", "")
    url = reverse("heartbeat:review", args=[project.slug])
    with rolled_back():
        if submit(staff_client, url, data, lifecycle_watched(world)):
            review = GateReview.objects.exclude(pk=world.review.pk).get()
            saved_with_history(review)
            assert review.project == project
            assert review.decided_by == staff_user
            assert review.phase == project.phase
            assert review.decision in available_decisions(project)
            assert world.review.decided_on <= review.decided_on
            assert review.decided_on <= timezone.localdate()
            checks = list(review.checks.all())
            for check in checks:
                fits(check)
            if review.decision in ("proceed", "close") and not review.overridden:
                assert all(check.met for check in checks if check.mandatory)


@HOSTILE
@given(
    data=form_data(
        {
            "status": Field("not_needed", hostile_text),
            "not_needed_reason": Field("Another council built it.", hostile_text),
        },
        {"project": hostile_id, "product": hostile_id, "updated_at": hostile_date},
    )
)
def test_a_product_status_changes_only_that_product(
    staff_client: Client, world: World, data: dict
) -> None:
    product = world.product
    url = reverse("heartbeat:product", args=[world.project.slug, product.pk])
    with rolled_back():
        before = row(product)
        if submit(staff_client, url, data, lifecycle_watched(world)):
            saved_with_history(product)
            after = row(product)
            assert after["status"] in ProjectProduct.Status.values
            assert after["project_id"] == before["project_id"]
            assert after["product_id"] == before["product_id"]


# Marketing Packs -------------------------------------------------------------------

pack_fields = {
    "headline": Field("Move every alarm to digital.", hostile_text),
    "what_councils_gain": Field("A tested plan.", hostile_text),
    "spotlight": Field("", hostile_text),
    "contact_name": Field("Morag Campbell", hostile_text),
    "contact_email": Field("morag@digitaloffice.scot", hostile_text),
}


@HOSTILE
@given(
    data=form_data(
        pack_fields,
        {
            "published_at": either(dmy(timezone.localdate()), hostile_date),
            "published_by": hostile_id,
            "project": hostile_id,
            "leads_notified_at": hostile_date,
        },
    ),
    published=st.booleans(),
)
def test_a_pack_edit_never_publishes_or_moves_it(
    staff_client: Client, world: World, data: dict, published: bool
) -> None:
    project = world.project if published else world.draft
    pack = project.pack
    url = reverse("heartbeat:pack_edit", args=[project.slug])
    with rolled_back():
        before = row(pack)
        if submit(staff_client, url, data, lambda: (row(pack), counts(MarketingPack))):
            saved_with_history(pack)
            after = row(pack)
            for unchanged in ("project_id", "published_at", "published_by_id"):
                assert after[unchanged] == before[unchanged]
            checked(
                staff_client.get(reverse("heartbeat:pack_pdf", args=[project.slug]))
            )


@FEWER
@given(
    body=st.dictionaries(
        st.sampled_from(("project", "pack", "published_at", "published_by")),
        hostile_id,
    )
)
def test_publishing_takes_the_pack_from_the_address_only(
    staff_client: Client,
    lead_client: Client,
    world: World,
    staff_user: User,
    body: dict,
) -> None:
    url = reverse("heartbeat:pack_publish", args=[world.draft.slug])
    with rolled_back():
        others = [row(world.project.pack), row(world.recruiting.pack)]
        assert lead_client.post(url, body).status_code == 403
        assert MarketingPack.objects.get(project=world.draft).published_at is None
        response = staff_client.post(url, body)
        checked(response)
        assert response.status_code == 302
        pack = MarketingPack.objects.get(project=world.draft)
        assert pack.published_at is not None
        assert pack.published_by == staff_user
        assert [row(world.project.pack), row(world.recruiting.pack)] == others
