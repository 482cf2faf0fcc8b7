import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from councils.models import Council
from councils.roles import Role
from heartbeat.models import MarketingPack
from heartbeat.services import publish_pack
from portfolios.models import Participation
from tests.factories import (
    ParticipationFactory,
    ResourceNeedFactory,
    ResourceRoleFactory,
    UserFactory,
)

PACK_FORM = {
    "headline": "Move every telecare alarm to digital before the switch-off.",
    "what_councils_gain": "A tested plan, shared procurement and peer support.",
    "spotlight": "Councils in England shared one alarm receiving centre.",
    "contact_name": "Morag Campbell",
    "contact_email": "morag@digitaloffice.scot",
}


@pytest.fixture
def all_leads(db) -> list:
    group = Group.objects.get(name=Role.LEAD)
    leads = []
    for council in Council.objects.all():
        lead = UserFactory(username=f"lead-{council.slug}", council=council)
        lead.groups.add(group)
        leads.append(lead)
    return leads


def write_pack(client, project) -> None:
    client.post(reverse("heartbeat:pack_edit", args=[project.slug]), PACK_FORM)


def test_a_draft_pack_is_for_staff_only(staff_client, lead_client, project) -> None:
    write_pack(staff_client, project)
    pack_url = reverse("heartbeat:pack", args=[project.slug])
    assert staff_client.get(pack_url).status_code == 200
    assert lead_client.get(pack_url).status_code == 404
    assert lead_client.get(f"/projects/{project.slug}/pack.pdf").status_code == 404


def test_only_staff_write_and_publish_packs(lead_client, executive_client, project):
    for client in (lead_client, executive_client):
        url = reverse("heartbeat:pack_edit", args=[project.slug])
        assert client.post(url, PACK_FORM).status_code == 403
    assert not MarketingPack.objects.exists()


def test_a_pack_needs_its_staff_written_parts(staff_client, project) -> None:
    response = staff_client.post(
        reverse("heartbeat:pack_edit", args=[project.slug]),
        {**PACK_FORM, "what_councils_gain": "", "contact_email": "nope"},
    )
    page = response.content.decode()
    assert "Say what councils gain by taking part" in page
    assert "Enter an email address in the correct format" in page


def test_publishing_emails_every_council_lead_once(
    staff_client, project, all_leads, django_capture_on_commit_callbacks
) -> None:
    write_pack(staff_client, project)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("heartbeat:pack_publish", args=[project.slug]), follow=True
        )
    assert "The pack is published" in response.content.decode()
    assert len(mail.outbox) == 32
    assert {m.to[0] for m in mail.outbox} == {lead.email for lead in all_leads}
    assert f"/projects/{project.slug}/pack/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        publish_pack(project.pack, by=all_leads[0])
    assert len(mail.outbox) == 32


def test_a_lead_joins_from_the_pack_and_is_taken_to_commit(
    staff_client, lead_client, lead_user, project, fife
) -> None:
    write_pack(staff_client, project)
    staff_client.post(reverse("heartbeat:pack_publish", args=[project.slug]))
    council_page = lead_client.get(fife.get_absolute_url()).content.decode()
    assert "Projects recruiting councils that Fife has not joined" in council_page
    assert "Digital telecare" in council_page
    pack_page = lead_client.get(reverse("heartbeat:pack", args=[project.slug]))
    assert "Join for Fife" in pack_page.content.decode()
    response = lead_client.post(reverse("heartbeat:join", args=[project.slug]))
    assert response.url == reverse("portfolios:commit", args=[project.slug])
    participation = Participation.objects.get(project=project, council=fife)
    assert participation.registered_by == lead_user
    council_page = lead_client.get(fife.get_absolute_url()).content.decode()
    assert "that Fife has not joined" not in council_page


def test_a_lead_cannot_join_from_an_unpublished_pack(
    staff_client, lead_client, project
) -> None:
    write_pack(staff_client, project)
    response = lead_client.post(reverse("heartbeat:join", args=[project.slug]))
    assert response.status_code == 404
    assert not Participation.objects.exists()


def test_executives_read_packs_but_do_not_join(
    staff_client, executive_client, project
) -> None:
    write_pack(staff_client, project)
    staff_client.post(reverse("heartbeat:pack_publish", args=[project.slug]))
    assert (
        executive_client.get(reverse("heartbeat:pack", args=[project.slug])).status_code
        == 200
    )
    assert (
        executive_client.post(
            reverse("heartbeat:join", args=[project.slug])
        ).status_code
        == 403
    )


def test_a_lead_leaves_and_it_is_recorded(
    staff_client, lead_client, lead_user, project, fife
) -> None:
    write_pack(staff_client, project)
    staff_client.post(reverse("heartbeat:pack_publish", args=[project.slug]))
    lead_client.post(reverse("heartbeat:join", args=[project.slug]))
    leave_url = reverse("heartbeat:leave", args=[project.slug])
    assert "Take Fife out of" in lead_client.get(leave_url).content.decode()
    lead_client.post(leave_url)
    participation = Participation.objects.get(project=project, council=fife)
    assert participation.left_by == lead_user
    assert participation.history.count() >= 2


def test_the_pack_downloads_as_a_pdf_with_the_same_content(
    staff_client, project
) -> None:
    write_pack(staff_client, project)
    response = staff_client.get(f"/projects/{project.slug}/pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Digital telecare" in text
    assert "What councils gain" in text
    assert "Morag Campbell" in text


def test_the_pack_page_shows_live_project_data(
    staff_client, project, fife_takes_part
) -> None:
    ResourceNeedFactory(
        project=project,
        role=ResourceRoleFactory(name="Telecare service manager"),
        person_days=30,
        starts_on=project.start_date,
        ends_on=project.target_date,
    )
    write_pack(staff_client, project)
    page = staff_client.get(
        reverse("heartbeat:pack", args=[project.slug])
    ).content.decode()
    assert "Telecare service manager" in page
    assert "1 of 32: Fife" in page
    assert "Project started" in page
    assert "Draft" in page


def test_leaving_before_the_day_of_joining_is_explained_not_a_server_error(
    lead_client, project, fife
) -> None:
    # Joined on a day still to come, as data from elsewhere may say.
    ParticipationFactory(
        project=project,
        council=fife,
        joined_on=timezone.localdate() + dt.timedelta(days=3),
    )
    response = lead_client.post(
        reverse("heartbeat:leave", args=[project.slug]), follow=True
    )
    assert "A council cannot leave before the day it joined." in (
        response.content.decode()
    )
    assert Participation.objects.get(project=project, council=fife).is_active
