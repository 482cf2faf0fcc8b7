"""A project's needs, set by staff on the portal: people in a role from the roles
list with person-days, or money, over a period inside the project's dates."""

import datetime as dt
from decimal import Decimal

import pytest

from councils.refusals import Refused
from portfolios.models import Project, ResourceNeed, ResourceRole
from portfolios.services import latest_history_id, remove_need, save_need
from tests.factories import ResourceNeedFactory, ResourceRoleFactory

pytestmark = pytest.mark.django_db

ADD = "/projects/digital-telecare-switchover/needs/add/"
NEEDS = "/projects/digital-telecare-switchover/#needs"


@pytest.fixture
def designer() -> ResourceRole:
    return ResourceRoleFactory(name="Service designer")


@pytest.fixture
def retired() -> ResourceRole:
    return ResourceRoleFactory(name="Webmaster", is_active=False)


def people(designer: ResourceRole, **changes: str) -> dict[str, str]:
    return {
        "kind": "people",
        "role": str(designer.pk),
        "person_days": "40",
        "amount": "",
        "starts_on": "01/03/2026",
        "ends_on": "30/09/2026",
        "notes": "",
        **changes,
    }


def money(**changes: str) -> dict[str, str]:
    return {
        "kind": "money",
        "role": "",
        "person_days": "",
        "amount": "£25,000",
        "starts_on": "01/04/2026",
        "ends_on": "31/03/2027",
        **changes,
    }


# The service ---------------------------------------------------------------------


def test_staff_add_a_need_with_its_history(project, designer, staff_user) -> None:
    need = save_need(
        ResourceNeed(
            project=project,
            role=designer,
            person_days=40,
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 9, 30),
        ),
        by=staff_user,
    )

    record = need.history.latest()
    assert record.history_user == staff_user
    assert record.history_change_reason == "Added"


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"starts_on": dt.date(2025, 12, 1)},
            {
                "starts_on": "The period must be inside the project's dates, "
                "01/01/2026 to 31/12/2027"
            },
        ),
        (
            {"ends_on": dt.date(2026, 2, 1)},
            {"ends_on": "The end must be on or after the start"},
        ),
        (
            {"person_days": 0},
            {"person_days": "Enter the person-days needed in the role"},
        ),
        (
            {"role": None, "person_days": 0, "amount": Decimal(0)},
            {"amount": "Enter the money needed, or choose a role for people"},
        ),
        (
            {"role": None, "person_days": 0, "amount": Decimal(-10)},
            {"amount": "Enter an amount of money above £0"},
        ),
    ],
)
def test_a_need_that_breaks_a_rule_is_refused(
    project, designer, staff_user, changes, errors
) -> None:
    values = {
        "role": designer,
        "person_days": 40,
        "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2026, 9, 30),
        **changes,
    }
    with pytest.raises(Refused) as refused:
        save_need(ResourceNeed(project=project, **values), by=staff_user)

    assert refused.value.errors == errors
    assert not project.needs.exists()


def test_a_new_need_names_a_role_still_offered(project, retired, staff_user) -> None:
    need = ResourceNeed(
        project=project,
        role=retired,
        person_days=5,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31),
    )
    with pytest.raises(Refused) as refused:
        save_need(need, by=staff_user)

    assert refused.value.errors == {
        "role": "Webmaster is no longer offered: choose another role"
    }


def test_a_need_keeps_the_retired_role_it_already_names(
    project, retired, staff_user
) -> None:
    need = ResourceNeedFactory(project=project, role=retired)
    need.person_days = 30

    save_need(need, by=staff_user)

    need.refresh_from_db()
    assert (need.role, need.person_days) == (retired, 30)


def test_a_need_for_money_carries_no_role_or_days(project, staff_user) -> None:
    need = save_need(
        ResourceNeed(
            project=project,
            amount=Decimal(25000),
            person_days=12,
            starts_on=dt.date(2026, 4, 1),
            ends_on=dt.date(2027, 3, 31),
        ),
        by=staff_user,
    )

    assert (need.is_money, need.person_days, need.label) == (True, 0, "Funding")


def test_the_needs_of_a_closed_project_stay_as_they_were(
    project, designer, staff_user
) -> None:
    need = ResourceNeedFactory(project=project, role=designer)
    Project.objects.filter(pk=project.pk).update(closed_on=dt.date(2026, 6, 1))
    need.project.refresh_from_db()

    with pytest.raises(Refused):
        save_need(need, by=staff_user)
    with pytest.raises(Refused):
        remove_need(need, by=staff_user)
    assert project.needs.count() == 1


def test_removing_a_need_keeps_its_history(project, designer, staff_user) -> None:
    need = ResourceNeedFactory(project=project, role=designer)
    pk = need.pk

    remove_need(need, by=staff_user)
    remove_need(need, by=staff_user)  # sent twice: nothing more happens

    removed = ResourceNeed.history.filter(id=pk).latest()
    assert (removed.history_type, removed.history_user) == ("-", staff_user)
    assert removed.history_change_reason == "Removed"


# The pages ------------------------------------------------------------------------


def test_staff_add_people_in_a_role(staff_client, project, designer) -> None:
    response = staff_client.post(ADD, people(designer))

    assert response.status_code == 302
    assert response.url == NEEDS
    need = project.needs.get()
    assert (need.role, need.person_days, need.amount) == (designer, 40, 0)


@pytest.mark.parametrize("typed", ["£25,000", "25,000", "25000", "£ 25,000.00"])
def test_staff_add_money_written_as_people_write_it(
    staff_client, project, typed
) -> None:
    staff_client.post(ADD, money(amount=typed))

    need = project.needs.get()
    assert (need.role, need.person_days, need.amount) == (None, 0, Decimal(25000))


def test_the_need_form_offers_only_roles_on_offer(
    staff_client, project, designer, retired
) -> None:
    choices = dict(staff_client.get(ADD).context["form"].fields["role"].choices)

    assert designer.pk in choices
    assert retired.pk not in choices


def test_the_need_form_labels_say_what_each_kind_needs(staff_client, project) -> None:
    page = staff_client.get(ADD).content.decode()

    assert "Role, for people" in page
    assert "Person-days, for people" in page
    assert "Amount in pounds, for money" in page
    assert page.count("(optional)") == 1  # the notes
    assert "Notes (optional)" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": ""}, "role", "Choose the role the project needs"),
        ({"person_days": ""}, "person_days", "Enter the person-days, like 40"),
        (
            {"person_days": "0"},
            "person_days",
            "Enter the person-days, a whole number above 0",
        ),
        ({"kind": ""}, "kind", "Choose people or money"),
        (
            {"starts_on": "01/12/2025"},
            "starts_on",
            "The period must be inside the project's dates, 01/01/2026 to 31/12/2027",
        ),
    ],
)
def test_bad_people_input_is_refused_and_kept(
    staff_client, project, designer, data, field, message
) -> None:
    response = staff_client.post(ADD, people(designer, **data))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert 'class="ds_error-summary"' in response.content.decode()
    assert response.context["form"]["starts_on"].value() == data.get(
        "starts_on", "01/03/2026"
    )
    assert not project.needs.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount of money, like 25,000"),
        ("a lot", "Enter the amount as a number of pounds, like 25,000"),
        ("0", "Enter an amount of money above £0"),
    ],
)
def test_bad_money_input_is_refused_and_kept(
    staff_client, project, typed, message
) -> None:
    response = staff_client.post(ADD, money(amount=typed))

    assert response.context["form"].errors["amount"] == [message]
    assert response.context["form"]["amount"].value() == typed
    assert not project.needs.exists()


def test_staff_change_a_need_from_people_to_money(
    staff_client, project, designer
) -> None:
    need = ResourceNeedFactory(project=project, role=designer)
    path = f"/projects/digital-telecare-switchover/needs/{need.pk}/"
    form = staff_client.get(path).context["form"]
    assert form["kind"].value() == "people"

    response = staff_client.post(
        path, money(amount="10,000", seen=str(latest_history_id(need)))
    )

    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.role, need.person_days, need.amount) == (None, 0, Decimal(10000))
    assert need.history.latest().history_change_reason == "Changed"


def test_a_need_changed_since_the_form_opened_is_not_overwritten(
    staff_client, staff_user, project, designer
) -> None:
    need = ResourceNeedFactory(project=project, role=designer, person_days=20)
    path = f"/projects/digital-telecare-switchover/needs/{need.pk}/"
    seen = str(latest_history_id(need))
    need.person_days = 60
    save_need(need, by=staff_user)

    response = staff_client.post(path, people(designer, person_days="25", seen=seen))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Someone else changed this need" in page
    assert "60 person-days" in page  # stored now
    assert 'value="25"' in page  # typed, kept
    need.refresh_from_db()
    assert need.person_days == 60


def test_staff_remove_a_need_after_confirming(staff_client, project, designer) -> None:
    need = ResourceNeedFactory(project=project, role=designer)
    path = f"/projects/digital-telecare-switchover/needs/{need.pk}/remove/"

    assert "Remove the need: Service designer?" in (
        staff_client.get(path).content.decode()
    )
    assert staff_client.post(path).url == NEEDS
    assert not project.needs.exists()
    assert staff_client.post(path).status_code == 302  # Back, and send again


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_only_staff_set_needs(request, project, designer, role) -> None:
    client = request.getfixturevalue(role)
    need = ResourceNeedFactory(project=project, role=designer)
    records = ResourceNeed.history.count()
    base = "/projects/digital-telecare-switchover/needs"

    for path in (f"{base}/add/", f"{base}/{need.pk}/", f"{base}/{need.pk}/remove/"):
        assert client.get(path).status_code == 403
        assert client.post(path, people(designer)).status_code == 403

    assert project.needs.get() == need
    assert ResourceNeed.history.count() == records


def test_a_need_of_another_project_is_not_found_here(staff_client, project) -> None:
    elsewhere = ResourceNeedFactory()
    path = f"/projects/digital-telecare-switchover/needs/{elsewhere.pk}/"

    assert staff_client.get(path).status_code == 404
    assert staff_client.get(f"{path}remove/").status_code == 404


def test_the_admin_shows_a_need_and_sends_staff_to_the_portal_to_change_it(
    staff_client, project, designer
) -> None:
    need = ResourceNeedFactory(project=project, role=designer, person_days=20)
    page = f"/admin/portfolios/resourceneed/{need.pk}/change/"

    response = staff_client.get(page)
    assert response.status_code == 200
    assert (
        f'href="/projects/digital-telecare-switchover/needs/{need.pk}/"'
        in response.content.decode()
    )
    staff_client.post(page, {"person_days": "99", "_save": "Save"})
    staff_client.post(
        f"/admin/portfolios/resourceneed/{need.pk}/delete/", {"post": "yes"}
    )
    assert staff_client.get("/admin/portfolios/resourceneed/add/").status_code == 403

    need.refresh_from_db()
    assert need.person_days == 20
