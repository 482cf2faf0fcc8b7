import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.refusals import Refused
from heartbeat.models import Pulse
from heartbeat.services import report_pulse
from portfolios.models import Project
from tests.factories import ProjectFactory, PulseFactory


def pulse_url(project) -> str:
    return reverse("heartbeat:pulse", args=[project.slug])


def report(project, user, day: dt.date, rag: str = "green") -> Pulse:
    return report_pulse(
        project, rag_status=rag, commentary="Noted.", by=user, reported_on=day
    )


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


def test_an_owner_who_is_not_staff_reports_no_pulse(client, project, lead_user):
    """Owners are Digital Office staff; a lead set as owner round that rule (as data
    from before it might hold) reports nothing."""
    Project.objects.filter(pk=project.pk).update(owner=lead_user)
    client.force_login(lead_user)
    response = client.post(
        pulse_url(project),
        {
            "reported_on": timezone.localdate().strftime("%d/%m/%Y"),
            "rag_status": "green",
            "commentary": "On track.",
        },
    )
    assert response.status_code == 403
    assert not Pulse.objects.filter(project=project).exists()


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


def test_a_pulse_cannot_be_dated_before_the_project_started(
    staff_client, staff_user, project
) -> None:
    response = staff_client.post(
        pulse_url(project),
        {"reported_on": "31/12/2025", "rag_status": "red", "commentary": "Early."},
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "cannot be before the project started, on 01/01/2026" in page
    with pytest.raises(Refused) as refused:
        report(project, staff_user, dt.date(2025, 12, 31))
    assert "reported_on" in refused.value.errors
    assert report(project, staff_user, project.start_date).reported_on == (
        project.start_date
    )


def test_a_pulse_cannot_be_dated_in_the_future(staff_user, project) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(Refused, match="cannot be in the future"):
        report(project, staff_user, tomorrow)
    assert not Pulse.objects.exists()


def test_a_closed_project_reports_no_pulse(staff_user) -> None:
    project = ProjectFactory(closed_on=dt.date(2026, 6, 30))
    with pytest.raises(Refused, match="closed"):
        report(project, staff_user, timezone.localdate())
    assert not Pulse.objects.exists()


def test_a_pulse_on_a_past_day_is_the_status_if_it_is_the_newest(
    staff_user, project
) -> None:
    Project.objects.filter(pk=project.pk).update(status_date=dt.date(2026, 1, 1))
    pulse = report(project, staff_user, dt.date(2026, 5, 4), rag="amber")
    project.refresh_from_db()
    assert (project.status_date, project.rag_status) == (pulse.reported_on, "amber")
    newest = project.history.order_by("-history_id").first()
    assert (newest.history_date.date(), newest.history_user) == (
        dt.date(2026, 5, 4),
        staff_user,
    )


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


@pytest.mark.parametrize("also", ["nothing else", "a superuser", "in the staff group"])
@pytest.mark.parametrize("page", ["heartbeat:pulse", "heartbeat:review"])
def test_an_executive_who_owns_a_project_still_changes_nothing(
    client, project, executive_user, page, also
) -> None:
    """Owners are staff; one who is (or became) an executive writes nothing, whatever
    else their account says. The owner is set round the admin's own check, as data
    from elsewhere might hold it."""
    if also == "a superuser":
        executive_user.is_superuser = True
        executive_user.save()
    elif also == "in the staff group":
        executive_user.groups.add(
            executive_user.groups.model.objects.get(name="Digital Office staff")
        )
    Project.objects.filter(pk=project.pk).update(owner=executive_user)
    client.force_login(executive_user)
    url = reverse(page, args=[project.slug])
    today = timezone.localdate().strftime("%d/%m/%Y")

    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "reported_on": today,
            "rag_status": "red",
            "commentary": "Off track.",
            "decision": "hold",
            "decided_on": today,
            "rationale": "Waiting for the councils.",
        },
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert not project.pulses.exists()
    assert not project.reviews.exists()
    assert project.rag_status == "green"


# Every pulse, listed -----------------------------------------------------------------


def pulses_url(project) -> str:
    return reverse("heartbeat:pulses", args=[project.slug])


@pytest.fixture
def nine_pulses(project, staff_user) -> list[Pulse]:
    return [
        report(
            project, staff_user, dt.date(2026, 2, day), rag=("green", "amber")[day % 2]
        )
        for day in range(1, 10)
    ]


def test_the_project_page_keeps_its_latest_six_and_links_all_of_them(
    staff_client, project, nine_pulses
) -> None:
    response = staff_client.get(project.get_absolute_url())
    shown = [p.reported_on.day for p in response.context["pulses"]]
    assert shown == [9, 8, 7, 6, 5, 4]
    page = response.content.decode()
    assert "All 9 pulses" in page
    assert f'href="{pulses_url(project)}"' in page


def test_every_pulse_is_listed_newest_first_a_page_at_a_time(
    staff_client, project, nine_pulses, settings
) -> None:
    settings.HEARTBEAT_PAGE_SIZE = 4
    first = staff_client.get(pulses_url(project))
    assert [p.reported_on.day for p in first.context["page_obj"]] == [9, 8, 7, 6]
    page = first.content.decode()
    assert "Showing 1 to 4 of 9 pulses" in page
    assert 'aria-label="Pages of pulses"' in page
    last = staff_client.get(pulses_url(project), {"page": 3})
    assert [p.reported_on.day for p in last.context["page_obj"]] == [1]


@pytest.mark.parametrize("page", ["0", "99", "x", "-1", "1.5"])
def test_a_page_out_of_range_shows_a_page_not_an_error(
    staff_client, project, nine_pulses, small_pages, page
) -> None:
    assert staff_client.get(pulses_url(project), {"page": page}).status_code == 200


def test_a_project_with_no_pulse_says_so(staff_client, project) -> None:
    assert "No pulse is recorded yet" in (
        staff_client.get(pulses_url(project)).content.decode()
    )


@pytest.mark.parametrize(
    "role", ["staff_client", "executive_client", "lead_client", "other_lead_client"]
)
def test_every_role_reads_every_pulse(request, project, nine_pulses, role) -> None:
    response = request.getfixturevalue(role).get(pulses_url(project))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 9


def test_a_visitor_is_sent_to_sign_in_for_the_pulses(client, project) -> None:
    response = client.get(pulses_url(project))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_pulses_page_makes_a_fixed_number_of_queries(
    staff_client, project, nine_pulses, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(15) as counted:
        staff_client.get(pulses_url(project))
    few = len(counted)
    for day in range(10, 28):
        PulseFactory(project=project, reported_on=dt.date(2026, 2, day))
    with django_assert_max_num_queries(few):
        staff_client.get(pulses_url(project))


def test_a_pulse_before_the_start_is_refused_on_its_field_keeping_what_was_typed(
    staff_client, project
) -> None:
    response = staff_client.post(
        pulse_url(project),
        {
            "reported_on": "15/12/2025",
            "rag_status": "amber",
            "commentary": "Before the start.",
        },
    )
    form = response.context["form"]
    assert form.errors["reported_on"] == [
        "The date of a pulse cannot be before the project started, on 01/01/2026."
    ]
    page = response.content.decode()
    assert 'href="#id_reported_on"' in page
    assert 'value="15/12/2025"' in page
    assert "Before the start." in page
    assert not project.pulses.exists()
