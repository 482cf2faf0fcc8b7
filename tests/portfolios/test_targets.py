"""A portfolio's targets: set by staff, tracked on its page against the stored
benefit actuals of the same measure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from councils.refusals import Refused
from metrics.models import Scope
from metrics.names import Metric
from portfolios.models import Benefit, Portfolio, PortfolioTarget
from portfolios.services import latest_history_id, remove_target, save_target
from portfolios.targets import (
    Standing,
    expected_share,
    measure_key,
    shown,
    target_progress,
)
from tests.factories import PortfolioFactory, PortfolioTargetFactory, SnapshotFactory

START = dt.date(2026, 1, 1)
DUE = dt.date(2026, 12, 31)  # 364 days after the start
HALFWAY = dt.date(2026, 7, 2)  # 182 days after the start


# The rule, as a pure function ------------------------------------------------------


def progress(actual: float | None, day: dt.date = HALFWAY, target: float = 1000):
    return target_progress(
        target=target, due_on=DUE, actual=actual, starts_on=START, day=day
    )


def test_half_the_target_halfway_through_is_on_track() -> None:
    result = progress(500)

    assert result.standing == Standing.ON_TRACK
    assert result.label == "On track"
    assert result.share == 0.5
    assert result.expected_share == 0.5


def test_less_than_the_straight_line_gives_is_behind() -> None:
    assert progress(499).standing == Standing.BEHIND
    assert progress(499).label == "Behind"


def test_reaching_the_target_is_met_whenever_it_is() -> None:
    assert progress(1000).standing == Standing.MET
    assert progress(1200, day=dt.date(2027, 6, 1)).standing == Standing.MET


def test_short_of_the_target_after_its_date_is_missed() -> None:
    assert progress(999, day=dt.date(2027, 1, 1)).standing == Standing.MISSED


def test_on_the_due_date_all_of_it_is_due() -> None:
    assert progress(999, day=DUE).standing == Standing.BEHIND
    assert expected_share(START, DUE, DUE) == 1.0


def test_nothing_measured_has_no_figures_not_zero() -> None:
    result = progress(None)

    assert result.standing == Standing.NO_FIGURES
    assert result.label == "No figures yet"
    assert result.share is None


def test_before_the_start_nothing_is_due_yet() -> None:
    assert expected_share(START, DUE, dt.date(2025, 6, 1)) == 0.0
    assert progress(0, day=START).standing == Standing.ON_TRACK


def test_a_target_due_on_the_start_is_due_at_once() -> None:
    assert expected_share(START, START, START) == 1.0


def test_only_met_and_on_track_read_as_good() -> None:
    assert {s for s in Standing if s.is_good} == {Standing.MET, Standing.ON_TRACK}


def test_a_measure_is_keyed_as_the_benefit_figures_key_it() -> None:
    assert measure_key("people_reached") == "people_reached"
    assert measure_key("custom", "Alarms moved") == "custom:Alarms moved"
    assert len(measure_key("custom", "x" * 100)) == 60


def test_figures_are_shown_as_people_write_them() -> None:
    assert shown(Decimal("1000.00")) == "1,000"
    assert shown(Decimal("2.50")) == "2.50"
    assert shown(25000, money=True) == "£25,000"


# The service ---------------------------------------------------------------------


@pytest.fixture
def care(db: None) -> Portfolio:
    return PortfolioFactory(name="Care", slug="care", starts_on=START)


def a_target(portfolio: Portfolio, **changes: object) -> PortfolioTarget:
    values = {
        "measure": Benefit.Measure.PEOPLE_REACHED,
        "target": Decimal(1000),
        "due_on": dt.date(2027, 3, 31),
        **changes,
    }
    return PortfolioTarget(portfolio=portfolio, **values)


def test_staff_add_a_target_with_its_history(care, staff_user) -> None:
    target = save_target(a_target(care), by=staff_user)

    record = target.history.latest()
    assert record.history_user == staff_user
    assert record.history_change_reason == "Added"
    assert care.targets.get() == target


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target": Decimal(0)}, "target", "Enter a target above 0, like 1,000"),
        ({"target": Decimal(-5)}, "target", "Enter a target above 0, like 1,000"),
        (
            {"measure": "custom", "custom_name": "  "},
            "custom_name",
            "Name the measure as the projects' benefits name it, like Telecare "
            "units installed",
        ),
        (
            {"due_on": dt.date(2025, 12, 31)},
            "due_on",
            "The date must be on or after the portfolio's start, 01/01/2026",
        ),
        ({"measure": "nonsense"}, "measure", "Choose what the target measures"),
    ],
)
def test_a_target_that_breaks_a_rule_is_refused(
    care, staff_user, changes, field, message
) -> None:
    with pytest.raises(Refused) as refused:
        save_target(a_target(care, **changes), by=staff_user)

    assert refused.value.errors == {field: message}
    assert not care.targets.exists()


def test_a_second_target_of_the_same_measure_and_date_is_refused(
    care, staff_user
) -> None:
    save_target(a_target(care), by=staff_user)

    with pytest.raises(Refused) as refused:
        save_target(a_target(care, target=Decimal(2000)), by=staff_user)

    assert refused.value.errors == {
        "measure": "The portfolio already has a target of People reached by "
        "31/03/2027: change that one instead"
    }


def test_a_named_measure_keeps_its_name_and_another_drops_it(care, staff_user) -> None:
    named = save_target(
        a_target(care, measure="custom", custom_name=" Alarms   moved "), by=staff_user
    )
    plain = save_target(
        a_target(care, measure="hours_saved", custom_name="stray"), by=staff_user
    )

    assert named.custom_name == "Alarms moved"
    assert named.name == "Alarms moved"
    assert plain.custom_name == ""


def test_removing_a_target_keeps_its_history(care, staff_user) -> None:
    target = save_target(a_target(care), by=staff_user)
    pk = target.pk

    remove_target(target, by=staff_user)
    remove_target(target, by=staff_user)  # sent twice: nothing more happens

    assert not PortfolioTarget.objects.filter(pk=pk).exists()
    removed = PortfolioTarget.history.filter(id=pk).latest()
    assert removed.history_type == "-"
    assert removed.history_user == staff_user
    assert removed.history_change_reason == "Removed"


# The pages ------------------------------------------------------------------------

ADD = "/portfolios/care/targets/add/"


def target_data(**changes: str) -> dict[str, str]:
    return {
        "measure": "people_reached",
        "custom_name": "",
        "target": "1,000",
        "due_on": "31/03/2027",
        **changes,
    }


def test_staff_add_a_target_on_the_portal(staff_client, care) -> None:
    response = staff_client.post(ADD, target_data())

    assert response.status_code == 302
    assert response.url == "/portfolios/care/#targets"
    target = care.targets.get()
    assert (target.measure, target.target, target.due_on) == (
        "people_reached",
        Decimal(1000),
        dt.date(2027, 3, 31),
    )


def test_a_savings_target_accepts_pounds_as_people_write_them(
    staff_client, care
) -> None:
    staff_client.post(ADD, target_data(measure="cashable_savings", target="£250,000"))

    assert care.targets.get().target == Decimal(250_000)


def test_the_target_form_keeps_what_was_typed_and_says_what_is_wrong(
    staff_client, care
) -> None:
    response = staff_client.post(
        ADD, target_data(measure="custom", target="lots", due_on="")
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert 'class="ds_error-summary"' in page
    errors = response.context["form"].errors
    assert errors["target"] == ["Enter the target as a number, like 1,000"]
    assert errors["due_on"] == ["Enter the date it is due, like 31/03/2027"]
    assert errors["custom_name"][0].startswith("Name the measure")
    assert 'value="lots"' in page
    assert "(optional)" not in page
    assert not care.targets.exists()


def test_a_duplicate_target_is_refused_on_the_form(staff_client, care) -> None:
    staff_client.post(ADD, target_data())
    response = staff_client.post(ADD, target_data())  # Back, and send again

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["measure"][0]
        .startswith("The portfolio already has a target of People reached")
    )
    assert care.targets.count() == 1


def test_staff_change_a_target(staff_client, care) -> None:
    target = PortfolioTargetFactory(portfolio=care)
    page = staff_client.get(f"/portfolios/care/targets/{target.pk}/")
    assert page.context["form"]["target"].value() == "1,000"

    response = staff_client.post(
        f"/portfolios/care/targets/{target.pk}/",
        target_data(target="1,500", seen=str(latest_history_id(target))),
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.target == Decimal(1500)
    assert target.history.latest().history_change_reason == "Changed"


def test_a_target_changed_since_the_form_opened_is_not_overwritten(
    staff_client, staff_user, care
) -> None:
    target = PortfolioTargetFactory(portfolio=care)
    seen = str(latest_history_id(target))
    target.target = Decimal(1200)
    save_target(target, by=staff_user)

    response = staff_client.post(
        f"/portfolios/care/targets/{target.pk}/", target_data(target="900", seen=seen)
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "Someone else changed this target" in page
    assert "1,200" in page  # stored now
    assert 'value="900"' in page  # typed, kept
    target.refresh_from_db()
    assert target.target == Decimal(1200)


def test_staff_remove_a_target_after_confirming(staff_client, care) -> None:
    target = PortfolioTargetFactory(portfolio=care)
    path = f"/portfolios/care/targets/{target.pk}/remove/"

    assert "Remove the target: People reached?" in (
        staff_client.get(path).content.decode()
    )
    assert staff_client.post(path).url == "/portfolios/care/#targets"
    assert not care.targets.exists()
    # Back, and send again: told, not an error.
    assert staff_client.post(path).status_code == 302
    assert staff_client.get(path).status_code == 404


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_only_staff_set_targets(request, care, role) -> None:
    client = request.getfixturevalue(role)
    target = PortfolioTargetFactory(portfolio=care)
    records = PortfolioTarget.history.count()

    for path in (
        ADD,
        f"/portfolios/care/targets/{target.pk}/",
        f"/portfolios/care/targets/{target.pk}/remove/",
    ):
        assert client.get(path).status_code == 403
        assert client.post(path, target_data(target="5")).status_code == 403

    target.refresh_from_db()
    assert target.target == Decimal(1000)
    assert PortfolioTarget.history.count() == records


def test_a_target_of_another_portfolio_is_not_found_here(staff_client, care) -> None:
    elsewhere = PortfolioTargetFactory()

    assert (
        staff_client.get(f"/portfolios/care/targets/{elsewhere.pk}/").status_code == 404
    )


# On the portfolio's page ----------------------------------------------------------


def figures(portfolio: Portfolio, day: dt.date, actuals: dict[str, float]) -> None:
    """The stored figures of a day: the programme's (which dates the page) and the
    portfolio's benefit actuals by measure."""
    SnapshotFactory(date=day)
    for key, value in actuals.items():
        SnapshotFactory(
            metric=Metric.BENEFIT_ACTUAL,
            scope=Scope.PORTFOLIO,
            scope_id=portfolio.pk,
            key=key,
            date=day,
            value=value,
        )


def test_the_portfolio_page_tracks_each_target_in_words(
    executive_client, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    care = PortfolioFactory(
        name="Care", slug="care", starts_on=today - dt.timedelta(days=100)
    )
    due = today + dt.timedelta(days=100)  # halfway there
    PortfolioTargetFactory(portfolio=care, measure="people_reached", due_on=due)
    PortfolioTargetFactory(
        portfolio=care, measure="cashable_savings", target=Decimal(200_000), due_on=due
    )
    PortfolioTargetFactory(
        portfolio=care, measure="custom", custom_name="Alarms moved", due_on=due
    )
    figures(care, today, {"people_reached": 600, "cashable_savings": 50_000})

    with django_assert_max_num_queries(15):
        response = executive_client.get("/portfolios/care/")
    page = response.content.decode()

    rows = {row.target.name: row.progress for row in response.context["targets"]}
    assert rows["People reached"].standing == Standing.ON_TRACK
    assert rows["Cashable savings (£)"].standing == Standing.BEHIND
    assert rows["Alarms moved"].standing == Standing.NO_FIGURES
    assert 'id="targets"' in page
    for words in ("On track", "Behind", "No figures yet", "£200,000", "£50,000"):
        assert words in page
    assert "Add a target" not in page  # executives change nothing


def test_staff_see_how_to_change_the_targets(staff_client, care) -> None:
    target = PortfolioTargetFactory(portfolio=care)

    page = staff_client.get("/portfolios/care/").content.decode()

    assert 'href="/portfolios/care/targets/add/"' in page
    assert f'href="/portfolios/care/targets/{target.pk}/"' in page
    assert f'href="/portfolios/care/targets/{target.pk}/remove/"' in page


def test_a_portfolio_without_targets_says_so(executive_client, care) -> None:
    page = executive_client.get("/portfolios/care/").content.decode()

    assert "No targets are set for this portfolio yet." in page
