"""Bad input anywhere gets a clear message or a 404, never a 500 (DESIGN §7).

Property-based: hypothesis throws hostile text (markup, control characters, NUL,
10,000 characters), type-confused numbers and impossible dates at every form and
every query-string filter, and forged fields the forms do not expose. Each page must
answer without a server error (the test client re-raises one), never echo markup
unescaped, save nothing from a form it sends back with errors, and apply no forged
field. Each example runs in a savepoint rolled back at its end, so examples share the
test's data without leaking into each other.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import NamedTuple
from urllib.parse import quote, urlsplit

import pytest
from django import forms
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from councils.forms import CouncilFilterForm
from councils.models import Council, User
from digital_office.caching import new_generation
from heartbeat.forms import ModelFilterForm
from heartbeat.models import (
    CriterionCheck,
    GateReview,
    MarketingPack,
    ProjectProduct,
    Pulse,
)
from heartbeat.services import available_decisions, ensure_phase_products
from metrics.exports import DATASETS, FORMATS
from metrics.forms import DashboardFilterForm
from metrics.services import recompute_day
from portfolios.forms import PortfolioFilterForm, ProjectFilterForm
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
    VisionObjective,
)
from portfolios.services import (
    BenefitTerms,
    CommitmentTerms,
    propose_commitment,
    save_benefit,
)
from tests.factories import ParticipationFactory, PortfolioFactory, ProjectFactory

# Kept small enough for the whole module to run in about a minute on SQLite.
HOSTILE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FEWER = settings(HOSTILE, max_examples=15)

PROBLEM = "There is a problem"  # the error summary's title

# Markup that must only ever reach a page escaped.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
)
ODD_TEXT = (
    "",
    " ",
    "\x00",
    "Fife\x00<b>",
    "' OR '1'='1' --",
    "{{ 7*7 }}{% debug %}",
    "%(value)s %s %n",
    "\u202egnp.exe",
    "\r\nX-Injected: yes",
    "\x01\x0b\x1f\x7f",
    "\ufeff\u200b",
    '=HYPERLINK("http://evil.example")',
    "🙂" * 60,
    "../../etc/passwd",
    "None",
)


def _long(length: int) -> str:
    return ("é<" * length)[:length]


hostile_text = st.one_of(
    st.sampled_from(PAYLOADS + ODD_TEXT),
    st.text(),  # any code point but surrogates: control characters and NUL included
    st.builds(
        lambda before, payload, after: before + payload + after,
        st.text(max_size=5),
        st.sampled_from(PAYLOADS),
        st.text(max_size=5),
    ),
    # Just over each max_length the forms use, and far beyond.
    st.sampled_from((101, 151, 201, 301, 501, 1001, 2001, 10_000)).map(_long),
)
hostile_number = st.one_of(
    st.sampled_from(
        (
            "abc",
            "1.5",
            "0.001",
            "-1",
            "-0",
            "0",
            "1e5",
            "1e-100000",
            "1e100000",
            "NaN",
            "sNaN",
            "-Infinity",
            str(10**30),
            str(-(10**30)),
            "9" * 5000,
            "0x1A",
            "1_000",
            "12,5",
            "١٢",
            " 7 ",
            "½",
        )
    ),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals().map(str),
    hostile_text,
)


def dmy(day: dt.date) -> str:
    return f"{day.day:02}/{day.month:02}/{day.year:04}"


hostile_date = st.one_of(
    st.sampled_from(
        (
            "01/01/0001",
            "31/12/9999",
            "31/02/2026",
            "29/02/2025",
            "00/00/0000",
            "32/01/2026",
            "01/13/2026",
            "0001-01-01",
            "9999-12-31",
            "2026-02-31",
            "1/1/1",
            "01/01/10000",
            "-1/-1/-1",
            "tomorrow",
            "2026/01/01",
            "١/١/٢٠٢٦",
        )
    ),
    st.dates().map(dmy),
    st.dates().map(dt.date.isoformat),
    hostile_text,
)
hostile_id = st.one_of(
    st.sampled_from(("0", "-1", "1.5", str(10**30), "", "fife")),
    st.integers().map(str),
    hostile_text,
)


def either(valid: str, hostile: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The valid value or a hostile one, so that some examples get through."""
    return st.one_of(st.just(valid), hostile)


class Field(NamedTuple):
    valid: str
    hostile: st.SearchStrategy[str]


@st.composite
def form_data(
    draw: st.DrawFn,
    fields: dict[str, Field],
    forged: dict[str, st.SearchStrategy[str]] | None = None,
) -> dict[str, str]:
    """The form's fields, valid but for up to three made hostile, and perhaps some
    the form does not expose. Mostly valid data gets past the first refusal, so the
    later rules, the saving and the forged fields are tried too."""
    spoiled = draw(st.sets(st.sampled_from(sorted(fields)), max_size=3))
    data = {
        name: draw(field.hostile) if name in spoiled else field.valid
        for name, field in fields.items()
    }
    data.update(draw(st.fixed_dictionaries({}, optional=forged or {})))
    return data


@dataclass
class World:
    project: Project  # Fife takes part; a published pack
    other: Project  # a published pack Fife has not joined
    draft: Project  # a pack still in draft
    fife_commitment: Commitment
    highland_commitment: Commitment
    benefit: Benefit
    product: ProjectProduct


@pytest.fixture
def world(
    fife: Council,
    highland: Council,
    staff_user: User,
    lead_user: User,
    other_lead_user: User,
) -> World:
    objective = VisionObjective.objects.order_by("position").first()
    portfolio = PortfolioFactory(name="Care", slug="care")
    portfolio.vision_objectives.add(objective)
    project, other, draft = (
        ProjectFactory(
            portfolio=portfolio, name=name, slug=slug, kind=Project.Kind.TECHNOLOGY
        )
        for name, slug in (
            ("Digital telecare", "digital-telecare"),
            ("Shared analytics", "shared-analytics"),
            ("Waste routes", "waste-routes"),
        )
    )
    for each in (project, other, draft):
        ensure_phase_products(each)
        MarketingPack.objects.create(
            project=each,
            headline="Move every alarm to digital.",
            what_councils_gain="A tested plan.",
            contact_name="Morag Campbell",
            contact_email="morag@digitaloffice.scot",
            published_at=None if each is draft else timezone.now(),
        )
    ParticipationFactory(project=project, council=fife)
    terms = CommitmentTerms(
        kind="people",
        role="Data analyst",
        person_days=20,
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 5, 29),
    )
    fife_commitment = propose_commitment(
        project, council=fife, proposed_by=lead_user, terms=terms
    )
    highland_commitment = propose_commitment(
        project, council=highland, proposed_by=other_lead_user, terms=terms
    )
    benefit = save_benefit(
        project, terms=BenefitTerms(measure="hours_saved", target=Decimal(1000))
    )
    return World(
        project=project,
        other=other,
        draft=draft,
        fife_commitment=fife_commitment,
        highland_commitment=highland_commitment,
        benefit=benefit,
        product=project.products.first(),
    )


@pytest.fixture
def small_pages(settings: object) -> None:
    """One row a page, so that the lists have pages, and their links carry the
    hostile query string."""
    settings.HEARTBEAT_PAGE_SIZE = 1


@pytest.fixture
def figures(world: World) -> None:
    """Today's stored figures, so the dashboard has a body to show."""
    recompute_day()


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's writes, undone at its end: the next starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    new_generation()  # no page part kept from data that no longer exists


def checked(response: HttpResponse) -> str:
    """The page, once sure that no hostile markup reached it unescaped."""
    assert response.status_code < 500
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    page = response.content.decode()
    for payload in PAYLOADS:
        assert payload not in page, f"{payload!r} is on the page unescaped"
    return page


def row(obj: models.Model) -> dict:
    """Every stored column of the object, read afresh."""
    fresh = type(obj).objects.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


def counts(*tables: type[models.Model]) -> list[int]:
    return [table.objects.count() for table in tables]


def fits(obj: models.Model) -> None:
    """What was saved fits its columns: SQLite would store 10,000 characters in a
    varchar(100) and a NUL byte, PostgreSQL refuses both with a server error."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, str):
            assert "\x00" not in value, field.name
            if isinstance(field, models.CharField) and field.max_length:
                assert len(value) <= field.max_length, field.name


def saved_with_history(obj: models.Model) -> None:
    """The object as stored, and its newest history record, fit their columns."""
    fresh = type(obj).objects.get(pk=obj.pk)
    fits(fresh)
    if hasattr(fresh, "history"):
        fits(fresh.history.first())


def submit(
    client: Client, url: str, data: dict[str, str], watched: Callable[[], object]
) -> bool:
    """POST the data; True if it was accepted. A refusal is the form again with its
    error summary, and leaves what is watched as it was."""
    before = watched()
    response = client.post(url, data)
    page = checked(response)
    if response.status_code == 302:
        event("accepted")  # shown by --hypothesis-show-statistics
        checked(client.get(response.url))  # the page showing what was saved
        return True
    event("refused")
    assert response.status_code == 200
    assert PROBLEM in page
    assert watched() == before, "a refused form changed the database"
    return False


def integer(value: str) -> int | None:
    """The value as the form's hidden integer field reads it, or None."""
    try:
        return forms.IntegerField(required=False).clean(value)
    except forms.ValidationError:
        return None


def password_of(user: User) -> Callable[[], str]:
    return lambda: User.objects.get(pk=user.pk).password


def signed_in(user: User, **kwargs: object) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


# Query-string filters ------------------------------------------------------------


def query(fields: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict]:
    """Any subset of the filters, each valid or hostile, and a hostile page number."""
    return st.fixed_dictionaries({}, optional={**fields, "page": hostile_number})


@HOSTILE
@given(
    params=query(
        {
            "q": either("telecare", hostile_text),
            "portfolio": either("care", hostile_text),
            "phase": either("scope", hostile_text),
            "rag": either("amber", hostile_text),
            "objective": either("scaling", hostile_text),
            "kind": either("technology", hostile_text),
            "state": either("stalled", hostile_text),
        }
    )
)
def test_project_filters_explain_a_bad_value_and_never_fail(
    lead_client: Client, world: World, small_pages: None, params: dict
) -> None:
    response = lead_client.get(reverse("portfolios:projects"), params)
    page = checked(response)
    assert response.status_code == 200
    form = ProjectFilterForm(params or None)
    assert (PROBLEM in page) == (form.is_bound and not form.is_valid())


@HOSTILE
@given(
    params=query({"objective": either("scaling", hostile_text)}),
    council_params=query(
        {
            "q": either("fife", hostile_text),
            "standing": either("committed", hostile_text),
        }
    ),
    model_params=query({"portfolio": either("care", hostile_text)}),
)
def test_portfolio_council_and_model_filters_explain_a_bad_value(
    executive_client: Client,
    world: World,
    params: dict,
    council_params: dict,
    model_params: dict,
) -> None:
    for url, form_class, data in (
        (reverse("portfolios:list"), PortfolioFilterForm, params),
        (reverse("councils:list"), CouncilFilterForm, council_params),
        (reverse("heartbeat:model"), ModelFilterForm, model_params),
    ):
        response = executive_client.get(url, data)
        page = checked(response)
        assert response.status_code == 200
        form = form_class(data or None)
        assert (PROBLEM in page) == (form.is_bound and not form.is_valid())


def test_too_many_fields_or_too_big_a_body_is_a_bad_request(
    lead_client: Client, world: World
) -> None:
    many = {f"f{n}": "x" for n in range(1001)}
    assert lead_client.get(reverse("portfolios:projects"), many).status_code == 400
    url = reverse("portfolios:commit", args=[world.project.slug])
    before = counts(Commitment)
    response = lead_client.post(url, {"description": "x" * 3_000_000})
    assert response.status_code == 400
    assert counts(Commitment) == before


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


REAL_NAMES = {
    "confirmed",
    "declined",
    "withdrawn",
    "fulfilled",
    "digital-telecare",
    "fife",
    *DATASETS,
    *FORMATS,
}


@HOSTILE
@given(
    page=hostile_number,
    pk=st.one_of(st.integers(min_value=10**6), st.just(10**30)),
    name=hostile_text,
)
def test_page_numbers_and_addresses_never_fail(
    staff_client: Client,
    world: World,
    small_pages: None,
    page: str,
    pk: int,
    name: str,
) -> None:
    for url in (
        reverse("portfolios:projects"),
        reverse("portfolios:list"),
        reverse("councils:list"),
        reverse("metrics:portfolio", args=["care"]),
        reverse("metrics:council", args=["fife"]),
    ):
        response = staff_client.get(url, {"page": page})
        checked(response)
        assert response.status_code == 200
    slug = world.project.slug
    for path in (
        f"/projects/{slug}/commitments/{pk}/",
        f"/projects/{slug}/commitments/{world.fife_commitment.pk}/{quote(name)}/",
        f"/projects/{slug}/benefits/{pk}/",
        f"/projects/{slug}/products/{pk}/",
        f"/projects/{quote(name)}/",
        f"/councils/{quote(name)}/edit/",
        f"/exports/{quote(name)}.csv",
        f"/exports/projects.{quote(name)}",
    ):
        response = staff_client.get(path)
        checked(response)
        # Only a name that happens to be real is found (hypothesis may try one).
        assert response.status_code == 404 or name in REAL_NAMES


# Councils --------------------------------------------------------------------------

COUNCIL_FORGED = {
    "standing": st.sampled_from(("committed", "not_committed")),
    "annual_contribution": st.sampled_from(("1", "-5", "999999")),
    "name": hostile_text,
    "short_name": hostile_text,
    "slug": st.just("fife-forged"),
    "gss_code": st.just("S12000099"),
    "population": hostile_number,
}
council_details = {
    "contact_name": Field("Ailsa Brown", hostile_text),
    "contact_email": Field("digital@fife.gov.uk", hostile_text),
    "digital_priorities": Field("Telecare.", hostile_text),
}


@HOSTILE
@given(data=form_data(council_details, COUNCIL_FORGED))
def test_a_lead_edits_only_their_councils_details(
    lead_client: Client, fife: Council, highland: Council, data: dict
) -> None:
    untouchable = (
        "standing",
        "annual_contribution",
        "name",
        "short_name",
        "slug",
        "gss_code",
        "population",
    )
    with rolled_back():
        before = row(fife)
        if submit(
            lead_client,
            reverse("councils:edit", args=["fife"]),
            data,
            lambda: row(fife),
        ):
            saved_with_history(fife)
        after = row(fife)
        assert {k: after[k] for k in untouchable} == {k: before[k] for k in untouchable}
        # Another council's form: refused, whatever is posted.
        other = row(highland)
        response = lead_client.post(reverse("councils:edit", args=["highland"]), data)
        assert response.status_code == 403
        assert row(highland) == other


@HOSTILE
@given(
    data=form_data(
        {
            "standing": Field("committed", hostile_text),
            "annual_contribution": Field("25000", hostile_number),
            **council_details,
        }
    )
)
def test_staff_record_a_councils_standing_and_contribution(
    staff_client: Client, fife: Council, data: dict
) -> None:
    with rolled_back():
        if submit(
            staff_client,
            reverse("councils:edit", args=["fife"]),
            data,
            lambda: row(fife),
        ):
            saved_with_history(fife)
            after = row(fife)
            assert after["standing"] in Council.Standing.values
            contribution = after["annual_contribution"]
            assert contribution is None or contribution >= 0


# Commitments -----------------------------------------------------------------------

commitment_fields = {
    "kind": Field(
        "people", st.one_of(st.sampled_from(("money", "in_kind")), hostile_text)
    ),
    "role": Field("Service designer", hostile_text),
    "person_days": Field("10", hostile_number),
    "amount": Field("2500", hostile_number),
    "description": Field("", hostile_text),
    "starts_on": Field("01/06/2026", hostile_date),
    "ends_on": Field("30/06/2026", hostile_date),
}


COMMITMENT = {name: field.valid for name, field in commitment_fields.items()}


def commitments_watched(world: World) -> Callable[[], object]:
    return lambda: (
        counts(Commitment, Commitment.history.model, Participation),
        row(world.project),
        row(world.fife_commitment),
        row(world.highland_commitment),
    )


@HOSTILE
@given(
    data=form_data(
        commitment_fields,
        {
            "council": st.sampled_from(("highland", "fife", "0")),
            "project": hostile_id,
            "status": st.sampled_from(("confirmed", "fulfilled")),
            "version": hostile_number,
            "proposed_by": hostile_id,
        },
    )
)
# The cases named in the brief of these tests, tried on every run.
@example(data={**COMMITMENT, "council": "highland", "status": "confirmed"})
@example(data={**COMMITMENT, "person_days": "1.5", "amount": str(10**30)})
@example(data={**COMMITMENT, "kind": "money", "amount": "-5"})
@example(data={**COMMITMENT, "starts_on": "31/02/2026", "ends_on": "01/01/0001"})
@example(data={**COMMITMENT, "role": "x" * 10_000, "kind": "bogus"})
@example(data={**COMMITMENT, "role": "Designer\x00", "starts_on": "tomorrow"})
def test_a_lead_proposes_only_for_their_own_council(
    lead_client: Client, world: World, fife: Council, highland: Council, data: dict
) -> None:
    # A forged council is posted as a real one's id.
    if data.get("council") in ("fife", "highland"):
        chosen = {"fife": fife, "highland": highland}[data["council"]]
        data = {**data, "council": str(chosen.pk)}
    with rolled_back():
        newest = Commitment.objects.order_by("-pk").first().pk
        url = reverse("portfolios:commit", args=[world.project.slug])
        if submit(lead_client, url, data, commitments_watched(world)):
            commitment = Commitment.objects.get(pk__gt=newest)
            saved_with_history(commitment)
            assert commitment.council == fife
            assert commitment.project == world.project
            assert commitment.status == Commitment.Status.PROPOSED
            assert commitment.version == 1
            assert commitment.proposed_by.username == "lead-fife"


@HOSTILE
@given(data=form_data({**commitment_fields, "council": Field("fife", hostile_id)}))
def test_staff_propose_for_a_council_they_choose(
    staff_client: Client, world: World, fife: Council, data: dict
) -> None:
    if data["council"] == "fife":
        data = {**data, "council": str(fife.pk)}
    with rolled_back():
        newest = Commitment.objects.order_by("-pk").first().pk
        url = reverse("portfolios:commit", args=[world.project.slug])
        if submit(staff_client, url, data, commitments_watched(world)):
            commitment = Commitment.objects.get(pk__gt=newest)
            saved_with_history(commitment)
            assert commitment.council_id == integer(data["council"])


@HOSTILE
@given(
    data=form_data(
        {**commitment_fields, "version": Field("1", hostile_number)},
        {
            "council": hostile_id,
            "project": hostile_id,
            "status": st.sampled_from(("confirmed", "declined", "fulfilled")),
        },
    ),
    as_staff=st.booleans(),
)
def test_a_commitment_changes_only_its_terms(
    lead_client: Client,
    staff_client: Client,
    world: World,
    data: dict,
    as_staff: bool,
) -> None:
    commitment = world.fife_commitment
    with rolled_back():
        before = row(commitment)
        url = reverse(
            "portfolios:commitment_change", args=[world.project.slug, commitment.pk]
        )
        client = staff_client if as_staff else lead_client
        if submit(client, url, data, commitments_watched(world)):
            saved_with_history(commitment)
            assert integer(data["version"]) == before["version"]
            after = row(commitment)
            for unchanged in ("council_id", "project_id", "status", "proposed_by_id"):
                assert after[unchanged] == before[unchanged]
            assert after["version"] == before["version"] + 1
        # Another council's commitment: refused to a lead, whatever is posted.
        other = world.highland_commitment
        before = row(other)
        response = lead_client.post(
            reverse("portfolios:commitment_change", args=[world.project.slug, other.pk]),
            data,
        )
        assert response.status_code == 403
        assert row(other) == before


@HOSTILE
@given(
    move=st.sampled_from(
        [("staff", "confirmed"), ("staff", "declined"), ("lead", "withdrawn")]
    ),
    data=form_data(
        {
            "reason": Field("Budget moved.", hostile_text),
            "version": Field("1", hostile_number),
        },
        {
            "status": st.sampled_from(("fulfilled", "confirmed", "proposed")),
            "council": hostile_id,
        },
    ),
)
# The change reason is kept in a varchar(100): SQLite would store a longer one.
@example(move=("staff", "declined"), data={"reason": "x" * 101, "version": "1"})
def test_a_commitment_moves_only_as_its_address_says(
    lead_client: Client,
    staff_client: Client,
    world: World,
    move: tuple[str, str],
    data: dict,
) -> None:
    who, status = move
    commitment = world.fife_commitment
    client = staff_client if who == "staff" else lead_client
    url = reverse(
        "portfolios:commitment_move", args=[world.project.slug, commitment.pk, status]
    )
    with rolled_back():
        before = row(commitment)
        if submit(client, url, data, commitments_watched(world)):
            saved_with_history(commitment)
            after = row(commitment)
            assert after["status"] == status
            assert integer(data.get("version", "")) == before["version"]
            assert after["council_id"] == before["council_id"]


@HOSTILE
@given(
    body=st.dictionaries(
        st.sampled_from(("council", "council_id", "project", "participation", "by")),
        hostile_id,
    )
)
def test_a_lead_joins_and_leaves_only_for_their_own_council(
    lead_client: Client, world: World, fife: Council, highland: Council, body: dict
) -> None:
    with rolled_back():
        highland_rows = list(
            Participation.objects.filter(council=highland).values().order_by("pk")
        )
        highland_commitment = row(world.highland_commitment)
        for url in (
            reverse("heartbeat:join", args=[world.other.slug]),
            reverse("heartbeat:leave", args=[world.other.slug]),
            reverse("heartbeat:leave", args=[world.project.slug]),
        ):
            response = lead_client.post(url, body)
            checked(response)
            assert response.status_code == 302
        joined = Participation.objects.get(project=world.other)
        assert joined.council == fife
        assert joined.left_on is not None
        assert not Commitment.objects.active().filter(council=fife).exists()
        assert highland_rows == list(
            Participation.objects.filter(council=highland).values().order_by("pk")
        )
        assert row(world.highland_commitment) == highland_commitment
        # Joining needs a published pack: a draft is not found.
        url = reverse("heartbeat:join", args=[world.draft.slug])
        assert lead_client.post(url, body).status_code == 404
        assert not Participation.objects.filter(project=world.draft).exists()


# Benefits --------------------------------------------------------------------------


def benefits_watched(world: World) -> Callable[[], object]:
    return lambda: (
        counts(Benefit, BenefitActual, Benefit.history.model),
        row(world.benefit),
    )


@HOSTILE
@given(
    data=form_data(
        {
            "measure": Field("custom", hostile_text),
            "custom_name": Field("Paper forms avoided", hostile_text),
            "baseline": Field("0", hostile_number),
            "target": Field("1200", hostile_number),
            "description": Field("", hostile_text),
        },
        {"project": hostile_id, "id": hostile_id},
    ),
    change=st.booleans(),
)
def test_benefits_take_only_sound_figures(
    staff_client: Client, world: World, data: dict, change: bool
) -> None:
    slug = world.project.slug
    url = (
        reverse("portfolios:benefit", args=[slug, world.benefit.pk])
        if change
        else reverse("portfolios:benefit_add", args=[slug])
    )
    with rolled_back():
        newest = Benefit.objects.order_by("-pk").first().pk
        if submit(staff_client, url, data, benefits_watched(world)):
            benefit = world.benefit if change else Benefit.objects.get(pk__gt=newest)
            saved_with_history(benefit)
            assert row(benefit)["project_id"] == world.project.pk
            assert Benefit.objects.count() == 1 + (not change)


@HOSTILE
@given(
    data=form_data(
        {
            "measured_on": Field(dmy(timezone.localdate()), hostile_date),
            "value": Field("350", hostile_number),
            "note": Field("", hostile_text),
        },
        {"benefit": hostile_id, "recorded_by": hostile_id},
    )
)
def test_an_actual_is_dated_and_never_negative(
    staff_client: Client, world: World, staff_user: User, data: dict
) -> None:
    url = reverse("portfolios:actual", args=[world.project.slug, world.benefit.pk])
    with rolled_back():
        if submit(staff_client, url, data, benefits_watched(world)):
            actual = BenefitActual.objects.get()
            saved_with_history(actual)
            assert actual.benefit == world.benefit
            assert actual.recorded_by == staff_user
            assert actual.measured_on <= timezone.localdate()
            assert actual.value >= 0


# The lifecycle ---------------------------------------------------------------------


def lifecycle_watched(world: World) -> Callable[[], object]:
    return lambda: (
        counts(
            GateReview, CriterionCheck, Pulse, ProjectProduct, Project.history.model
        ),
        row(world.project),
        row(world.product),
    )


@HOSTILE
@given(
    data=form_data(
        {
            "reported_on": Field(dmy(timezone.localdate()), hostile_date),
            "rag_status": Field("amber", hostile_text),
            "commentary": Field("Waiting on two councils.", hostile_text),
        },
        {"project": hostile_id, "reported_by": hostile_id, "created_at": hostile_date},
    )
)
@example(data={"reported_on": "01/01/0001", "rag_status": "red", "commentary": "Old."})
@example(data={"reported_on": "31/12/9999", "rag_status": "ok", "commentary": ""})
def test_a_pulse_is_recorded_for_this_project_only(
    staff_client: Client, world: World, staff_user: User, data: dict
) -> None:
    url = reverse("heartbeat:pulse", args=[world.project.slug])
    with rolled_back():
        if submit(staff_client, url, data, lifecycle_watched(world)):
            pulse = Pulse.objects.get()
            saved_with_history(pulse)
            assert pulse.project == world.project
            assert pulse.reported_by == staff_user
            assert pulse.rag_status in Project.Rag.values
            assert pulse.reported_on <= timezone.localdate()
            saved_with_history(world.project)


@HOSTILE
@given(
    data=form_data(
        {
            "decision": Field(
                "proceed",
                st.one_of(st.sampled_from(("return", "reopen", "close")), hostile_text),
            ),
            "decided_on": Field(dmy(timezone.localdate()), hostile_date),
            "rationale": Field("The cohort agreed.", hostile_text),
            "to_phase": Field("", hostile_id),
            "override": Field("", st.sampled_from(("on", "false", "0"))),
            # Each exit criterion, met with its evidence; numbered for the real ones.
            **{f"met-{n}": Field("on", st.sampled_from(("", "0"))) for n in range(3)},
            **{f"evidence-{n}": Field("Minutes.", hostile_text) for n in range(3)},
            "override_reason": Field("", hostile_text),
            "based_on": Field("", hostile_number),
        },
        {
            "phase": hostile_id,
            "project": hostile_id,
            "overridden": st.just("on"),
            "decided_by": hostile_id,
        },
    ),
)
def test_a_gate_review_applies_the_rules_and_nothing_forged(
    staff_client: Client,
    world: World,
    staff_user: User,
    data: dict,
) -> None:
    project = world.project
    data = dict(data)
    for n, criterion in enumerate(project.phase.criteria.all()):
        data[f"met_{criterion.pk}"] = data.pop(f"met-{n}")
        data[f"evidence_{criterion.pk}"] = data.pop(f"evidence-{n}")
    url = reverse("heartbeat:review", args=[project.slug])
    with rolled_back():
        if submit(staff_client, url, data, lifecycle_watched(world)):
            review = GateReview.objects.get()
            saved_with_history(review)
            assert review.project == project
            assert review.decided_by == staff_user
            assert review.phase == project.phase
            assert review.decision in available_decisions(project)
            assert review.decided_on <= timezone.localdate()
            checks = list(review.checks.all())
            for check in checks:
                fits(check)
            if review.decision in ("proceed", "close") and not review.overridden:
                assert all(check.met for check in checks if check.mandatory)


@HOSTILE
@given(
    data=form_data(
        {
            "status": Field("not_needed", hostile_text),
            "not_needed_reason": Field("Another council built it.", hostile_text),
        },
        {"project": hostile_id, "product": hostile_id, "updated_at": hostile_date},
    )
)
def test_a_product_status_changes_only_that_product(
    staff_client: Client, world: World, data: dict
) -> None:
    product = world.product
    url = reverse("heartbeat:product", args=[world.project.slug, product.pk])
    with rolled_back():
        before = row(product)
        if submit(staff_client, url, data, lifecycle_watched(world)):
            saved_with_history(product)
            after = row(product)
            assert after["status"] in ProjectProduct.Status.values
            assert after["project_id"] == before["project_id"]
            assert after["product_id"] == before["product_id"]


# Marketing Packs -------------------------------------------------------------------

pack_fields = {
    "headline": Field("Move every alarm to digital.", hostile_text),
    "what_councils_gain": Field("A tested plan.", hostile_text),
    "spotlight": Field("", hostile_text),
    "contact_name": Field("Morag Campbell", hostile_text),
    "contact_email": Field("morag@digitaloffice.scot", hostile_text),
}


@HOSTILE
@given(
    data=form_data(
        pack_fields,
        {
            "published_at": either(dmy(timezone.localdate()), hostile_date),
            "published_by": hostile_id,
            "project": hostile_id,
            "leads_notified_at": hostile_date,
        },
    ),
    published=st.booleans(),
)
def test_a_pack_edit_never_publishes_or_moves_it(
    staff_client: Client, world: World, data: dict, published: bool
) -> None:
    project = world.project if published else world.draft
    pack = project.pack
    url = reverse("heartbeat:pack_edit", args=[project.slug])
    with rolled_back():
        before = row(pack)
        if submit(staff_client, url, data, lambda: (row(pack), counts(MarketingPack))):
            saved_with_history(pack)
            after = row(pack)
            for unchanged in ("project_id", "published_at", "published_by_id"):
                assert after[unchanged] == before[unchanged]
            checked(
                staff_client.get(reverse("heartbeat:pack_pdf", args=[project.slug]))
            )


@FEWER
@given(
    body=st.dictionaries(
        st.sampled_from(("project", "pack", "published_at", "published_by")),
        hostile_id,
    )
)
def test_publishing_takes_the_pack_from_the_address_only(
    staff_client: Client,
    lead_client: Client,
    world: World,
    staff_user: User,
    body: dict,
) -> None:
    url = reverse("heartbeat:pack_publish", args=[world.draft.slug])
    with rolled_back():
        others = [row(world.project.pack), row(world.other.pack)]
        assert lead_client.post(url, body).status_code == 403
        assert MarketingPack.objects.get(project=world.draft).published_at is None
        response = staff_client.post(url, body)
        checked(response)
        assert response.status_code == 302
        pack = MarketingPack.objects.get(project=world.draft)
        assert pack.published_at is not None
        assert pack.published_by == staff_user
        assert [row(world.project.pack), row(world.other.pack)] == others


# Accounts --------------------------------------------------------------------------


@HOSTILE
@given(
    username=either("lead-fife", hostile_text),
    password=either("correct horse battery", hostile_text),
    extra=st.dictionaries(
        st.sampled_from(("next", "is_staff", "user_id")), hostile_text
    ),
)
@example(username="x" * 256, password="wrong", extra={})  # PostgreSQL: was a 500
@example(username="lead-fife\x00", password="correct horse battery", extra={})
def test_sign_in_refuses_hostile_credentials_clearly(
    lead_user: User, username: str, password: str, extra: dict
) -> None:
    with rolled_back():
        client = Client()
        data = {**extra, "username": username, "password": password}
        response = client.post(reverse("login"), data)
        page = checked(response)
        good = username == "lead-fife" and password == "correct horse battery"
        if good:
            assert response.status_code == 302
            assert urlsplit(response.url).netloc in ("", "testserver")  # not off-site
        else:
            assert response.status_code in (200, 429)
            assert PROBLEM in page or "Too many attempts" in page
            assert "_auth_user_id" not in client.session


@HOSTILE
@given(
    old=either("correct horse battery", hostile_text),
    new1=either("a much longer passphrase 42", hostile_text),
    new2=either("a much longer passphrase 42", hostile_text),
)
def test_a_password_change_refused_keeps_the_old_password(
    lead_user: User, old: str, new1: str, new2: str
) -> None:
    with rolled_back():
        client = signed_in(lead_user)
        data = {"old_password": old, "new_password1": new1, "new_password2": new2}
        if submit(client, reverse("password_change"), data, password_of(lead_user)):
            assert old == "correct horse battery"
            assert new1 == new2


@HOSTILE
@given(
    email=either("lead-fife@example.org", hostile_text),
    uid=hostile_text,
    token=hostile_text,
    new=st.tuples(
        either("a much longer passphrase 42", hostile_text),
        either("a much longer passphrase 42", hostile_text),
    ),
)
def test_a_password_reset_survives_hostile_addresses_and_links(
    lead_user: User, email: str, uid: str, token: str, new: tuple[str, str]
) -> None:
    with rolled_back():
        client = Client()
        sent = len(mail.outbox)
        response = client.post(reverse("password_reset"), {"email": email})
        page = checked(response)
        if response.status_code == 200:
            assert PROBLEM in page
        else:
            assert response.status_code == 302
        assert len(mail.outbox) <= sent + 1
        assert all(m.to == [lead_user.email] for m in mail.outbox[sent:])

        forged = client.get(f"/accounts/reset/{quote(uid, safe='')}/{quote(token)}/")
        checked(forged)
        assert forged.status_code in (200, 404)

        link = reverse(
            "password_reset_confirm",
            args=[
                urlsafe_base64_encode(force_bytes(lead_user.pk)),
                default_token_generator.make_token(lead_user),
            ],
        )
        form_url = client.get(link).url  # the token moves into the session
        data = {"new_password1": new[0], "new_password2": new[1]}
        if submit(client, form_url, data, password_of(lead_user)):
            assert new[0] == new[1]


# Cross-site request forgery --------------------------------------------------------


@FEWER
@given(
    form=st.sampled_from(
        [
            ("lead", "councils:edit", "fife"),
            ("lead", "portfolios:commit", "project"),
            ("lead", "heartbeat:join", "other"),
            ("lead", "heartbeat:leave", "project"),
            ("staff", "heartbeat:pulse", "project"),
            ("staff", "heartbeat:review", "project"),
            ("staff", "heartbeat:pack_edit", "draft"),
            ("staff", "heartbeat:pack_publish", "draft"),
            ("staff", "portfolios:benefit_add", "project"),
            ("staff", "password_change", None),
            ("anonymous", "login", None),
            ("anonymous", "password_reset", None),
        ]
    ),
    token=st.one_of(st.none(), hostile_text),
)
def test_a_post_without_the_csrf_token_is_refused_and_saves_nothing(
    world: World,
    staff_user: User,
    lead_user: User,
    form: tuple[str, str, str | None],
    token: str | None,
) -> None:
    who, name, target = form
    args = {
        None: [],
        "fife": ["fife"],
        "project": [world.project.slug],
        "other": [world.other.slug],
        "draft": [world.draft.slug],
    }[target]
    data = {
        "username": "lead-fife",
        "password": "correct horse battery",
        "email": "lead-fife@example.org",
        "contact_name": "Forged",
        "reported_on": dmy(timezone.localdate()),
        "rag_status": "red",
        "commentary": "Forged.",
        "kind": "in_kind",
        "role": "Rooms",
        "starts_on": "01/06/2026",
        "ends_on": "30/06/2026",
        "measure": "hours_saved",
        "target": "10",
        **({} if token is None else {"csrfmiddlewaretoken": token}),
    }
    everything = (
        Council,
        Commitment,
        Participation,
        Pulse,
        GateReview,
        MarketingPack,
        Benefit,
        Commitment.history.model,
        Participation.history.model,
        MarketingPack.history.model,
        Project.history.model,
    )
    with rolled_back():
        client = (
            Client(enforce_csrf_checks=True)
            if who == "anonymous"
            else signed_in(
                staff_user if who == "staff" else lead_user, enforce_csrf_checks=True
            )
        )
        before = (
            counts(*everything),
            row(Council.objects.get(slug="fife")),
            row(world.draft.pack),
            row(world.project),
            User.objects.get(pk=staff_user.pk).password,
            len(mail.outbox),
        )
        response = client.post(reverse(name, args=args), data)
        assert response.status_code == 403
        assert before == (
            counts(*everything),
            row(Council.objects.get(slug="fife")),
            row(world.draft.pack),
            row(world.project),
            User.objects.get(pk=staff_user.pk).password,
            len(mail.outbox),
        )


def test_an_excel_export_drops_control_characters_then_neutralises(
    staff_client: Client, world: World
) -> None:
    staff_client.post(
        reverse("heartbeat:pulse", args=[world.project.slug]),
        {
            "reported_on": dmy(timezone.localdate()),
            "rag_status": "amber",
            "commentary": "\x01=1+2",  # a formula behind a control character
        },
    )
    response = staff_client.get(reverse("metrics:export", args=["projects", "xlsx"]))
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    rows = workbook.active.iter_rows(min_row=2, values_only=True)
    assert {row[0]: row[6] for row in rows}["Digital telecare"] == "'=1+2"


# Hostile text that was accepted, shown and exported ------------------------------


@FEWER
@given(text=hostile_text)
def test_accepted_hostile_text_is_escaped_on_every_page_and_exported(
    staff_client: Client, lead_client: Client, world: World, text: str
) -> None:
    slug = world.project.slug
    posts = [
        (
            lead_client,
            reverse("councils:edit", args=["fife"]),
            {"contact_name": text, "digital_priorities": text},
        ),
        (
            staff_client,
            reverse("heartbeat:pulse", args=[slug]),
            {
                "reported_on": dmy(timezone.localdate()),
                "rag_status": "amber",
                "commentary": text,
            },
        ),
        (
            lead_client,
            reverse("portfolios:commit", args=[slug]),
            {
                "kind": "in_kind",
                "role": text,
                "description": text,
                "starts_on": "01/06/2026",
                "ends_on": "30/06/2026",
            },
        ),
        (
            staff_client,
            reverse("portfolios:benefit_add", args=[slug]),
            {
                "measure": "custom",
                "custom_name": text,
                "target": "5",
                "description": text,
            },
        ),
        (
            staff_client,
            reverse("portfolios:actual", args=[slug, world.benefit.pk]),
            {"measured_on": dmy(timezone.localdate()), "value": "5", "note": text},
        ),
        (
            staff_client,
            reverse("heartbeat:pack_edit", args=[slug]),
            {
                "headline": text,
                "what_councils_gain": text,
                "spotlight": text,
                "contact_name": text,
                "contact_email": "morag@digitaloffice.scot",
            },
        ),
    ]
    with rolled_back():
        for client, url, data in posts:
            checked(client.post(url, data))
        recompute_day()
        newest = Commitment.objects.order_by("-pk").first()
        for client, url in (
            (lead_client, reverse("heartbeat:project", args=[slug])),
            (lead_client, reverse("heartbeat:pack", args=[slug])),
            (lead_client, reverse("heartbeat:pack_pdf", args=[slug])),
            (lead_client, newest.get_absolute_url()),
            (lead_client, reverse("metrics:council", args=["fife"])),
            (staff_client, reverse("heartbeat:history", args=[slug])),
            (staff_client, reverse("metrics:dashboard")),
            (staff_client, reverse("portfolios:projects")),
        ):
            response = client.get(url)
            checked(response)
            assert response.status_code == 200
        for dataset in DATASETS:
            for fmt in FORMATS:
                response = staff_client.get(
                    reverse("metrics:export", args=[dataset, fmt])
                )
                assert response.status_code == 200
                b"".join(response.streaming_content)
