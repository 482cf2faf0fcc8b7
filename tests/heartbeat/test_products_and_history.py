import pytest
from django.urls import reverse

from heartbeat.models import ProjectProduct


def product_url(project, item) -> str:
    return reverse("heartbeat:product", args=[project.slug, item.pk])


def test_staff_mark_a_product_delivered(staff_client, project) -> None:
    item = project.products.first()
    response = staff_client.post(
        product_url(project, item), {"status": "delivered"}, follow=True
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ProjectProduct.Status.DELIVERED


def test_not_needed_needs_a_reason(staff_client, project) -> None:
    item = project.products.first()
    response = staff_client.post(product_url(project, item), {"status": "not_needed"})
    assert "Say why the product is not needed" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ProjectProduct.Status.NOT_STARTED


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_only_staff_change_product_statuses(request, project, role) -> None:
    item = project.products.first()
    client = request.getfixturevalue(role)
    assert (
        client.post(product_url(project, item), {"status": "delivered"}).status_code
        == 403
    )


def test_a_product_of_another_project_is_a_404(staff_client, project) -> None:
    from tests.factories import ProjectFactory

    other = ProjectFactory()
    item = project.products.first()
    assert staff_client.get(product_url(other, item)).status_code == 404


def test_history_shows_who_changed_what_from_what_to_what(
    staff_client, staff_user, project
) -> None:
    item = project.products.first()
    staff_client.post(product_url(project, item), {"status": "in_progress"})
    staff_client.post(
        reverse("heartbeat:review", args=[project.slug]),
        {
            "decision": "proceed",
            "decided_on": "01/11/2026",
            "rationale": "Criteria met.",
            **{f"met_{c.pk}": "on" for c in project.phase.criteria.all()},
            **{f"evidence_{c.pk}": "Minutes." for c in project.phase.criteria.all()},
        },
    )
    response = staff_client.get(reverse("heartbeat:history", args=[project.slug]))
    page = response.content.decode()
    assert f"by {staff_user}" in page
    assert f"Product: {item.product.name}: changed" in page
    assert "Not started" in page
    assert "In progress" in page
    assert "Project: changed" in page
    assert "1. Scope" in page
    assert "2. Recruit" in page


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_only_staff_see_the_history(request, project, role) -> None:
    client = request.getfixturevalue(role)
    url = reverse("heartbeat:history", args=[project.slug])
    assert client.get(url).status_code == 403
    assert (
        "Change history" not in client.get(project.get_absolute_url()).content.decode()
    )


def test_phase_edits_are_in_the_admin_history(staff_client) -> None:
    from heartbeat.models import Phase

    scope = Phase.objects.get(number=1)
    scope.purpose = "Capture a need."
    scope.save()
    response = staff_client.get(f"/admin/heartbeat/phase/{scope.pk}/history/")
    assert response.status_code == 200
    assert scope.history.count() >= 1
