"""Hostile input to a council's details: a lead edits only their own council's
contact and priorities; staff also its standing and contribution (tests/hostile.py
says how each example is checked)."""

from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from councils.models import Council
from tests.hostile import (
    HOSTILE,
    Field,
    form_data,
    hostile_id,
    hostile_number,
    hostile_text,
    rolled_back,
    row,
    saved_with_history,
    submit,
)

COUNCIL_FORGED = {
    "standing": st.sampled_from(("committed", "not_committed")),
    "annual_contribution": st.sampled_from(("1", "-5", "999999")),
    "name": hostile_text,
    "short_name": hostile_text,
    "slug": st.just("fife-forged"),
    "gss_code": st.just("S12000099"),
    "population": hostile_number,
    "id": hostile_id,
}
council_details = {
    "contact_name": Field("Ailsa Brown", hostile_text),
    "contact_email": Field("digital@fife.gov.uk", hostile_text),
    "digital_priorities": Field("Telecare.", hostile_text),
}


@HOSTILE
@given(data=form_data(council_details, COUNCIL_FORGED))
def test_a_lead_edits_only_their_councils_details(
    lead_client: Client, fife: Council, highland: Council, data: dict
) -> None:
    untouchable = (
        "standing",
        "annual_contribution",
        "name",
        "short_name",
        "slug",
        "gss_code",
        "population",
    )
    with rolled_back():
        before = row(fife)
        if submit(
            lead_client,
            reverse("councils:edit", args=["fife"]),
            data,
            lambda: row(fife),
        ):
            saved_with_history(fife)
        after = row(fife)
        assert {k: after[k] for k in untouchable} == {k: before[k] for k in untouchable}
        # Another council's form: refused, whatever is posted.
        other = row(highland)
        response = lead_client.post(reverse("councils:edit", args=["highland"]), data)
        assert response.status_code == 403
        assert row(highland) == other


@HOSTILE
@given(
    data=form_data(
        {
            "standing": Field("committed", hostile_text),
            "annual_contribution": Field("25000", hostile_number),
            **council_details,
        }
    )
)
def test_staff_record_a_councils_standing_and_contribution(
    staff_client: Client, fife: Council, data: dict
) -> None:
    with rolled_back():
        if submit(
            staff_client,
            reverse("councils:edit", args=["fife"]),
            data,
            lambda: row(fife),
        ):
            saved_with_history(fife)
            after = row(fife)
            assert after["standing"] in Council.Standing.values
            contribution = after["annual_contribution"]
            assert contribution is None or contribution >= 0
