"""Each project's expected products, tailored: its own added with a due date, one of
the model's marked not needed with a reason, evidence linked, overdue ones said."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.refusals import Refused
from heartbeat.models import Phase, ProjectProduct
from heartbeat.services import (
    add_product,
    change_product,
    ensure_phase_products,
    product_version,
    record_gate_review,
    remove_product,
)
from tests.factories import ProjectFactory
from tests.heartbeat.conftest import all_met, phase


def add_url(project) -> str:
    return reverse("heartbeat:product_add", args=[project.slug])


def product_url(item: ProjectProduct) -> str:
    return reverse("heartbeat:product", args=[item.project.slug, item.pk])


def remove_url(item: ProjectProduct) -> str:
    return reverse("heartbeat:product_remove", args=[item.project.slug, item.pk])


def shown(item: ProjectProduct, **changes: object) -> dict[str, object]:
    """The product's form as shown, with some answers changed."""
    data = {
        "status": item.status,
        "not_needed_reason": item.not_needed_reason,
        "evidence_url": item.evidence_url,
        "due_on": item.due_on.strftime("%d/%m/%Y") if item.due_on else "",
        "based_on": product_version(item),
    }
    if item.is_own:
        data["name"] = item.name
    return data | changes


@pytest.fixture
def own(project, staff_user) -> ProjectProduct:
    return add_product(
        project,
        by=staff_user,
        name="Data sharing agreement",
        due_on=dt.date(2026, 6, 30),
    )


# Adding ---------------------------------------------------------------------------


def test_staff_add_a_product_of_the_projects_own_to_the_current_phase(
    staff_client, staff_user, project
) -> None:
    form = staff_client.get(add_url(project)).context["form"]
    assert form.initial["phase"] == project.phase_id
    response = staff_client.post(
        add_url(project),
        {
            "name": "  Data   sharing agreement ",
            "phase": project.phase_id,
            "due_on": "30/06/2027",
        },
        follow=True,
    )
    assert "Data sharing agreement added to Scope" in response.content.decode()
    item = project.products.get(name="Data sharing agreement")
    assert item.is_own
    assert (item.phase, item.due_on) == (project.phase, dt.date(2027, 6, 30))
    # After the products the model expects in the phase.
    assert list(project.products.filter(phase=project.phase))[-1] == item
    record = item.history.get()
    assert (record.history_user, record.history_change_reason) == (
        staff_user,
        "Added for this project",
    )


def test_the_project_page_shows_the_tailored_list(staff_client, project, own) -> None:
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "Data sharing agreement" in page
    assert "Added for this project" in page
    assert "30 Jun 2026" in page


def test_a_product_may_be_added_to_a_later_phase_and_the_model_still_follows(
    staff_client, staff_user, project
) -> None:
    recruit = phase(2)
    staff_client.post(add_url(project), {"name": "Cohort charter", "phase": recruit.pk})
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "Products of other phases (1)" in page
    record_gate_review(
        project,
        decision="proceed",
        by=staff_user,
        rationale="Ready.",
        ticks=all_met(project),
        based_on_review=None,
    )
    names = list(project.products.filter(phase=recruit).values_list("name", flat=True))
    assert names == [*recruit.products.values_list("name", flat=True), "Cohort charter"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Name the product"),
        ("DATA SHARING AGREEMENT", "already has a product called"),
    ],
)
def test_a_product_needs_a_name_of_its_own_in_the_phase(
    staff_client, project, own, name, message
) -> None:
    response = staff_client.post(
        add_url(project), {"name": name, "phase": project.phase_id}
    )
    assert message in response.content.decode()
    assert project.products.filter(product=None).count() == 1


def test_a_name_the_model_expects_in_a_later_phase_is_refused(
    staff_user, project
) -> None:
    expected = phase(3).products.first()
    with pytest.raises(Refused) as refused:
        add_product(project, by=staff_user, name=expected.name, phase=phase(3))
    assert "name" in refused.value.errors


def test_a_phases_products_never_clash_with_one_of_the_projects_own(
    staff_user, project
) -> None:
    """One added under the model's name (the model changed since) stands in for it."""
    expected = phase(2).products.first()
    ProjectProduct.objects.create(
        project=project, phase=phase(2), name=expected.name.upper(), position=99
    )
    project.phase = phase(2)
    ensure_phase_products(project)
    assert not project.products.filter(product=expected).exists()


@pytest.mark.parametrize(
    ("address", "stored"),
    [
        ("https://docs.example.scot/charter", "https://docs.example.scot/charter"),
        ("http://intranet.example.scot/a", "http://intranet.example.scot/a"),
        ("docs.example.scot/charter", "https://docs.example.scot/charter"),
    ],
)
def test_evidence_is_a_web_address(staff_client, project, address, stored) -> None:
    staff_client.post(
        add_url(project),
        {"name": "Charter", "phase": project.phase_id, "evidence_url": address},
    )
    assert project.products.get(name="Charter").evidence_url == stored


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "ftp://files.example.scot/a", "file:///etc/passwd", "x y"],
)
def test_evidence_that_is_no_web_address_is_refused(
    staff_client, staff_user, project, address
) -> None:
    response = staff_client.post(
        add_url(project),
        {"name": "Charter", "phase": project.phase_id, "evidence_url": address},
    )
    page = response.content.decode()
    assert "starting with https://" in page
    assert 'href="#id_evidence_url"' in page
    assert not project.products.filter(name="Charter").exists()
    with pytest.raises(Refused) as refused:
        add_product(project, by=staff_user, name="Charter", evidence_url=address)
    assert "evidence_url" in refused.value.errors


def test_a_due_date_before_the_project_started_is_refused(
    staff_client, project
) -> None:
    response = staff_client.post(
        add_url(project),
        {"name": "Charter", "phase": project.phase_id, "due_on": "31/12/2025"},
    )
    assert "cannot be before the project started, on 01/01/2026" in (
        response.content.decode()
    )
    assert not project.products.filter(name="Charter").exists()


def test_a_closed_project_takes_no_new_product(staff_client, project) -> None:
    project.closed_on = timezone.localdate()
    project.save()
    response = staff_client.post(
        add_url(project), {"name": "Charter", "phase": project.phase_id}
    )
    assert "This project is closed" in response.content.decode()
    assert not project.products.filter(name="Charter").exists()


# Changing --------------------------------------------------------------------------


def test_staff_mark_a_product_not_needed_with_a_reason_and_link_evidence(
    staff_client, staff_user, project
) -> None:
    item = project.products.first()
    response = staff_client.post(
        product_url(item),
        shown(item, status="not_needed", not_needed_reason=""),
    )
    assert "Say why the product is not needed" in response.content.decode()
    staff_client.post(
        product_url(item),
        shown(
            item,
            status="not_needed",
            not_needed_reason="Another council wrote it.",
            evidence_url="https://docs.example.scot/theirs",
        ),
    )
    item.refresh_from_db()
    assert (item.status, item.not_needed_reason, item.evidence_url) == (
        "not_needed",
        "Another council wrote it.",
        "https://docs.example.scot/theirs",
    )
    assert item.history.first().history_user == staff_user
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "Another council wrote it." in page
    assert 'href="https://docs.example.scot/theirs"' in page


def test_the_models_products_keep_their_names(
    staff_client, staff_user, project
) -> None:
    item = project.products.first()
    name = item.name
    assert "name" not in staff_client.get(product_url(item)).context["form"].fields
    staff_client.post(product_url(item), shown(item, name="Renamed"))
    item.refresh_from_db()
    assert item.name == name
    with pytest.raises(Refused) as refused:
        change_product(item, by=staff_user, status=item.status, name="Renamed")
    assert "keeps its name" in refused.value.errors["name"]


def test_staff_rename_one_of_the_projects_own(staff_client, own) -> None:
    staff_client.post(product_url(own), shown(own, name="Data sharing agreements"))
    own.refresh_from_db()
    assert own.name == "Data sharing agreements"


def test_a_due_date_past_and_not_done_is_shown_as_overdue_in_words(
    staff_client, staff_user, project, own
) -> None:
    delivered = project.products.first()
    change_product(
        delivered,
        by=staff_user,
        status="delivered",
        due_on=dt.date(2026, 3, 1),
    )
    later = add_product(
        project,
        by=staff_user,
        name="Later",
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert page.count(">Overdue<") == 1  # own's, due 30 June 2026
    rows = {
        item.name: page.split(item.name, 1)[1].split("</tr>", 1)[0]
        for item in (own, delivered, later)
    }
    assert ">Overdue<" in rows[own.name]
    assert "Overdue" not in rows[delivered.name]
    assert "Overdue" not in rows[later.name]
    review = staff_client.get(reverse("heartbeat:review", args=[project.slug]))
    assert "Data sharing agreement: not started (overdue" in review.content.decode()


def test_a_stale_product_change_is_refused_showing_what_is_stored(
    staff_client, staff_user, own
) -> None:
    opened = shown(own, status="in_progress")
    change_product(own, by=staff_user, status="delivered", due_on=own.due_on)

    response = staff_client.post(product_url(own), opened)
    page = response.content.decode()
    assert "Someone else changed this product" in page
    assert "Stored now:</strong> Delivered" in page
    own.refresh_from_db()
    assert own.status == "delivered"

    again = dict(opened, based_on=response.context["form"].data["based_on"])
    assert staff_client.post(product_url(own), again).status_code == 302
    own.refresh_from_db()
    assert own.status == "in_progress"


# Removing --------------------------------------------------------------------------


def test_staff_remove_one_of_the_projects_own_and_the_history_names_it(
    staff_client, staff_user, project, own
) -> None:
    page = staff_client.get(product_url(own)).content.decode()
    assert remove_url(own) in page
    assert staff_client.get(remove_url(own)).status_code == 200
    response = staff_client.post(remove_url(own), follow=True)
    assert "Data sharing agreement removed" in response.content.decode()
    assert not project.products.filter(pk=own.pk).exists()
    history = staff_client.get(reverse("heartbeat:history", args=[project.slug]))
    text = history.content.decode()
    # Named by its last record, though the row is gone.
    assert "Product: Data sharing agreement: created" in text
    assert "Product: Data sharing agreement: deleted" in text
    removed = ProjectProduct.history.get(id=own.pk, history_type="-")
    assert (removed.history_user, removed.history_change_reason) == (
        staff_user,
        "Removed",
    )


def test_a_product_the_model_expects_is_never_removed(
    staff_client, staff_user, project
) -> None:
    item = project.products.first()
    page = staff_client.get(remove_url(item)).content.decode()
    assert "cannot be removed" in page
    assert "Remove the product</button>" not in page
    response = staff_client.post(remove_url(item))
    assert "mark it not needed" in response.content.decode()
    assert project.products.filter(pk=item.pk).exists()
    with pytest.raises(Refused):
        remove_product(item, by=staff_user)


# Who may ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["executive_client", "lead_client", "other_lead_client"]
)
def test_only_staff_tailor_products(request, project, own, role) -> None:
    client = request.getfixturevalue(role)
    for url in (add_url(project), product_url(own), remove_url(own)):
        assert client.get(url).status_code == 403
    assert (
        client.post(add_url(project), {"name": "X", "phase": project.phase_id})
    ).status_code == 403
    assert client.post(
        product_url(own), shown(own, status="delivered")
    ).status_code == (403)
    assert client.post(remove_url(own)).status_code == 403
    own.refresh_from_db()
    assert own.status == "not_started"
    assert project.products.filter(product=None).count() == 1
    page = client.get(project.get_absolute_url()).content.decode()
    assert add_url(project) not in page


def test_a_product_of_another_project_is_a_404(staff_client, own) -> None:
    other = ProjectFactory()
    for name in ("heartbeat:product", "heartbeat:product_remove"):
        url = reverse(name, args=[other.slug, own.pk])
        assert staff_client.get(url).status_code == 404


# The admin ------------------------------------------------------------------------


def test_the_admin_changes_products_through_the_service(staff_client, own) -> None:
    url = f"/admin/heartbeat/projectproduct/{own.pk}/change/"
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "name": own.name,
            "status": "in_progress",
            "not_needed_reason": "",
            "evidence_url": "ftp://files.example.scot/a",
            "due_on": "",
        },
    )
    assert "starting with https://" in response.content.decode()
    own.refresh_from_db()
    assert own.status == "not_started"
    assert Phase.objects.exists()


def test_a_product_sent_without_a_phase_goes_to_the_current_one(
    staff_client, project
) -> None:
    staff_client.post(add_url(project), {"name": "Charter"})
    assert project.products.get(name="Charter").phase == project.phase
