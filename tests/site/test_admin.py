"""The admin is for reference data and for staff to mend, never a way round a rule:
every change with a rule goes through its service (DESIGN §2, One write path)."""

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from councils.models import Council, User
from councils.roles import Role
from heartbeat.models import GateReview, Phase, ProjectProduct, Pulse
from heartbeat.services import CriterionTick, record_gate_review, report_pulse
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
    ResourceNeed,
    ResourceRole,
)
from portfolios.services import set_commitment_status
from tests.factories import (
    BenefitFactory,
    CommitmentFactory,
    ParticipationFactory,
    PortfolioFactory,
    ResourceNeedFactory,
    UserFactory,
)
from tests.worlds import user_in

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # UserFactory's
Status = Commitment.Status
TODAY = timezone.localdate


# Sending an admin form as a browser would -------------------------------------------


class _FormReader(HTMLParser):
    """The values a browser sends for one form of a page, left as they are shown."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.multiple = False
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "reset", "file", "image"):
                self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select, self.options = name, []
            self.multiple = "multiple" in attrs
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            self._add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and self.options and not self.multiple:
                chosen = [self.options[0][0]]  # a browser sends the first
            for value in chosen:
                self._add(self.select, value)
            self.select = None


def shown_form(client: Client, url: str) -> dict[str, list[str]]:
    """The admin form at the address, as the page shows it, ready to send with
    "Save" pressed."""
    response = client.get(url)
    assert response.status_code == 200
    model_name = response.context["opts"].model_name
    reader = _FormReader(f"{model_name}_form")
    reader.feed(response.content.decode())
    data = reader.data
    data["_save"] = ["Save"]
    return data


def said(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def changelist(model: type) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def change_page(obj: object) -> str:
    return f"{changelist(type(obj))}{obj.pk}/change/"


@pytest.fixture
def executive_superuser() -> User:
    return user_in(Role.EXECUTIVE, username="exec-super", is_superuser=True)


# Who uses the admin ------------------------------------------------------------------

ADMIN_PAGES = [
    "/admin/",
    "/admin/councils/council/",
    "/admin/councils/council/?standing__exact=in_principle&q=fife",
    "/admin/councils/user/",
    "/admin/portfolios/portfolio/",
    "/admin/portfolios/project/?q=data",
    "/admin/portfolios/project/add/",
    "/admin/portfolios/visionobjective/",
    "/admin/portfolios/resourcerole/",
    "/admin/portfolios/resourcerole/add/",
    "/admin/portfolios/resourceneed/?q=designer",
    "/admin/portfolios/participation/",
    "/admin/portfolios/commitment/?q=designer",
    "/admin/portfolios/benefit/",
    "/admin/portfolios/benefit/add/",
    "/admin/heartbeat/phase/",
    "/admin/heartbeat/phase/1/change/",
    "/admin/heartbeat/phaseproduct/",
    "/admin/heartbeat/exitcriterion/",
    "/admin/heartbeat/projectproduct/",
    "/admin/heartbeat/gatereview/",
    "/admin/heartbeat/pulse/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_use_the_admin(staff_client, path):
    assert staff_client.get(path).status_code == 200


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_only_staff_reach_the_admin(request, role):
    response = request.getfixturevalue(role).get("/admin/portfolios/project/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("superuser", [False, True])
def test_an_executive_cannot_sign_in_to_the_admin(client, superuser):
    user_in(Role.EXECUTIVE, username="board", is_superuser=superuser)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "board", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_superuser_in_the_executives_group_changes_nothing_in_the_admin(
    client, executive_superuser, fife, project, staff_user
):
    commitment = CommitmentFactory(project=project, council=fife)
    client.force_login(executive_superuser)
    assert client.get("/admin/").url.startswith("/admin/login/")
    assert client.get(change_page(fife)).url.startswith("/admin/login/")

    client.post(change_page(fife), {"standing": "not_committed", "_save": "Save"})
    client.post(
        changelist(Commitment),
        {"action": "confirm", "index": "0", "_selected_action": [commitment.pk]},
    )
    client.post(
        changelist(Project) + "add/",
        {"name": "Board's own", "slug": "boards-own", "owner": staff_user.pk},
    )

    fife.refresh_from_db()
    commitment.refresh_from_db()
    assert fife.standing == Council.Standing.IN_PRINCIPLE
    assert commitment.status == Status.PROPOSED
    assert not Project.objects.filter(slug="boards-own").exists()


def test_councils_cannot_be_deleted_in_the_admin(staff_client, fife):
    response = staff_client.get(f"/admin/councils/council/{fife.pk}/delete/")
    assert response.status_code == 403


# Reference data: councils' standing, the roles list, users -------------------------


def test_staff_change_a_councils_standing_and_contribution(staff_client, fife):
    data = shown_form(staff_client, change_page(fife))
    data |= {"standing": ["committed"], "annual_contribution": ["12000"]}
    response = staff_client.post(change_page(fife), data)
    assert response.status_code == 302
    fife.refresh_from_db()
    assert fife.standing == Council.Standing.COMMITTED
    assert fife.annual_contribution == Decimal(12000)


def test_staff_keep_the_roles_list(staff_client):
    response = staff_client.post(
        changelist(ResourceRole) + "add/",
        {"name": "Drone pilot", "description": "Writes.", "is_active": "on"},
    )
    assert response.status_code == 302
    role = ResourceRole.objects.get(name="Drone pilot")
    data = shown_form(staff_client, change_page(role))
    data.pop("is_active")
    staff_client.post(change_page(role), data)
    role.refresh_from_db()
    assert not role.is_active
    assert role.history.first().history_user.username == "do-staff"


@pytest.mark.parametrize(
    ("roles", "superuser"),
    [
        ([Role.STAFF, Role.EXECUTIVE], False),
        ([Role.STAFF, Role.LEAD], False),
        ([Role.EXECUTIVE, Role.LEAD], False),
        ([Role.EXECUTIVE], True),
        ([Role.LEAD], True),
    ],
)
def test_a_person_holds_one_role(staff_client, fife, roles, superuser):
    person = UserFactory(username="someone")
    data = shown_form(staff_client, change_page(person))
    data["groups"] = [str(Group.objects.get(name=role).pk) for role in roles]
    data["council"] = [str(fife.pk)] if Role.LEAD in roles else [""]
    if superuser:
        data["is_superuser"] = ["on"]
    response = staff_client.post(change_page(person), data)
    assert response.status_code == 200
    assert "A person holds one role" in response.content.decode()
    person.refresh_from_db()
    assert not person.groups.exists()
    assert not person.is_superuser


def test_staff_give_a_person_one_role_in_the_admin(staff_client, fife):
    person = UserFactory(username="someone")
    data = shown_form(staff_client, change_page(person))
    data["groups"] = [str(Group.objects.get(name=Role.LEAD).pk)]
    data["council"] = [str(fife.pk)]
    response = staff_client.post(change_page(person), data)
    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert person.is_council_lead
    assert person.council == fife


@pytest.mark.parametrize(
    ("role", "with_council", "message"),
    [
        (Role.LEAD, False, "Choose the council this lead works for."),
        (Role.STAFF, True, "Only council leads have a council"),
    ],
)
def test_only_a_lead_has_a_council(staff_client, fife, role, with_council, message):
    person = UserFactory(username="someone")
    data = shown_form(staff_client, change_page(person))
    data["groups"] = [str(Group.objects.get(name=role).pk)]
    data["council"] = [str(fife.pk)] if with_council else [""]
    response = staff_client.post(change_page(person), data)
    assert message in response.content.decode()
    assert not User.objects.get(pk=person.pk).groups.exists()


# Projects: started and edited through the services ---------------------------------


@pytest.fixture
def new_project(staff_user) -> dict[str, object]:
    """What staff type to add a project, and who they choose as its owner."""
    return {
        "name": "Shared contact centre",
        "slug": "shared-contact-centre",
        "portfolio": PortfolioFactory().pk,
        "kind": Project.Kind.NEW_WAYS,
        "summary": "One contact centre for three councils.",
        "problem": "Three queues.",
        "outcome": "One queue.",
        "phase": Phase.objects.get(number=1).pk,
        "rag_status": "green",
        "status_commentary": "",
        "status_date": "",
        "owner": staff_user.pk,
        "start_date": "2026-03-02",
        "target_date": "2027-03-31",
        "needs-TOTAL_FORMS": "0",
        "needs-INITIAL_FORMS": "0",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "_save": "Save",
    }


def test_a_project_added_in_the_admin_is_started_by_the_service(
    staff_client, staff_user, new_project
):
    response = staff_client.post(changelist(Project) + "add/", new_project)
    assert response.status_code == 302, response.context["errors"]
    project = Project.objects.get(slug="shared-contact-centre")
    assert project.owner == staff_user
    assert project.phase_entered_on == dt.date(2026, 3, 2)
    assert project.pulses.get().reported_by == staff_user
    assert project.products.count() == project.phase.products.count()
    assert project.history.earliest().history_change_reason == "Started"


def test_a_projects_owner_is_chosen_among_staff(
    staff_client, staff_user, executive_user, lead_user, executive_superuser
):
    response = staff_client.get(changelist(Project) + "add/")
    offered = set(response.context["adminform"].form.fields["owner"].queryset)
    assert staff_user in offered
    assert not offered & {executive_user, lead_user, executive_superuser}


@pytest.mark.parametrize(
    "owner", ["executive_user", "lead_user", "executive_superuser"]
)
def test_an_owner_who_is_not_staff_is_refused_even_when_posted(
    request, staff_client, project, staff_user, owner
):
    Project.objects.filter(pk=project.pk).update(owner=staff_user)
    forged = request.getfixturevalue(owner)
    data = shown_form(staff_client, change_page(project))
    data["owner"] = [str(forged.pk)]
    data["name"] = ["Renamed"]
    response = staff_client.post(change_page(project), data)
    assert response.status_code == 200
    assert "Choose a member of Digital Office staff" in response.content.decode()
    project.refresh_from_db()
    assert project.owner == staff_user
    assert project.name == "Digital telecare switchover"


def test_a_new_project_with_an_executive_as_owner_is_not_started(
    staff_client, executive_user, new_project
):
    new_project["owner"] = executive_user.pk
    response = staff_client.post(changelist(Project) + "add/", new_project)
    assert "Choose a member of Digital Office staff" in response.content.decode()
    assert not Project.objects.filter(slug="shared-contact-centre").exists()


def test_editing_a_project_keeps_its_phase_and_status_and_says_who(
    staff_client, staff_user, project
):
    data = shown_form(staff_client, change_page(project))
    data |= {
        "summary": ["A shorter summary."],
        # Forged: these are read-only here, moved by gate reviews and pulses.
        "phase": [str(Phase.objects.get(number=3).pk)],
        "rag_status": ["red"],
        "closed_on": ["2026-06-01"],
    }
    response = staff_client.post(change_page(project), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary == "A shorter summary."
    assert project.phase.number == 1
    assert project.rag_status == "green"
    assert project.closed_on is None
    record = project.history.first()
    assert (record.history_user, record.history_change_reason) == (
        staff_user,
        "Edited",
    )


def test_a_project_edit_the_service_refuses_is_shown_and_nothing_is_saved(
    staff_client, staff_user, project
):
    report_pulse(
        project,
        rag_status="green",
        commentary="Under way.",
        by=staff_user,
        reported_on=dt.date(2026, 2, 2),
    )
    data = shown_form(staff_client, change_page(project))
    data |= {"name": ["Renamed"], "start_date": ["2026-03-01"]}
    response = staff_client.post(change_page(project), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The project has records from 02/02/2026" in page
    assert 'value="Renamed"' in page  # what was typed is kept
    project.refresh_from_db()
    assert project.name == "Digital telecare switchover"
    assert project.start_date == dt.date(2026, 1, 1)


def test_projects_are_not_deleted_in_the_admin(staff_client, project):
    response = staff_client.post(f"{changelist(Project)}{project.pk}/delete/")
    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_needs_are_changed_on_the_portal_not_in_the_admin(staff_client, project):
    """The rules of a need (a role on offer, people or money, inside the project's
    dates) are the service's, on the project's page (tests/portfolios/test_needs.py):
    the admin shows needs and sends staff there."""
    need = ResourceNeedFactory(project=project)
    before = (need.person_days, need.amount)
    data = shown_form(staff_client, change_page(project))
    staff_client.post(change_page(project), data | {"needs-0-person_days": ["99"]})
    need.refresh_from_db()
    assert (need.person_days, need.amount) == before
    response = staff_client.post(change_page(need), {"person_days": ["99"]})
    assert response.status_code in (302, 403)
    need.refresh_from_db()
    assert (need.person_days, need.amount) == before
    assert staff_client.post(changelist(ResourceNeed) + "add/").status_code == 403
    page = staff_client.get(change_page(need)).content.decode()
    assert f"/projects/{project.slug}/needs/{need.pk}/" in page


# Participations: joined and left on the portal --------------------------------------


def test_participations_are_read_only_in_the_admin(staff_client, project, fife):
    participation = ParticipationFactory(project=project, council=fife)
    base = f"{changelist(Participation)}{participation.pk}/"
    assert staff_client.get(changelist(Participation) + "add/").status_code == 403
    assert staff_client.post(base + "delete/", {"post": "yes"}).status_code == 403
    response = staff_client.post(
        base + "change/", {"joined_on": "2026-05-05", "_save": "Save"}
    )
    assert response.status_code == 403
    assert staff_client.get(base + "change/").status_code == 200  # to read

    data = shown_form(staff_client, change_page(project))
    assert "participations-0-joined_on" not in data  # shown, not a field
    data |= {
        "participations-0-id": [str(participation.pk)],
        "participations-0-joined_on": ["2026-05-05"],
        "participations-0-DELETE": ["on"],
    }
    staff_client.post(change_page(project), data)
    participation.refresh_from_db()
    assert participation.joined_on == dt.date(2026, 2, 1)


# Commitments: moved by actions that call set_commitment_status ----------------------


@pytest.fixture
def proposed(project, fife) -> Commitment:
    ParticipationFactory(project=project, council=fife)
    return CommitmentFactory(project=project, council=fife)


def act(client: Client, action: str, *commitments: Commitment, **more: str) -> object:
    return client.post(
        changelist(Commitment),
        {
            "action": action,
            "index": "0",
            "_selected_action": [c.pk for c in commitments],
            **more,
        },
        follow=True,
    )


def test_confirming_in_the_admin_sets_its_dates_and_history(
    staff_client, staff_user, proposed
):
    response = act(staff_client, "confirm", proposed)
    assert f"{proposed}: confirmed." in said(response)
    proposed.refresh_from_db()
    assert proposed.status == Status.CONFIRMED
    assert proposed.confirmed_on == TODAY()
    assert proposed.version == 2
    record = proposed.history.first()
    assert record.history_user == staff_user
    assert record.history_change_reason == "Confirmed in the admin"


def test_fulfilling_in_the_admin_sets_its_dates_and_history(
    staff_client, staff_user, proposed
):
    set_commitment_status(
        proposed,
        status=Status.CONFIRMED,
        by=staff_user,
        expected_version=1,
        on=dt.date(2026, 3, 1),
    )
    response = act(staff_client, "fulfil", proposed)
    assert f"{proposed}: fulfilled." in said(response)
    proposed.refresh_from_db()
    assert proposed.status == Status.FULFILLED
    assert proposed.confirmed_on == dt.date(2026, 3, 1)
    assert proposed.ended_on == TODAY()
    record = proposed.history.first()
    assert record.history_user == staff_user
    assert record.history_change_reason == "Marked as fulfilled in the admin"


def test_each_commitment_is_reported_done_or_refused_and_why(
    staff_client, staff_user, proposed, project, highland
):
    declined = CommitmentFactory(project=project, council=highland)
    set_commitment_status(
        declined, status=Status.DECLINED, by=staff_user, reason="No", expected_version=1
    )
    response = act(staff_client, "confirm", proposed, declined)
    messages = said(response)
    declined.refresh_from_db()
    assert f"{proposed}: confirmed." in messages
    assert (
        f"{declined}: not confirmed. A declined commitment cannot be confirmed."
        in messages
    )
    assert declined.status == Status.DECLINED


def test_a_commitment_not_yet_begun_is_not_fulfilled(staff_client, staff_user, project):
    later = CommitmentFactory(
        project=project, starts_on=dt.date(2027, 1, 4), ends_on=dt.date(2027, 3, 31)
    )
    set_commitment_status(
        later, status=Status.CONFIRMED, by=staff_user, expected_version=1
    )
    response = act(staff_client, "fulfil", later)
    assert "it cannot be fulfilled before then" in " ".join(said(response))
    later.refresh_from_db()
    assert later.status == Status.CONFIRMED


@pytest.mark.parametrize("action", ["decline", "withdraw"])
def test_declining_or_withdrawing_in_the_admin_asks_why_first(
    staff_client, staff_user, proposed, action
):
    question = act(staff_client, action, proposed)
    assert question.status_code == 200
    page = question.content.decode()
    assert str(proposed) in page
    assert 'name="reason"' in page
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED

    answer = {"post": "yes", f"version-{proposed.pk}": str(proposed.version)}
    unanswered = act(staff_client, action, proposed, **answer, reason=" ")
    assert "Say why, in a line" in unanswered.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED

    done = act(staff_client, action, proposed, **answer, reason="No budget this year.")
    status = Status.DECLINED if action == "decline" else Status.WITHDRAWN
    assert f"{proposed}: {status.label.lower()}." in said(done)
    proposed.refresh_from_db()
    assert proposed.status == status
    assert proposed.ended_on == TODAY()
    record = proposed.history.first()
    assert record.history_user == staff_user
    assert record.history_change_reason == "No budget this year."


def test_a_commitment_changed_since_the_question_was_shown_is_not_moved(
    staff_client, lead_user, proposed
):
    question = act(staff_client, "decline", proposed)
    assert f'name="version-{proposed.pk}" value="1"' in question.content.decode()
    Commitment.objects.filter(pk=proposed.pk).update(version=2)  # the lead changed it
    response = act(
        staff_client,
        "decline",
        proposed,
        post="yes",
        reason="Too late.",
        **{f"version-{proposed.pk}": "1"},
    )
    assert "Someone else changed this commitment" in " ".join(said(response))
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_a_commitment_is_confirmed_from_its_own_page(staff_client, proposed):
    response = staff_client.post(
        change_page(proposed),
        {"CHANGE_FORM-action": "confirm", "_selected_action": proposed.pk},
        follow=True,
    )
    assert f"{proposed}: confirmed." in said(response)
    proposed.refresh_from_db()
    assert proposed.status == Status.CONFIRMED


def test_commitments_are_not_added_edited_or_deleted_in_the_admin(
    staff_client, proposed
):
    base = f"{changelist(Commitment)}{proposed.pk}/"
    assert staff_client.get(changelist(Commitment) + "add/").status_code == 403
    assert staff_client.post(base + "delete/", {"post": "yes"}).status_code == 403
    forged = {
        "status": "confirmed",
        "confirmed_on": "2026-03-01",
        "person_days": "99",
        "version": "7",
        "_save": "Save",
    }
    assert staff_client.post(base + "change/", forged).status_code == 403
    assert staff_client.get(base + "change/").status_code == 200  # to read
    proposed.refresh_from_db()
    assert (proposed.status, proposed.person_days, proposed.version) == (
        Status.PROPOSED,
        10,
        1,
    )


def test_a_commitments_history_is_read_in_the_admin_never_reverted(
    staff_client, proposed
):
    first = proposed.history.earliest()
    act(staff_client, "confirm", proposed)
    history = staff_client.get(f"{changelist(Commitment)}{proposed.pk}/history/")
    assert history.status_code == 200
    assert "Confirmed in the admin" in history.content.decode()
    past = f"{changelist(Commitment)}{proposed.pk}/history/{first.history_id}/"
    assert staff_client.get(past).status_code == 200
    assert staff_client.post(past, {"_save": "Save"}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == Status.CONFIRMED


def test_history_pages_keep_working(staff_client, staff_user, project, proposed):
    benefit = BenefitFactory(project=project)
    data = shown_form(staff_client, change_page(project))
    data["summary"] = ["A shorter summary."]
    staff_client.post(change_page(project), data)
    for obj in (project, project.products.first(), benefit, proposed):
        history = f"{changelist(type(obj))}{obj.pk}/history/"
        page = staff_client.get(history)
        assert page.status_code == 200
        past = obj.history.earliest().history_id
        assert staff_client.get(f"{history}{past}/").status_code == 200
    assert (
        "Edited"
        in staff_client.get(
            f"{changelist(Project)}{project.pk}/history/"
        ).content.decode()
    )


# Benefits and actuals: save_benefit and record_actual --------------------------------


def _benefit(project: Project, **typed: str) -> dict:
    return {
        "project": str(project.pk),
        "measure": "hours_saved",
        "custom_name": "",
        "baseline": "0",
        "target": "500",
        "description": "",
        "actuals-TOTAL_FORMS": "0",
        "actuals-INITIAL_FORMS": "0",
        "actuals-2-TOTAL_FORMS": "0",
        "actuals-2-INITIAL_FORMS": "0",
        "_save": "Save",
        **typed,
    }


def test_a_benefit_added_in_the_admin_is_checked_by_the_service(
    staff_client, staff_user, project
):
    add = changelist(Benefit) + "add/"
    refused = staff_client.post(add, _benefit(project, measure="custom"))
    assert "Name the measure, like Paper forms avoided" in refused.content.decode()
    same = staff_client.post(add, _benefit(project, target="0"))
    assert "Enter a target different from the baseline" in same.content.decode()
    assert not project.benefits.exists()

    assert staff_client.post(add, _benefit(project)).status_code == 302
    benefit = project.benefits.get()
    assert benefit.history.first().history_user == staff_user
    again = staff_client.post(add, _benefit(project))
    assert "The project already measures this" in again.content.decode()


def test_an_actual_is_recorded_in_the_admin_through_the_service(
    staff_client, staff_user, project
):
    benefit = BenefitFactory(project=project)
    data = shown_form(staff_client, change_page(benefit))
    prefix = next(
        name.removesuffix("-TOTAL_FORMS")
        for name in data
        if name.endswith("-TOTAL_FORMS") and data[name] == ["1"]
    )
    tomorrow = TODAY() + dt.timedelta(days=1)
    future = data | {
        f"{prefix}-0-measured_on": [tomorrow.isoformat()],
        f"{prefix}-0-value": ["40"],
    }
    response = staff_client.post(change_page(benefit), future)
    assert "The new actual was not recorded: The date cannot be in the future" in (
        response.content.decode()
    )
    assert not benefit.actuals.exists()

    for value in ("40", "45"):  # a second figure for the day replaces the first
        typed = data | {
            f"{prefix}-0-measured_on": ["2026-10-01"],
            f"{prefix}-0-value": [value],
            f"{prefix}-0-note": ["From the service desk."],
        }
        assert staff_client.post(change_page(benefit), typed).status_code == 302
    actual = BenefitActual.objects.get(benefit=benefit)
    assert (actual.value, actual.recorded_by) == (Decimal(45), staff_user)


def test_benefits_are_not_deleted_in_the_admin(staff_client, project):
    benefit = BenefitFactory(project=project)
    response = staff_client.post(
        f"{changelist(Benefit)}{benefit.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Benefit.objects.filter(pk=benefit.pk).exists()


# Products, gate reviews and pulses ---------------------------------------------------


def test_a_product_is_moved_by_the_service_and_not_needed_needs_a_reason(
    staff_client, staff_user, project
):
    product = project.products.first()
    data = shown_form(staff_client, change_page(product))
    data |= {"status": ["not_needed"], "not_needed_reason": [""]}
    response = staff_client.post(change_page(product), data)
    assert "Say why the product is not needed." in response.content.decode()
    product.refresh_from_db()
    assert product.status == ProjectProduct.Status.NOT_STARTED

    data["not_needed_reason"] = ["Another council already wrote it."]
    assert staff_client.post(change_page(product), data).status_code == 302
    product.refresh_from_db()
    assert product.status == ProjectProduct.Status.NOT_NEEDED
    assert product.history.first().history_user == staff_user


def test_products_are_not_added_or_deleted_in_the_admin(staff_client, project):
    product = project.products.first()
    assert staff_client.get(changelist(ProjectProduct) + "add/").status_code == 403
    response = staff_client.post(
        f"{changelist(ProjectProduct)}{product.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403


def test_gate_reviews_and_pulses_are_records_not_edited_in_the_admin(
    staff_client, staff_user, project
):
    review = record_gate_review(
        project,
        decision=GateReview.Decision.HOLD,
        by=staff_user,
        rationale="Not yet.",
        ticks=[
            CriterionTick(criterion=c, met=False) for c in project.phase.criteria.all()
        ],
        decided_on=dt.date(2026, 6, 1),
    )
    pulse = Pulse.objects.filter(project=project).first() or report_pulse(
        project, rag_status="amber", commentary="Slow.", by=staff_user
    )
    for record in (review, pulse):
        base = f"{changelist(type(record))}{record.pk}/"
        assert staff_client.get(base + "change/").status_code == 200
        assert staff_client.post(base + "change/", {}).status_code == 403
        assert staff_client.post(base + "delete/", {"post": "yes"}).status_code == 403
    past = f"{changelist(GateReview)}{review.pk}/history/"
    past += f"{review.history.earliest().history_id}/"
    assert staff_client.get(past).status_code == 200
    assert staff_client.post(past, {"rationale": "Changed."}).status_code == 403
    review.refresh_from_db()
    assert review.rationale == "Not yet."
