"""Staff set projects up on the portal: every detail, an owner among staff, the phase
it starts in and its opening status; then edit it, never over someone else's edit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.refusals import Refused
from councils.roles import Role
from heartbeat.forms import NewProjectForm
from heartbeat.models import Phase, Pulse
from heartbeat.services import (
    details_version,
    report_pulse,
    save_project,
    start_project,
)
from portfolios.models import Portfolio, Project, ResourceNeed, VisionObjective
from tests.factories import (
    PortfolioFactory,
    ProjectFactory,
    PulseFactory,
    ResourceNeedFactory,
    UserFactory,
)
from tests.worlds import user_in

ADD = reverse("heartbeat:project_add")


def edit_url(project: Project) -> str:
    return reverse("heartbeat:project_edit", args=[project.slug])


@pytest.fixture
def owner(db: None):
    return user_in(Role.STAFF, username="owner", first_name="Morag", last_name="Bell")


@pytest.fixture
def portfolio(db: None) -> Portfolio:
    return PortfolioFactory(name="Digital Telecare")


@pytest.fixture
def project(project: Project, staff_user) -> Project:
    """The shared project, owned by the staff member acting (an owner is needed)."""
    Project.objects.filter(pk=project.pk).update(owner=staff_user)
    project.refresh_from_db()
    return project


def new_project(portfolio: Portfolio, owner, **changes: str) -> dict[str, object]:
    objectives = VisionObjective.objects.order_by("position")
    return {
        "portfolio": portfolio.pk,
        "name": "Telecare alarm receiving centres",
        "summary": "Shared alarm receiving centres for digital telecare.",
        "problem": "Every council runs its own centre.",
        "outcome": "Four shared centres serve all 32 councils.",
        "kind": Project.Kind.TECHNOLOGY,
        "vision_objectives": [objectives[0].pk, objectives[4].pk],
        "owner": owner.pk,
        "start_date": "01/06/2026",
        "target_date": "31/03/2028",
        "phase": Phase.objects.get(number=1).pk,
        "rag_status": "amber",
        "status_commentary": "Waiting for the first councils.",
        **changes,
    }


def details(project: Project, **changes: object) -> dict[str, object]:
    """The edit form as shown for the project, with some answers changed."""
    return {
        "portfolio": project.portfolio_id,
        "name": project.name,
        "summary": project.summary,
        "problem": project.problem,
        "outcome": project.outcome,
        "kind": project.kind,
        "vision_objectives": [o.pk for o in project.vision_objectives.all()],
        "owner": project.owner_id or "",
        "start_date": project.start_date.strftime("%d/%m/%Y"),
        "target_date": project.target_date.strftime("%d/%m/%Y"),
        "based_on": details_version(project),
        **changes,
    }


# Adding --------------------------------------------------------------------------


def test_staff_add_a_project_with_an_owner_and_its_opening_status(
    staff_client, staff_user, portfolio, owner
) -> None:
    response = staff_client.post(ADD, new_project(portfolio, owner), follow=True)

    project = Project.objects.get(name="Telecare alarm receiving centres")
    assert response.redirect_chain[-1][0] == project.get_absolute_url()
    assert "is set up in Scope" in response.content.decode()
    assert project.slug == "telecare-alarm-receiving-centres"
    assert (project.portfolio, project.owner, project.kind) == (
        portfolio,
        owner,
        Project.Kind.TECHNOLOGY,
    )
    assert [o.position for o in project.vision_objectives.all()] == [1, 5]
    assert (project.start_date, project.target_date) == (
        dt.date(2026, 6, 1),
        dt.date(2028, 3, 31),
    )
    assert (project.phase.number, project.phase_entered_on) == (1, project.start_date)
    # Its opening status is its first pulse, and the phase's products are expected.
    # The opening status is today's: a project started months ago is not stalled.
    pulse = project.pulses.get()
    assert (pulse.reported_on, project.status_date) == (timezone.localdate(),) * 2
    assert not project.is_stalled
    assert (pulse.rag_status, pulse.commentary, pulse.reported_by) == (
        "amber",
        "Waiting for the first councils.",
        staff_user,
    )
    assert project.rag_status == "amber"
    assert project.products.count() == project.phase.products.count() > 0
    assert project.history.get().history_user == staff_user


def test_the_first_phase_and_green_are_offered_first(staff_client) -> None:
    form = staff_client.get(ADD).context["form"]
    assert form.initial["phase"] == Phase.objects.get(number=1)
    assert form.initial["rag_status"] == "green"


def test_a_project_may_start_in_a_later_phase(staff_client, portfolio, owner) -> None:
    design = Phase.objects.get(number=4)
    staff_client.post(ADD, new_project(portfolio, owner, phase=design.pk))
    project = Project.objects.get()
    assert project.phase == design
    assert set(project.products.values_list("phase", flat=True)) == {design.pk}


def test_an_opening_commentary_left_empty_says_the_project_started(
    staff_client, portfolio, owner
) -> None:
    staff_client.post(ADD, new_project(portfolio, owner, status_commentary=""))
    assert Project.objects.get().pulses.get().commentary == "Project started."


def test_a_project_starting_later_reports_its_first_pulse_from_its_start(
    staff_client, portfolio, owner
) -> None:
    later = timezone.localdate() + dt.timedelta(days=30)
    staff_client.post(
        ADD,
        new_project(
            portfolio,
            owner,
            start_date=later.strftime("%d/%m/%Y"),
            target_date="31/12/2028",
        ),
    )
    project = Project.objects.get()
    assert project.status_date == later
    assert not project.pulses.exists()


@pytest.mark.parametrize("who", ["a lead", "an executive", "nobody's account"])
def test_the_owner_is_chosen_among_staff_only(
    staff_client, portfolio, lead_user, executive_user, who
) -> None:
    user = {"a lead": lead_user, "an executive": executive_user}.get(who) or (
        UserFactory(username="no-role")
    )
    choices = staff_client.get(ADD).context["form"].fields["owner"].queryset
    assert user not in choices
    response = staff_client.post(ADD, new_project(portfolio, user))
    page = response.content.decode()
    assert "There is a problem" in page
    assert "a project&#x27;s owner must be" in page
    assert not Project.objects.exists()


def test_an_owner_is_needed(staff_client, portfolio, owner) -> None:
    response = staff_client.post(ADD, {**new_project(portfolio, owner), "owner": ""})
    assert "Choose the project&#x27;s owner" in response.content.decode()
    assert not Project.objects.exists()


def test_each_detail_is_asked_for_and_what_was_typed_is_kept(staff_client) -> None:
    response = staff_client.post(
        ADD,
        {
            "name": "Half a project",
            "start_date": "31/02/2026",
        },
    )
    page = response.content.decode()
    for message in (
        "Choose the portfolio the project belongs to",
        "Write a summary of the project",
        "Describe the problem councils raised",
        "Describe the intended outcome",
        "Choose the kind of project",
        "Choose the project&#x27;s owner",
        "Enter a real date, like 29/11/2026",
        "Enter the target end date",
    ):
        assert message in page
    assert 'value="Half a project"' in page
    assert 'href="#id_summary"' in page  # the error summary links to the field
    assert not Project.objects.exists()


def test_the_target_end_cannot_be_before_the_start(
    staff_client, portfolio, owner
) -> None:
    response = staff_client.post(
        ADD, new_project(portfolio, owner, target_date="31/05/2026")
    )
    assert "The target end date must be on or after the start" in (
        response.content.decode()
    )
    assert not Project.objects.exists()


@pytest.mark.parametrize("name", ["New", " new ", "NEW!"])
def test_no_project_may_take_the_address_of_the_add_page(
    staff_client, portfolio, owner, name
) -> None:
    response = staff_client.post(ADD, new_project(portfolio, owner, name=name))
    assert "is a page of the portal" in response.content.decode()
    assert not Project.objects.exists()
    assert isinstance(
        staff_client.get("/projects/new/").context["form"], NewProjectForm
    )


def test_a_name_with_no_letters_or_numbers_is_refused(
    staff_client, portfolio, owner
) -> None:
    response = staff_client.post(ADD, new_project(portfolio, owner, name="!!!"))
    assert "a name with letters or numbers" in response.content.decode()


def test_sending_the_new_project_again_makes_no_second_one(
    staff_client, portfolio, owner
) -> None:
    data = new_project(portfolio, owner)
    first = staff_client.post(ADD, data)
    assert first.status_code == 302
    again = staff_client.post(ADD, data)  # Back, and send again
    page = again.content.decode()
    assert again.status_code == 200
    assert "There is already a project called" in page
    existing = Project.objects.get()
    assert f'href="{existing.get_absolute_url()}"' in page  # "Open …"
    assert Project.objects.count() == 1
    assert Pulse.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("TELECARE ALARM RECEIVING CENTRES", "There is already a project called"),
        ("Telecare: alarm receiving centres", "would have the same address"),
    ],
)
def test_a_name_or_address_taken_in_another_spelling_is_refused(
    staff_client, portfolio, owner, name, message
) -> None:
    staff_client.post(ADD, new_project(portfolio, owner))
    response = staff_client.post(ADD, new_project(portfolio, owner, name=name))
    assert message in response.content.decode()
    assert Project.objects.count() == 1


def test_start_project_refuses_the_reserved_address(staff_user, owner) -> None:
    project = ProjectFactory.build(
        name="New", slug="", portfolio=PortfolioFactory(), owner=owner
    )
    with pytest.raises(Refused) as refused:
        start_project(project, by=staff_user)
    assert "name" in refused.value.errors


# Editing -------------------------------------------------------------------------


def test_staff_edit_every_detail_and_the_address_stays(
    staff_client, staff_user, project, owner
) -> None:
    other = PortfolioFactory(name="Modern Workplace")
    objective = VisionObjective.objects.get(position=3)
    response = staff_client.post(
        edit_url(project),
        details(
            project,
            portfolio=other.pk,
            name="Telecare switchover",
            summary="A new summary.",
            problem="A sharper problem.",
            outcome="A clearer outcome.",
            kind=Project.Kind.REDESIGN,
            vision_objectives=[objective.pk],
            owner=owner.pk,
            start_date="15/01/2026",
            target_date="30/06/2028",
        ),
        follow=True,
    )
    assert "Telecare switchover: details saved" in response.content.decode()
    project.refresh_from_db()
    assert (
        project.portfolio,
        project.name,
        project.summary,
        project.problem,
        project.outcome,
        project.kind,
        project.owner,
        project.start_date,
        project.target_date,
    ) == (
        other,
        "Telecare switchover",
        "A new summary.",
        "A sharper problem.",
        "A clearer outcome.",
        Project.Kind.REDESIGN,
        owner,
        dt.date(2026, 1, 15),
        dt.date(2028, 6, 30),
    )
    assert list(project.vision_objectives.all()) == [objective]
    assert project.slug == "digital-telecare-switchover"  # links keep working
    newest = project.history.first()
    assert (newest.history_user, newest.history_change_reason) == (
        staff_user,
        "Edited",
    )


def test_the_edit_form_shows_phase_and_status_read_only_with_their_pages(
    staff_client, project
) -> None:
    response = staff_client.get(edit_url(project))
    page = response.content.decode()
    form = response.context["form"]
    assert "phase" not in form.fields
    assert "rag_status" not in form.fields
    assert "1. Scope" in page
    assert reverse("heartbeat:review", args=[project.slug]) in page
    assert reverse("heartbeat:pulse", args=[project.slug]) in page


def test_an_edit_never_moves_the_phase_or_the_status(staff_client, project) -> None:
    staff_client.post(
        edit_url(project),
        details(
            project,
            phase=Phase.objects.get(number=5).pk,
            rag_status="red",
            status_commentary="Forged.",
            closed_on="01/11/2026",
            slug="forged",
        ),
    )
    project.refresh_from_db()
    assert (project.phase.number, project.rag_status, project.closed_on) == (
        1,
        "green",
        None,
    )
    assert project.slug == "digital-telecare-switchover"


def test_another_projects_name_is_refused_on_edit(staff_client, project) -> None:
    ProjectFactory(name="Shared analytics")
    response = staff_client.post(
        edit_url(project), details(project, name="shared analytics")
    )
    assert "There is already a project called ‘Shared analytics’" in (
        response.content.decode()
    )
    project.refresh_from_db()
    assert project.name == "Digital telecare switchover"


def test_a_start_after_its_first_pulse_is_refused(
    staff_client, staff_user, project
) -> None:
    report_pulse(
        project,
        rag_status="green",
        commentary="Fine.",
        by=staff_user,
        reported_on=dt.date(2026, 2, 1),
    )
    response = staff_client.post(
        edit_url(project), details(project, start_date="01/03/2026")
    )
    assert "it cannot start after them" in response.content.decode()


def test_a_stale_edit_is_refused_showing_what_is_stored_and_keeping_what_was_typed(
    staff_client, staff_user, project
) -> None:
    opened = details(project, summary="My summary, typed with care.")
    # Someone else saves the project after the form was opened.
    project.summary = "Their summary."
    save_project(project, by=staff_user)

    response = staff_client.post(edit_url(project), opened)
    page = response.content.decode()
    assert "Someone else saved this project while you were editing it" in page
    assert "Stored now" in page
    assert "Their summary." in page
    assert "My summary, typed with care." in page
    project.refresh_from_db()
    assert project.summary == "Their summary."

    # Sent again from that page, the change is a deliberate one: it is saved.
    again = dict(opened, based_on=response.context["form"].data["based_on"])
    assert staff_client.post(edit_url(project), again).status_code == 302
    project.refresh_from_db()
    assert project.summary == "My summary, typed with care."


def test_a_pulse_reported_meanwhile_does_not_make_the_edit_stale(
    staff_client, staff_user, project
) -> None:
    opened = details(project, summary="Edited.")
    report_pulse(project, rag_status="red", commentary="Late.", by=staff_user)
    assert staff_client.post(edit_url(project), opened).status_code == 302
    project.refresh_from_db()
    assert (project.summary, project.rag_status) == ("Edited.", "red")


def test_an_owner_who_left_the_staff_is_named_and_must_be_replaced(
    staff_client, project, executive_user
) -> None:
    Project.objects.filter(pk=project.pk).update(owner=executive_user)
    project.refresh_from_db()
    response = staff_client.get(edit_url(project))
    assert "is no longer Digital Office staff: choose a new owner" in (
        response.content.decode()
    )
    response = staff_client.post(edit_url(project), details(project))
    assert "a project&#x27;s owner must be" in response.content.decode()


# Who may ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["executive_client", "lead_client", "other_lead_client"]
)
def test_only_staff_add_or_edit_projects(
    request, role, project, portfolio, owner
) -> None:
    client = request.getfixturevalue(role)
    before = project.summary
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, new_project(portfolio, owner)).status_code == 403
    assert client.get(edit_url(project)).status_code == 403
    response = client.post(edit_url(project), details(project, summary="Forged."))
    assert response.status_code == 403
    assert Project.objects.count() == 1
    project.refresh_from_db()
    assert project.summary == before


def test_a_visitor_is_sent_to_sign_in(client) -> None:
    response = client.get(ADD)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_project_is_a_404(staff_client) -> None:
    assert staff_client.get("/projects/no-such-project/edit/").status_code == 404


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("staff_client", True),
        ("executive_client", False),
        ("lead_client", False),
    ],
)
def test_the_project_page_and_list_offer_setting_up_to_staff(
    request, project, role, sees
) -> None:
    client = request.getfixturevalue(role)
    page = client.get(project.get_absolute_url()).content.decode()
    assert (edit_url(project) in page) is sees
    assert ("Edit project" in page) is sees
    listed = client.get(reverse("portfolios:projects")).content.decode()
    assert (f'href="{ADD}"' in listed) is sees


# The project page: needs, products and pulses -------------------------------------


def test_the_need_pages_of_the_portfolios_app_are_where_the_page_links(
    project,
) -> None:
    """The contract with the needs' pages: these names and addresses."""
    assert reverse("portfolios:need_add", args=[project.slug]) == (
        f"/projects/{project.slug}/needs/add/"
    )
    assert reverse("portfolios:need", args=[project.slug, 7]) == (
        f"/projects/{project.slug}/needs/7/"
    )
    assert reverse("portfolios:need_remove", args=[project.slug, 7]) == (
        f"/projects/{project.slug}/needs/7/remove/"
    )


@pytest.mark.parametrize(
    ("role", "sees"), [("staff_client", True), ("lead_client", False)]
)
def test_staff_see_links_to_add_change_and_remove_needs(
    request, project, role, sees
) -> None:
    need = ResourceNeedFactory(project=project)
    page = request.getfixturevalue(role).get(project.get_absolute_url())
    html = page.content.decode()
    assert "Service designer" in html
    for url in (
        reverse("portfolios:need_add", args=[project.slug]),
        reverse("portfolios:need", args=[project.slug, need.pk]),
        reverse("portfolios:need_remove", args=[project.slug, need.pk]),
    ):
        assert (f'href="{url}"' in html) is sees


def test_the_project_page_makes_a_fixed_number_of_queries(
    staff_client, staff_user, project, django_assert_max_num_queries
) -> None:
    for _ in range(3):
        ResourceNeedFactory(project=project)
    for day in range(1, 10):
        PulseFactory(project=project, reported_on=dt.date(2026, 2, day))
    with django_assert_max_num_queries(15):
        response = staff_client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert "All 9 pulses" in response.content.decode()


# The admin -----------------------------------------------------------------------


def test_the_admin_lists_needs_read_only_with_a_link_to_the_portal(
    staff_client, project
) -> None:
    need = ResourceNeedFactory(project=project)
    url = f"/admin/portfolios/project/{project.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert reverse("portfolios:need", args=[project.slug, need.pk]) in page
    assert 'name="needs-0-person_days"' not in page


def test_the_admin_inline_cannot_add_a_need_round_its_rules(
    staff_client, project
) -> None:
    url = f"/admin/portfolios/project/{project.pk}/change/"
    staff_client.post(
        url,
        {
            "needs-TOTAL_FORMS": "1",
            "needs-INITIAL_FORMS": "0",
            "needs-0-person_days": "5",
            "needs-0-amount": "1000",
            "needs-0-starts_on": "01/01/2020",
            "needs-0-ends_on": "01/01/2019",
        },
    )
    assert not ResourceNeed.objects.exists()


def test_an_address_mended_in_the_admin_must_be_free(staff_user, project) -> None:
    other = ProjectFactory(name="Shared analytics")
    project.slug = other.slug
    with pytest.raises(Refused, match="would have the same address"):
        save_project(project, by=staff_user)
    project.slug = "new"
    with pytest.raises(Refused, match="is a page of the portal"):
        save_project(project, by=staff_user)
