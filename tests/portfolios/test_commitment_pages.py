"""The commitment pages: a lead proposes for their own council, staff confirm, and
two people changing one commitment at once are told, never silently overwritten."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from councils.refusals import Conflict
from metrics.services import recompute_day
from portfolios.models import Commitment, ResourceRole
from portfolios.services import (
    CommitmentTerms,
    change_commitment,
    propose_commitment,
    set_commitment_status,
)
from tests.factories import ProjectFactory, ResourceNeedFactory, ResourceRoleFactory

Status = Commitment.Status


def role(name: str = "Data analyst") -> ResourceRole:
    """A role of the roles list (the migration's, or made if it is not on it)."""
    return ResourceRoleFactory(name=name)


def form(**overrides) -> dict:
    data = {
        "kind": "people",
        "role": str(role().pk),
        "person_days": "20",
        "starts_on": "02/03/2026",
        "ends_on": "29/05/2026",
    }
    data.update(overrides)
    return data


def commit_url(project) -> str:
    return reverse("portfolios:commit", args=[project.slug])


def move_url(commitment: Commitment, status: str) -> str:
    return reverse(
        "portfolios:commitment_move",
        args=[commitment.project.slug, commitment.pk, status],
    )


def proposed(project, council, user, **terms) -> Commitment:
    defaults = {
        "kind": "people",
        "role": role(),
        "person_days": 20,
        "starts_on": dt.date(2026, 3, 2),
        "ends_on": dt.date(2026, 5, 29),
    }
    return propose_commitment(
        project,
        council=council,
        by=user,
        terms=CommitmentTerms(**{**defaults, **terms}),
    )


def test_a_lead_proposes_for_their_own_council(lead_client, project, fife) -> None:
    response = lead_client.post(commit_url(project), form(), follow=True)
    commitment = Commitment.objects.get()
    assert commitment.council == fife
    assert commitment.status == Status.PROPOSED
    assert "Commitment proposed for Fife" in response.content.decode()


def test_the_council_is_never_a_choice_for_a_lead(lead_client, project) -> None:
    page = lead_client.get(commit_url(project)).content.decode()
    assert 'name="council"' not in page


def test_a_forged_council_field_is_ignored(lead_client, project, fife, highland):
    lead_client.post(commit_url(project), form(council=highland.pk))
    assert Commitment.objects.get().council == fife


def test_staff_record_a_commitment_for_a_chosen_council(
    staff_client, project, highland
):
    staff_client.post(commit_url(project), form(council=highland.pk))
    assert Commitment.objects.get().council == highland


def test_executives_cannot_commit(executive_client, project) -> None:
    assert executive_client.post(commit_url(project), form()).status_code == 403
    assert not Commitment.objects.exists()


def test_bad_input_is_explained_and_kept(lead_client, project) -> None:
    response = lead_client.post(
        commit_url(project),
        form(person_days="500", ends_on="31/12/2029"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert escape("The period must be inside the project's dates") in page
    assert f'<option value="{role().pk}" selected>Data analyst</option>' in page
    assert 'value="500"' in page
    assert not Commitment.objects.exists()


def test_too_many_days_for_the_period(lead_client, project) -> None:
    response = lead_client.post(
        commit_url(project), form(person_days="70", ends_on="27/03/2026")
    )
    assert "Enter at most 20 person-days" in response.content.decode()


def test_a_duplicate_offers_to_change_the_existing_one(
    lead_client, lead_user, project, fife
) -> None:
    existing = proposed(project, fife, lead_user)
    response = lead_client.post(commit_url(project), form(starts_on="01/04/2026"))
    page = response.content.decode()
    assert "already has an active commitment" in page
    assert (
        reverse("portfolios:commitment_change", args=[project.slug, existing.pk])
        in page
    )


def test_a_lead_cannot_change_another_councils_commitment_by_url(
    lead_client, other_lead_user, project, highland
) -> None:
    theirs = proposed(project, highland, other_lead_user)
    change = reverse("portfolios:commitment_change", args=[project.slug, theirs.pk])
    assert lead_client.get(change).status_code == 403
    response = lead_client.post(change, form(person_days="5", version="1"))
    assert response.status_code == 403
    withdraw = move_url(theirs, "withdrawn")
    assert (
        lead_client.post(withdraw, {"reason": "x", "version": "1"}).status_code == 403
    )
    theirs.refresh_from_db()
    assert (theirs.person_days, theirs.status) == (20, Status.PROPOSED)


def test_a_lead_cannot_confirm_their_own_commitment(
    lead_client, lead_user, project, fife
) -> None:
    mine = proposed(project, fife, lead_user)
    assert (
        lead_client.post(move_url(mine, "confirmed"), {"version": "1"}).status_code
        == 403
    )
    mine.refresh_from_db()
    assert mine.status == Status.PROPOSED


def test_an_unknown_status_is_a_404(staff_client, lead_user, project, fife) -> None:
    mine = proposed(project, fife, lead_user)
    assert staff_client.get(move_url(mine, "teleport")).status_code == 404


def test_staff_confirm_and_the_coverage_changes(
    staff_client, lead_user, project, fife
) -> None:
    ResourceNeedFactory(
        project=project,
        role=role(),
        person_days=40,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 9, 30),
    )
    mine = proposed(project, fife, lead_user)
    page = staff_client.get(project.get_absolute_url()).content.decode()
    # Proposed: shown beside the need, not counted.
    assert 'data-figure="coverage-people" value="0.0"' in page
    response = staff_client.post(
        move_url(mine, "confirmed"), {"version": "1", "reason": ""}, follow=True
    )
    assert "The commitment is confirmed." in response.content.decode()
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert 'data-figure="coverage-people" value="0.5"' in page


def test_the_second_of_two_simultaneous_edits_is_told_and_keeps_its_input(
    lead_client, staff_client, lead_user, project, fife
) -> None:
    mine = proposed(project, fife, lead_user)
    url = reverse("portfolios:commitment_change", args=[project.slug, mine.pk])
    staff_client.post(url, form(person_days="25", version="1"))
    response = lead_client.post(url, form(person_days="30", version="1"))
    page = response.content.decode()
    assert "Someone else changed this commitment" in page
    assert 'value="30"' in page  # what the lead typed
    assert "25 person-days of Data analyst" in page  # what is stored now
    mine.refresh_from_db()
    assert mine.person_days == 25


@pytest.mark.postgres
# serialized_rollback restores the migrated data (the 32 councils) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_changes_on_postgresql_one_wins(lead_user, staff_user, fife):
    project = ProjectFactory(
        start_date=dt.date(2026, 1, 1), target_date=dt.date(2027, 12, 31)
    )
    mine = proposed(project, fife, lead_user)
    analyst = role()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(user, days) -> None:
        try:
            barrier.wait()
            change_commitment(
                mine,
                by=user,
                expected_version=1,
                terms=CommitmentTerms(
                    kind="people",
                    role=analyst,
                    person_days=days,
                    starts_on=dt.date(2026, 3, 2),
                    ends_on=dt.date(2026, 5, 29),
                ),
            )
            outcomes.append("saved")
        except Conflict:
            outcomes.append("told")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(lead_user, 25)),
        threading.Thread(target=edit, args=(staff_user, 30)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "told"]
    mine.refresh_from_db()
    assert mine.version == 2
    assert mine.person_days in (25, 30)


def test_the_commitment_page_shows_its_history(
    staff_client, lead_user, staff_user, project, fife
) -> None:
    mine = proposed(project, fife, lead_user)
    staff_client.post(
        move_url(mine, "declined"),
        {"version": "1", "reason": "Glasgow covers this role."},
    )
    page = staff_client.get(mine.get_absolute_url()).content.decode()
    assert "Glasgow covers this role." in page
    assert "Proposed" in page
    assert f"by {staff_user}" in page


def test_the_council_page_shows_commitments_and_the_share(
    executive_client, staff_user, lead_user, project, fife
) -> None:
    mine = proposed(project, fife, lead_user)
    set_commitment_status(
        mine, status=Status.CONFIRMED, by=staff_user, expected_version=1
    )
    recompute_day()  # the council page's figures are the stored snapshots
    page = executive_client.get(fife.get_absolute_url()).content.decode()
    assert re.search(r'data-figure="committed-days"[^>]*>20</data> person-days', page)
    assert "100.0% of all the person-days councils have committed" in page
    assert "6.8% of Scotland" in page
    assert "20 person-days of Data analyst" in page


def test_confirming_what_another_has_just_confirmed_is_explained_not_refused(
    staff_client, staff_user, lead_user, project, fife
) -> None:
    commitment = proposed(project, fife, lead_user)
    url = move_url(commitment, "confirmed")
    assert staff_client.get(url).status_code == 200  # the form, opened at version 1
    set_commitment_status(  # a colleague confirms first
        commitment, status="confirmed", by=staff_user, expected_version=1
    )
    response = staff_client.post(url, {"version": "1", "reason": "Agreed at board"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This commitment is now confirmed, so it can no longer be confirmed." in page
    assert "Someone changed it after you opened the page" in page
    assert "Agreed at board" in page  # what they typed is kept
    assert '<button class="ds_button" type="submit">' not in page
    commitment.refresh_from_db()
    assert commitment.version == 2


def test_changing_terms_just_confirmed_by_staff_is_explained_and_input_kept(
    lead_client, staff_user, lead_user, project, fife
) -> None:
    commitment = proposed(project, fife, lead_user)
    url = reverse("portfolios:commitment_change", args=[project.slug, commitment.pk])
    set_commitment_status(
        commitment, status="confirmed", by=staff_user, expected_version=1
    )
    response = lead_client.post(url, form(person_days="25", version="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This commitment is now confirmed, so it can no longer be changed." in page
    assert 'value="25"' in page
    commitment.refresh_from_db()
    assert commitment.person_days == 20


def test_only_staff_confirm_and_only_its_council_withdraws_whatever_the_status(
    lead_client, executive_client, other_lead_client, lead_user, project, fife
) -> None:
    commitment = proposed(project, fife, lead_user)
    assert lead_client.get(move_url(commitment, "confirmed")).status_code == 403
    assert executive_client.get(move_url(commitment, "withdrawn")).status_code == 403
    assert other_lead_client.get(move_url(commitment, "withdrawn")).status_code == 403
    assert lead_client.get(move_url(commitment, "withdrawn")).status_code == 200


# The roles list and support in kind ----------------------------------------------


def test_the_roles_the_project_needs_are_offered_first(lead_client, project) -> None:
    ResourceNeedFactory(project=project, role=role("User researcher"))
    ResourceRoleFactory(name="Fax operator", is_active=False)
    page = lead_client.get(commit_url(project)).content.decode()
    needed = page.index('<optgroup label="Roles this project needs">')
    another = page.index('<optgroup label="Another role">')
    assert needed < page.index(">User researcher</option>") < another
    assert another < page.index(">Data analyst</option>")
    assert "Fax operator" not in page  # retired: no longer offered


def test_a_commitment_in_another_role_is_taken_but_covers_no_need(
    staff_client, lead_client, project, fife
) -> None:
    ResourceNeedFactory(project=project, role=role(), person_days=40)
    lead_client.post(commit_url(project), form(role=str(role("Trainer").pk)))
    commitment = Commitment.objects.get()
    assert commitment.role.name == "Trainer"
    staff_client.post(move_url(commitment, "confirmed"), {"version": "1"})
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert 'data-figure="coverage-people" value="0.0"' in page


@pytest.mark.parametrize("forged", ["999999", "0", "-1", "Data analyst", "5.0"])
def test_a_forged_role_is_refused(lead_client, project, forged) -> None:
    response = lead_client.post(commit_url(project), form(role=forged))
    assert "Choose a role from the list" in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_retired_role_is_refused_for_a_new_commitment(lead_client, project) -> None:
    retired = ResourceRoleFactory(name="Fax operator", is_active=False)
    response = lead_client.post(commit_url(project), form(role=str(retired.pk)))
    assert "Choose a role from the list" in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_role_retired_since_stays_on_the_commitment_that_names_it(
    lead_client, lead_user, project, fife
) -> None:
    mine = proposed(project, fife, lead_user)
    ResourceRole.objects.filter(pk=mine.role_id).update(is_active=False)
    url = reverse("portfolios:commitment_change", args=[project.slug, mine.pk])
    page = lead_client.get(url).content.decode()
    assert f'<option value="{mine.role_id}" selected>Data analyst</option>' in page
    lead_client.post(url, form(person_days="25", version="1"))
    mine.refresh_from_db()
    assert (mine.person_days, mine.role.name) == (25, "Data analyst")


def test_people_need_a_role(lead_client, project) -> None:
    response = lead_client.post(commit_url(project), form(role=""))
    assert "Choose the role the people will fill" in response.content.decode()
    assert not Commitment.objects.exists()


def test_support_in_kind_says_what_it_is(lead_client, project) -> None:
    response = lead_client.post(
        commit_url(project), form(kind="in_kind", support="  ", person_days="")
    )
    assert "Say what the support is, in a few words" in response.content.decode()
    lead_client.post(
        commit_url(project),
        form(kind="in_kind", support="Meeting  rooms in Glenrothes", person_days=""),
    )
    commitment = Commitment.objects.get()
    # What its kind commits, and nothing else: the role posted with it is dropped.
    assert commitment.support == "Meeting rooms in Glenrothes"
    assert (commitment.role, commitment.person_days, commitment.amount) == (
        None,
        None,
        None,
    )
    page = lead_client.get(commitment.get_absolute_url()).content.decode()
    assert "In kind: Meeting rooms in Glenrothes" in page


def test_fulfilling_before_the_period_starts_is_explained(
    staff_client, staff_user, lead_user, project, fife
) -> None:
    later = proposed(
        project,
        fife,
        lead_user,
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 5, 31),
    )
    set_commitment_status(
        later, status=Status.CONFIRMED, by=staff_user, expected_version=1
    )
    response = staff_client.post(move_url(later, "fulfilled"), {"version": "2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "it cannot be fulfilled before then" in page
    later.refresh_from_db()
    assert later.status == Status.CONFIRMED


# Who reads a lead's note and the reasons given ------------------------------------


@pytest.mark.parametrize(
    ("reader", "reads_notes"),
    [
        ("staff_client", True),
        ("executive_client", True),
        ("lead_client", True),  # Fife's own lead
        ("other_lead_client", False),  # Highland's
    ],
)
def test_notes_and_reasons_are_read_by_staff_executives_and_the_councils_leads(
    request, staff_user, lead_user, project, fife, reader, reads_notes
) -> None:
    mine = proposed(project, fife, lead_user, description="Our analyst is part-time.")
    set_commitment_status(
        mine,
        status=Status.DECLINED,
        by=staff_user,
        reason="Glasgow covers this role.",
        expected_version=1,
    )
    page = request.getfixturevalue(reader).get(mine.get_absolute_url())
    page = page.content.decode()
    # The commitment itself, for everyone.
    assert "20 person-days of Data analyst" in page
    assert "Declined" in page
    assert ("Our analyst is part-time." in page) == reads_notes
    assert ("Glasgow covers this role." in page) == reads_notes
