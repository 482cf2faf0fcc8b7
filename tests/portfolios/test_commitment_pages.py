import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from metrics.services import recompute_day
from portfolios.models import Commitment
from portfolios.services import (
    CommitmentConflict,
    CommitmentTerms,
    change_commitment,
    propose_commitment,
)
from tests.factories import ProjectFactory

Status = Commitment.Status


@pytest.fixture
def project(db):
    return ProjectFactory(
        name="Shared analytics",
        slug="shared-analytics",
        start_date=dt.date(2026, 1, 1),
        target_date=dt.date(2027, 12, 31),
    )


def form(**overrides) -> dict:
    data = {
        "kind": "people",
        "role": "Data analyst",
        "person_days": "20",
        "starts_on": "02/03/2026",
        "ends_on": "29/05/2026",
    }
    data.update(overrides)
    return data


def commit_url(project) -> str:
    return reverse("portfolios:commit", args=[project.slug])


def proposed(project, council, user, **terms) -> Commitment:
    defaults = {
        "kind": "people",
        "role": "Data analyst",
        "person_days": 20,
        "starts_on": dt.date(2026, 3, 2),
        "ends_on": dt.date(2026, 5, 29),
    }
    return propose_commitment(
        project,
        council=council,
        proposed_by=user,
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
        form(person_days="500", ends_on="31/12/2029", role="Data analyst"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert escape("The period must be inside the project's dates") in page
    assert 'value="Data analyst"' in page
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
        reverse("portfolios:commitment_change", args=[project.slug, existing.pk]) in page
    )


def test_a_lead_cannot_change_another_councils_commitment_by_url(
    lead_client, other_lead_user, project, highland
) -> None:
    theirs = proposed(project, highland, other_lead_user)
    change = reverse("portfolios:commitment_change", args=[project.slug, theirs.pk])
    assert lead_client.get(change).status_code == 403
    response = lead_client.post(change, form(person_days="5", version="1"))
    assert response.status_code == 403
    withdraw = reverse(
        "portfolios:commitment_move", args=[project.slug, theirs.pk, "withdrawn"]
    )
    assert (
        lead_client.post(withdraw, {"reason": "x", "version": "1"}).status_code == 403
    )
    theirs.refresh_from_db()
    assert (theirs.person_days, theirs.status) == (20, Status.PROPOSED)


def test_a_lead_cannot_confirm_their_own_commitment(
    lead_client, lead_user, project, fife
) -> None:
    mine = proposed(project, fife, lead_user)
    url = reverse(
        "portfolios:commitment_move", args=[project.slug, mine.pk, "confirmed"]
    )
    assert lead_client.post(url, {"version": "1"}).status_code == 403
    mine.refresh_from_db()
    assert mine.status == Status.PROPOSED


def test_an_unknown_status_is_a_404(staff_client, lead_user, project, fife) -> None:
    mine = proposed(project, fife, lead_user)
    url = reverse("portfolios:commitment_move", args=[project.slug, mine.pk, "teleport"])
    assert staff_client.get(url).status_code == 404


def test_staff_confirm_and_the_coverage_changes(
    staff_client, lead_user, project, fife
) -> None:
    project.needs.create(
        role="Data analyst",
        person_days=40,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 9, 30),
    )
    mine = proposed(project, fife, lead_user)
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "<strong>0%</strong> of the person-days needed are confirmed" in page
    url = reverse(
        "portfolios:commitment_move", args=[project.slug, mine.pk, "confirmed"]
    )
    response = staff_client.post(url, {"version": "1", "reason": ""}, follow=True)
    assert "The commitment is confirmed." in response.content.decode()
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "<strong>50%</strong> of the person-days needed are confirmed" in page


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
                    role="Data analyst",
                    person_days=days,
                    starts_on=dt.date(2026, 3, 2),
                    ends_on=dt.date(2026, 5, 29),
                ),
            )
            outcomes.append("saved")
        except CommitmentConflict:
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
        reverse("portfolios:commitment_move", args=[project.slug, mine.pk, "declined"]),
        {"version": "1", "reason": "Glasgow covers this role."},
    )
    page = staff_client.get(mine.get_absolute_url()).content.decode()
    assert "Glasgow covers this role." in page
    assert "Proposed" in page
    assert f"by {staff_user}" in page


def test_the_council_page_shows_commitments_and_the_share(
    executive_client, staff_user, lead_user, project, fife
) -> None:
    from portfolios.services import set_commitment_status

    mine = proposed(project, fife, lead_user)
    set_commitment_status(
        mine, status=Status.CONFIRMED, by=staff_user, expected_version=1
    )
    recompute_day()  # the council page's figures are the stored snapshots
    page = executive_client.get(fife.get_absolute_url()).content.decode()
    assert "confirmed and fulfilled: 20 person-days" in page
    assert "100.0% of all the person-days councils have confirmed" in page
    assert "6.8% of Scotland" in page
    assert "20 person-days of Data analyst" in page


def test_confirming_what_another_has_just_confirmed_is_explained_not_refused(
    staff_client, staff_user, lead_user, project, fife
) -> None:
    from portfolios.services import set_commitment_status

    commitment = proposed(project, fife, lead_user)
    url = reverse(
        "portfolios:commitment_move", args=[project.slug, commitment.pk, "confirmed"]
    )
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
    from portfolios.services import set_commitment_status

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
    lead_client, executive_client, other_lead_user, lead_user, project, fife
) -> None:
    from django.test import Client

    commitment = proposed(project, fife, lead_user)

    def move(status: str) -> str:
        return reverse(
            "portfolios:commitment_move", args=[project.slug, commitment.pk, status]
        )

    assert lead_client.get(move("confirmed")).status_code == 403
    assert executive_client.get(move("withdrawn")).status_code == 403
    other = Client()
    other.force_login(other_lead_user)
    assert other.get(move("withdrawn")).status_code == 403
    assert lead_client.get(move("withdrawn")).status_code == 200
