"""Hostile input to the figures' filters: the dashboard and the exports read the
same filters, and an export asked with a bad one is not found (tests/hostile.py says
how each example is checked)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from metrics.exports import DATASETS, FORMATS
from metrics.forms import DashboardFilterForm
from metrics.services import recompute_day
from tests.hostile import (
    HOSTILE,
    PROBLEM,
    checked,
    dmy,
    either,
    hostile_date,
    hostile_text,
    query,
)
from tests.worlds import World


@pytest.fixture
def figures(world: World) -> None:
    """Today's stored figures, so the dashboard has a body to show."""
    recompute_day()


dashboard_filters = query(
    {
        "portfolio": either("care", hostile_text),
        "objective": either("scaling", hostile_text),
        "as_at": either(dmy(timezone.localdate()), hostile_date),
    }
)


def dashboard_form(params: dict) -> DashboardFilterForm:
    return DashboardFilterForm(params or None)


@HOSTILE
@given(params=dashboard_filters)
def test_dashboard_and_exports_filters_explain_a_bad_value(
    executive_client: Client, figures: None, params: dict
) -> None:
    form = dashboard_form(params)
    invalid = form.is_bound and not form.is_valid()
    for url in (reverse("metrics:dashboard"), reverse("metrics:exports")):
        response = executive_client.get(url, params)
        page = checked(response)
        assert response.status_code == 200
        assert (PROBLEM in page) == invalid


@HOSTILE
@given(
    params=dashboard_filters,
    dataset=st.sampled_from(list(DATASETS)),
    fmt=st.sampled_from(FORMATS),
)
def test_an_export_with_a_bad_filter_is_not_found(
    staff_client: Client, figures: None, params: dict, dataset: str, fmt: str
) -> None:
    form = dashboard_form(params)
    response = staff_client.get(reverse("metrics:export", args=[dataset, fmt]), params)
    if form.is_bound and not form.is_valid():
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        b"".join(response.streaming_content)  # a streamed CSV fails only when read
