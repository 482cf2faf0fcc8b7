import pytest
from django.urls import reverse
from django.utils.html import escape

from heartbeat.models import GateReview
from tests.heartbeat.conftest import phase


def review_url(project) -> str:
    return reverse("heartbeat:review", args=[project.slug])


def form_data(project, **overrides) -> dict:
    data = {
        "decision": "proceed",
        "decided_on": "01/11/2026",
        "rationale": "The cohort agreed the problem statement.",
        "based_on": "",
    }
    for criterion in project.phase.criteria.all():
        data[f"met_{criterion.pk}"] = "on"
        data[f"evidence_{criterion.pk}"] = "Minutes of the cohort meeting."
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_only_staff_record_gate_reviews(request, project, role) -> None:
    client = request.getfixturevalue(role)
    assert client.get(review_url(project)).status_code == 403
    assert client.post(review_url(project), form_data(project)).status_code == 403
    assert not GateReview.objects.exists()


def test_staff_move_a_project_on_and_see_it_on_the_page(staff_client, project) -> None:
    response = staff_client.post(review_url(project), form_data(project), follow=True)
    page = response.content.decode()
    assert "Decision recorded: proceed to the next phase." in page
    assert "is now in Recruit" in page
    assert "From Scope to Recruit" in page
    assert "Minutes of the cohort meeting." in page
    project.refresh_from_db()
    assert project.phase.number == 2


def test_a_refused_proceed_is_explained_on_the_form_and_keeps_the_input(
    staff_client, project
) -> None:
    data = form_data(project)
    for criterion in project.phase.criteria.all():
        data.pop(f"met_{criterion.pk}")
    response = staff_client.post(review_url(project), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Proceed is refused: 2 mandatory exit criteria are not met" in page
    assert 'href="#id_override_reason"' in page
    assert escape("The cohort agreed the problem statement.") in page
    project.refresh_from_db()
    assert project.phase.number == 1


def test_evidence_is_required_for_a_ticked_criterion(staff_client, project) -> None:
    criterion = project.phase.criteria.first()
    response = staff_client.post(
        review_url(project),
        form_data(project, **{f"evidence_{criterion.pk}": ""}),
    )
    assert escape(f"Give the evidence that ‘{criterion.text}’ is met") in (
        response.content.decode()
    )


def test_an_override_needs_a_reason(staff_client, project) -> None:
    response = staff_client.post(
        review_url(project), form_data(project, override="on", override_reason="")
    )
    assert "Give the reason for the override" in response.content.decode()


def test_a_stale_form_is_refused_with_a_message(staff_client, project) -> None:
    staff_client.post(review_url(project), form_data(project))
    response = staff_client.post(review_url(project), form_data(project))
    page = response.content.decode()
    assert "Another decision was recorded for this project" in page
    assert GateReview.objects.count() == 1


def test_bad_dates_and_unknown_decisions_are_explained(staff_client, project) -> None:
    response = staff_client.post(
        review_url(project),
        form_data(project, decision="teleport", decided_on="31/02/2026"),
    )
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Enter a real date, like 29/11/2026" in page


def test_the_form_offers_only_decisions_that_fit(staff_client, project) -> None:
    page = staff_client.get(review_url(project)).content.decode()
    assert 'value="proceed"' in page
    assert 'value="return"' not in page  # nothing before Scope
    assert 'value="reopen"' not in page


def test_a_return_needs_the_phase(staff_client, project) -> None:
    project.phase = phase(3)
    project.save()
    response = staff_client.post(
        review_url(project), form_data(project, decision="return")
    )
    assert "Choose the earlier phase to return to" in response.content.decode()


def test_the_project_page_shows_products_timeline_and_days_in_phase(
    staff_client, project
) -> None:
    staff_client.post(review_url(project), form_data(project))
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "Products expected in Recruit" in page
    assert "Marketing Pack" in page
    assert "Days in this phase" in page
    assert "decided by" in page


def test_a_date_before_the_last_decision_is_explained_on_its_field(
    staff_client, project
) -> None:
    staff_client.post(review_url(project), form_data(project, decided_on="01/11/2026"))
    project.refresh_from_db()
    latest = project.reviews.get()
    response = staff_client.post(
        review_url(project),
        form_data(
            project, decision="hold", decided_on="31/10/2026", based_on=str(latest.pk)
        ),
    )
    page = response.content.decode()
    assert 'href="#id_decided_on"' in page
    assert "cannot be before the last one, on 01/11/2026" in page
    assert project.reviews.count() == 1
