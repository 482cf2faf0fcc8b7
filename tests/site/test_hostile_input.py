"""Hostile input that is the site's, not one app's: bodies too big, page numbers
and addresses, signing in, passwords, forged cross-site requests, and hostile text
that was accepted, then shown and exported everywhere (tests/hostile.py says how
each example is checked; tests/worlds.py is the world they act on)."""

from io import BytesIO
from urllib.parse import quote, urlsplit

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook

from councils.models import Council, User
from heartbeat.models import GateReview, MarketingPack, Pulse
from metrics.exports import DATASETS, FORMATS
from metrics.services import recompute_day
from portfolios.models import Benefit, Commitment, Participation, Project
from tests.hostile import (
    FEWER,
    HOSTILE,
    PROBLEM,
    checked,
    counts,
    dmy,
    either,
    hostile_number,
    hostile_text,
    password_of,
    rolled_back,
    row,
    signed_in,
    submit,
)
from tests.worlds import World


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
        reverse("portfolios:councils"),
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
            ("lead", "heartbeat:join", "recruiting"),
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
        "recruiting": [world.recruiting.slug],
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
        "support": "Rooms",
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
    header, *rows = workbook.active.iter_rows(values_only=True)
    commentary = header.index("Commentary")
    assert {row[0]: row[commentary] for row in rows}["Digital telecare"] == "'=1+2"


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
                "support": text,
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
