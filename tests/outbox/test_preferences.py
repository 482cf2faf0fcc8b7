"""Each person chooses which emails they receive, except those asking them to act."""

import pytest
from django.urls import reverse

from councils.refusals import Refused
from outbox.kinds import REQUIRED, Kind, kinds_for
from outbox.models import Preference
from outbox.services import set_preferences, wants
from tests.factories import EmailFactory, PreferenceFactory

URL = reverse("outbox:preferences")
LEAD_ON = {
    Kind.COMMITMENT_DECIDED: "on",
    Kind.PACK_PUBLISHED: "on",
    Kind.IDEA_DECIDED: "on",
}


def test_a_lead_chooses_among_the_kinds_a_lead_receives(lead_client) -> None:
    response = lead_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for kind in kinds_for(response.wsgi_request.user):
        assert kind.label.replace("'", "&#x27;") in page
    assert Kind.PULSE_DUE.label not in page  # a staff email
    assert 'name="phase_changed"' in page
    assert "checked" in page  # everything is on until switched off


def test_a_lead_switches_phase_change_emails_off(lead_client, lead_user) -> None:
    response = lead_client.post(URL, LEAD_ON, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Your email settings are saved." in response.content.decode()
    assert not wants(lead_user, Kind.PHASE_CHANGED)
    assert wants(lead_user, Kind.PACK_PUBLISHED)
    # And the page shows it as they left it.
    page = lead_client.get(URL).content.decode()
    assert 'name="phase_changed" id="id_phase_changed">' in page


def test_a_lead_switches_an_email_back_on(lead_client, lead_user) -> None:
    PreferenceFactory(user=lead_user, kind=Kind.PHASE_CHANGED, enabled=False)
    lead_client.post(URL, {**LEAD_ON, Kind.PHASE_CHANGED: "on"})
    assert wants(lead_user, Kind.PHASE_CHANGED)


def test_sending_the_same_choices_again_changes_nothing(lead_client, lead_user) -> None:
    lead_client.post(URL, LEAD_ON)
    lead_client.post(URL, LEAD_ON)  # Back, and send again
    assert Preference.objects.filter(user=lead_user).count() == 4
    assert not wants(lead_user, Kind.PHASE_CHANGED)


def test_staff_see_the_emails_that_ask_them_to_act_as_always_sent(
    staff_client,
) -> None:
    page = staff_client.get(URL).content.decode()
    assert "Always sent" in page
    assert "These emails ask you to act" in page
    for kind in REQUIRED:
        assert kind.label in page
        assert f'name="{kind}"' not in page  # no box to untick
    assert 'name="idea_decided"' in page


def test_staff_cannot_switch_off_a_pulse_reminder_and_are_told_so(
    staff_client, staff_user
) -> None:
    response = staff_client.post(
        URL, {Kind.PULSE_DUE: "", Kind.STAFF_DIGEST: "off"}, follow=True
    )
    assert wants(staff_user, Kind.PULSE_DUE)
    assert wants(staff_user, Kind.STAFF_DIGEST)
    assert not Preference.objects.filter(user=staff_user, kind__in=REQUIRED).exists()
    assert "Emails that ask you to act are always sent" in response.content.decode()
    assert not wants(staff_user, Kind.IDEA_DECIDED)  # the one they may untick


def test_an_executive_receives_no_email_and_has_nothing_to_choose(
    executive_client,
) -> None:
    page = executive_client.get(URL).content.decode()
    assert "Heartbeat sends no email to executives." in page
    assert "ds_checkbox__input" not in page


def test_a_person_without_an_address_is_told_so(lead_client, lead_user) -> None:
    lead_user.email = ""
    lead_user.save()
    page = lead_client.get(URL).content.decode()
    assert "Your account has no email address" in page


def test_email_settings_are_linked_beside_sign_out(lead_client) -> None:
    page = lead_client.get(reverse("portfolios:projects")).content.decode()
    assert f'href="{URL}"' in page


def test_a_visitor_is_sent_to_sign_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# The service, which the page and the admin both call --------------------------------


def test_nobody_sets_another_persons_email(lead_user, other_lead_user) -> None:
    with pytest.raises(Refused, match="their own"):
        set_preferences(
            lead_user, receive={Kind.PHASE_CHANGED: False}, by=other_lead_user
        )
    assert wants(lead_user, Kind.PHASE_CHANGED)


def test_the_service_refuses_to_switch_off_what_asks_for_an_action(
    staff_user,
) -> None:
    with pytest.raises(Refused, match="always sent") as refused:
        set_preferences(staff_user, receive={Kind.PULSE_OVERDUE: False}, by=staff_user)
    assert Kind.PULSE_OVERDUE in refused.value.errors
    assert not Preference.objects.exists()


def test_the_service_refuses_a_kind_the_role_does_not_receive(lead_user) -> None:
    with pytest.raises(Refused, match="does not receive"):
        set_preferences(lead_user, receive={Kind.STAFF_DIGEST: True}, by=lead_user)


# The admin, where staff mend: through the same service -------------------------------

ADMIN_ADD = "/admin/outbox/preference/add/"


def test_staff_switch_off_a_leads_email_in_the_admin(staff_client, lead_user) -> None:
    response = staff_client.post(
        ADMIN_ADD, {"user": lead_user.pk, "kind": Kind.PACK_PUBLISHED, "_save": "Save"}
    )
    assert response.status_code == 302
    assert not wants(lead_user, Kind.PACK_PUBLISHED)


def test_the_admin_cannot_switch_off_what_asks_for_an_action(
    staff_client, staff_user
) -> None:
    response = staff_client.post(
        ADMIN_ADD, {"user": staff_user.pk, "kind": Kind.PULSE_DUE, "_save": "Save"}
    )
    assert response.status_code == 200
    assert "always sent" in response.content.decode()
    assert not Preference.objects.exists()


def test_the_outbox_is_read_only_in_the_admin(staff_client, db) -> None:
    email = EmailFactory()
    assert staff_client.get("/admin/outbox/email/").status_code == 200
    page = f"/admin/outbox/email/{email.pk}/"
    response = staff_client.get(f"{page}change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert staff_client.get("/admin/outbox/email/add/").status_code == 403
    assert staff_client.get(f"{page}delete/").status_code == 403
