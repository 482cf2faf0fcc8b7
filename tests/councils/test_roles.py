from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from councils.models import Council

EDIT_LABEL = "Edit Fife's details"


@pytest.mark.django_db
def test_lead_sees_edit_controls_on_their_own_council(lead_client) -> None:
    response = lead_client.get(reverse("metrics:council", args=["fife"]))
    assert EDIT_LABEL in response.content.decode()


@pytest.mark.django_db
def test_lead_sees_no_edit_controls_on_another_council(lead_client) -> None:
    response = lead_client.get(reverse("metrics:council", args=["highland"]))
    assert response.status_code == 200
    assert "Edit Highland's details" not in response.content.decode()


@pytest.mark.django_db
def test_lead_cannot_open_another_councils_edit_page(lead_client) -> None:
    response = lead_client.get(reverse("councils:edit", args=["highland"]))
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()


@pytest.mark.django_db
def test_lead_cannot_change_another_council_by_posting(lead_client, highland) -> None:
    response = lead_client.post(
        reverse("councils:edit", args=["highland"]),
        {"contact_name": "Intruder", "contact_email": "x@example.org"},
    )
    assert response.status_code == 403
    highland.refresh_from_db()
    assert highland.contact_name == ""


@pytest.mark.django_db
def test_lead_updates_their_own_councils_contact(lead_client, fife) -> None:
    response = lead_client.post(
        reverse("councils:edit", args=["fife"]),
        {
            "contact_name": "Ailsa Brown",
            "contact_email": "digital@fife.gov.uk",
            "digital_priorities": "Telecare and data.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("metrics:council", args=["fife"])
    assert escape("Fife's details are saved.") in response.content.decode()
    fife.refresh_from_db()
    assert fife.contact_name == "Ailsa Brown"


@pytest.mark.django_db
def test_lead_cannot_change_standing_or_contribution_with_forged_fields(
    lead_client, fife
) -> None:
    lead_client.post(
        reverse("councils:edit", args=["fife"]),
        {
            "contact_name": "Ailsa Brown",
            "standing": Council.Standing.NOT_COMMITTED,
            "annual_contribution": "1",
        },
    )
    fife.refresh_from_db()
    assert fife.standing == Council.Standing.IN_PRINCIPLE
    assert fife.annual_contribution is None


@pytest.mark.django_db
def test_staff_record_a_councils_standing_and_contribution(staff_client, fife) -> None:
    staff_client.post(
        reverse("councils:edit", args=["fife"]),
        {"standing": Council.Standing.COMMITTED, "annual_contribution": "25000"},
    )
    fife.refresh_from_db()
    assert fife.standing == Council.Standing.COMMITTED
    assert fife.annual_contribution == Decimal("25000")


@pytest.mark.django_db
def test_bad_input_is_explained_and_what_was_typed_is_kept(staff_client, fife) -> None:
    response = staff_client.post(
        reverse("councils:edit", args=["fife"]),
        {
            "standing": Council.Standing.COMMITTED,
            "annual_contribution": "-5",
            "contact_name": "Ailsa Brown",
            "contact_email": "not-an-email",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_annual_contribution"' in page
    assert "Enter a contribution of £0 or more" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="Ailsa Brown"' in page
    assert "<title>Error: " in page
    fife.refresh_from_db()
    assert fife.contact_name == ""


@pytest.mark.django_db
def test_executive_reads_councils_but_cannot_edit(executive_client) -> None:
    assert (
        executive_client.get(reverse("metrics:council", args=["fife"])).status_code
        == 200
    )
    assert (
        executive_client.get(reverse("councils:edit", args=["fife"])).status_code == 403
    )


@pytest.mark.django_db
def test_edit_form_refuses_a_post_without_csrf_token(lead_user, fife) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_user)
    response = client.post(
        reverse("councils:edit", args=["fife"]), {"contact_name": "No token"}
    )
    assert response.status_code == 403
    fife.refresh_from_db()
    assert fife.contact_name == ""


@pytest.mark.django_db
def test_a_user_without_a_role_sees_nothing(client, django_user_model) -> None:
    user = django_user_model.objects.create_user("nobody", password="x" * 12)
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 403
    assert client.get(reverse("portfolios:councils")).status_code == 403
    assert client.get(reverse("portfolios:projects")).status_code == 403
