import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from heartbeat.models import Pulse
from portfolios.models import Project
from tests.factories import ProjectFactory


def pulse_url(project) -> str:
    return reverse("heartbeat:pulse", args=[project.slug])


def test_staff_report_a_pulse_that_becomes_the_projects_status(
    staff_client, project
) -> None:
    today = timezone.localdate()
    response = staff_client.post(
        pulse_url(project),
        {
            "reported_on": today.strftime("%d/%m/%Y"),
            "rag_status": "amber",
            "commentary": "Waiting on two councils for staff.",
        },
        follow=True,
    )
    assert "Pulse recorded" in response.content.decode()
    project.refresh_from_db()
    assert project.rag_status == "amber"
    assert project.status_date == today
    assert project.status_commentary == "Waiting on two councils for staff."


def test_the_projects_owner_reports_its_pulse(client, project, lead_user) -> None:
    project.owner = lead_user
    project.save()
    client.force_login(lead_user)
    response = client.post(
        pulse_url(project),
        {
            "reported_on": timezone.localdate().strftime("%d/%m/%Y"),
            "rag_status": "green",
            "commentary": "On track.",
        },
    )
    assert response.status_code == 302
    assert Pulse.objects.filter(project=project, reported_by=lead_user).exists()


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_others_cannot_report_a_pulse(request, project, role) -> None:
    client = request.getfixturevalue(role)
    response = client.post(pulse_url(project), {"rag_status": "red", "commentary": "x"})
    assert response.status_code == 403
    assert not Pulse.objects.filter(project=project).exists()


def test_a_pulse_needs_a_status_a_line_and_a_past_date(staff_client, project) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = staff_client.post(
        pulse_url(project), {"reported_on": tomorrow.strftime("%d/%m/%Y")}
    )
    page = response.content.decode()
    assert "Choose the delivery status" in page
    assert "Write a line of commentary" in page
    assert "The date cannot be in the future" in page


def test_an_older_pulse_does_not_replace_the_current_status(
    staff_client, project
) -> None:
    project.status_date = timezone.localdate()
    project.rag_status = "green"
    project.save()
    staff_client.post(
        pulse_url(project),
        {"reported_on": "01/01/2026", "rag_status": "red", "commentary": "Late entry."},
    )
    project.refresh_from_db()
    assert project.rag_status == "green"


@pytest.mark.django_db
def test_a_project_is_stalled_when_its_last_pulse_is_older_than_the_interval(
    settings,
) -> None:
    settings.HEARTBEAT_PULSE_INTERVAL_DAYS = 28
    today = timezone.localdate()
    fresh = ProjectFactory(status_date=today - dt.timedelta(days=27))
    quiet = ProjectFactory(status_date=today - dt.timedelta(days=29))
    closed = ProjectFactory(status_date=today - dt.timedelta(days=90), closed_on=today)
    assert not fresh.is_stalled
    assert quiet.is_stalled
    assert not closed.is_stalled
    assert list(Project.objects.stalled()) == [quiet]


def test_stalled_projects_are_shown_on_the_page_the_list_and_the_model(
    staff_client,
) -> None:
    quiet = ProjectFactory(
        name="Quiet project",
        status_date=timezone.localdate() - dt.timedelta(days=60),
    )
    ProjectFactory(name="Busy project", status_date=timezone.localdate())
    page = staff_client.get(quiet.get_absolute_url()).content.decode()
    assert "Stalled: no pulse since" in page
    listed = staff_client.get(reverse("portfolios:projects"), {"state": "stalled"})
    assert [p.name for p in listed.context["page_obj"]] == ["Quiet project"]
    model = staff_client.get(reverse("heartbeat:model")).content.decode()
    assert "1 stalled" in model
