"""Who may do what, on every URL of the portal: the access matrix of DESIGN §1.

The table below is the documentation. For each URL it gives what each role gets on
GET and on POST: staff run everything; executives read everything and export, and
change nothing; a council lead reads everything and changes only their own council's
data (the objects in the table's paths are Fife's, so "lead" is Fife's lead and
"other lead" is Highland's); a visitor is sent to sign in except on the sign-in pages
and the health checks; an account with no role is refused.

The test walks every URL pattern Django knows, so a URL added later fails here until
the table says who may use it. The admin's many per-model pages follow one rule
(only staff get in) rather than a row each. A refused POST must write nothing (no
INSERT, UPDATE or DELETE is run at all); an allowed one that says it writes must
have written. The world (tests/worlds.py) is built once for the module; each test
runs in a savepoint rolled back after it.
"""

import datetime as dt
import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pytest_django import DjangoDbBlocker

from councils.models import Council, User
from councils.roles import Role
from heartbeat.models import ExitCriterion, Phase, PhaseProduct
from ideas.models import Idea
from ideas.services import propose_idea, score_idea
from metrics.models import Scope, Snapshot
from portfolios.models import Participation, ResourceRole, VisionObjective
from portfolios.services import latest_history_id
from tests.conftest import MD5_HASHER
from tests.factories import (
    EmailFactory,
    PortfolioTargetFactory,
    PreferenceFactory,
    UserFactory,
)
from tests.worlds import PASSWORD, World

NEW_PASSWORD = "a much longer passphrase, 2026"


# Outcomes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str = ""  # where a redirect goes: {next} is the way back, * anything
    writes: bool = False  # a POST that must write to the database; any other must not


OK = Outcome(200)
DENIED = Outcome(403)
MISSING = Outcome(404)
NO_METHOD = Outcome(405)
SIGN_IN = Outcome(302, "/accounts/login/?{next}")
ADMIN_SIGN_IN = Outcome(302, "/admin/login/?{next}")


def to(location: str) -> Outcome:
    """A redirect that writes nothing."""
    return Outcome(302, location)


def done(location: str) -> Outcome:
    """A POST that does what it was for, then sends the browser on."""
    return Outcome(302, location, writes=True)


class By(NamedTuple):
    """One outcome per role: the columns of the table."""

    anonymous: Outcome
    staff: Outcome
    executive: Outcome
    lead: Outcome  # a lead of the council whose object it is: Fife
    other_lead: Outcome  # a lead of another council: Highland
    no_role: Outcome


ROLES = By._fields

READ = By(SIGN_IN, OK, OK, OK, OK, DENIED)
STAFF_ONLY = By(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED)
STAFF_AND_EXECUTIVES = By(SIGN_IN, OK, OK, DENIED, DENIED, DENIED)
POST_ONLY = By(SIGN_IN, NO_METHOD, NO_METHOD, NO_METHOD, NO_METHOD, DENIED)


def everyone(outcome: Outcome) -> By:
    """Signed in or not, with a role or none."""
    return By(*[outcome] * len(ROLES))


def signed_in(outcome: Outcome) -> By:
    """Anyone signed in, with a role or none; a visitor is sent to sign in."""
    return By(SIGN_IN, *[outcome] * (len(ROLES) - 1))


def staff_only(outcome: Outcome) -> By:
    return By(SIGN_IN, outcome, DENIED, DENIED, DENIED, DENIED)


def admin_only(outcome: Outcome) -> By:
    """Staff get the outcome; everyone else is sent to the admin's own sign-in."""
    return By(ADMIN_SIGN_IN, outcome, *[ADMIN_SIGN_IN] * 4)


PUBLIC = everyone(OK)


@dataclass(frozen=True)
class Row:
    path: str  # {name} parts are the world's ids
    get: By
    # None: a page that only reads, which answers a POST as it answers a GET and
    # writes nothing.
    post: By | None = None
    # A valid POST, so that a refusal is for who asks, not for what they sent.
    data: dict[str, str] = field(default_factory=dict)


# The table ----------------------------------------------------------------------
# Every named URL outside the admin has a row under its name; "name [case]" rows add
# a case the main row does not show (another council's object, a draft).

FIFE_DETAILS = {
    "standing": "committed",  # staff's form has it; a lead's ignores it
    "annual_contribution": "25000",
    "contact_name": "Morag Campbell",
    "contact_email": "morag@fife.gov.uk",
    "digital_priorities": "Telecare, then waste.",
}
NEW_COMMITMENT = {
    "council": "{fife_id}",  # staff choose; a lead's council is their own
    "kind": "people",
    "role": "{service_designer}",  # a role on the list the project does not need
    "person_days": "15",
    "starts_on": "01/12/2026",
    "ends_on": "31/03/2027",
}
CHANGED_COMMITMENT = {
    "kind": "people",
    "role": "{needed_role}",
    "person_days": "25",
    "starts_on": "02/03/2026",
    "ends_on": "29/05/2026",
    "version": "1",
}
PACK = {
    "headline": "Move every telecare alarm to digital.",
    "what_councils_gain": "A tested plan and shared procurement.",
    "spotlight": "Councils in England shared one alarm receiving centre.",
    "contact_name": "Morag Campbell",
    "contact_email": "morag@digitaloffice.scot",
}
COMMITMENT = "/projects/digital-telecare/commitments/{fife_commitment}/"

TABLE: dict[str, Row] = {
    # The site, health checks and accounts.
    "home": Row(
        "/",
        get=By(
            SIGN_IN,
            to("/dashboard/"),
            to("/dashboard/"),
            to("/councils/fife/"),
            to("/councils/highland/"),
            DENIED,
        ),
    ),
    "healthz": Row("/healthz", get=PUBLIC, post=everyone(NO_METHOD)),
    "readyz": Row("/readyz", get=PUBLIC, post=everyone(NO_METHOD)),
    "login": Row(
        "/accounts/login/",
        get=PUBLIC,
        post=everyone(done("/")),  # signs in as the lead, whoever asked
        data={"username": "lead-fife", "password": PASSWORD},
    ),
    "logout": Row(
        "/accounts/logout/",
        get=signed_in(NO_METHOD),
        post=signed_in(to("/accounts/login/")),
    ),
    "password_change": Row(
        "/accounts/password_change/",
        get=signed_in(OK),
        post=signed_in(done("/accounts/password_change/done/")),
        data={
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    "password_change_done": Row(
        "/accounts/password_change/done/",
        get=signed_in(OK),
        post=signed_in(NO_METHOD),
    ),
    "password_reset": Row(
        "/accounts/password_reset/",
        get=PUBLIC,
        post=everyone(to("/accounts/password_reset/done/")),  # an email, no write
        data={"email": "forgetful@example.org"},
    ),
    "password_reset_done": Row(
        "/accounts/password_reset/done/", get=PUBLIC, post=everyone(NO_METHOD)
    ),
    "password_reset_confirm": Row(
        "/accounts/reset/{uid}/{token}/",
        # The token moves to the session, out of the address bar.
        get=everyone(to("/accounts/reset/{uid}/set-password/")),
        post=everyone(to("/accounts/reset/{uid}/set-password/")),
    ),
    "password_reset_complete": Row(
        "/accounts/reset/done/", get=PUBLIC, post=everyone(NO_METHOD)
    ),
    # Councils.
    "portfolios:councils": Row("/councils/", get=READ),
    "councils:edit": Row(
        "/councils/fife/edit/",
        get=By(SIGN_IN, OK, DENIED, OK, DENIED, DENIED),
        post=By(
            SIGN_IN,
            done("/councils/fife/"),
            DENIED,
            done("/councils/fife/"),
            DENIED,
            DENIED,
        ),
        data=FIFE_DETAILS,
    ),
    "councils:edit [another council's]": Row(
        "/councils/highland/edit/",
        get=By(SIGN_IN, OK, DENIED, DENIED, OK, DENIED),
        post=By(
            SIGN_IN,
            done("/councils/highland/"),
            DENIED,
            DENIED,
            done("/councils/highland/"),
            DENIED,
        ),
        data=FIFE_DETAILS,
    ),
    "metrics:council": Row("/councils/fife/", get=READ),
    # Portfolios, projects and the lifecycle.
    "portfolios:list": Row("/portfolios/", get=READ),
    "metrics:portfolio": Row("/portfolios/care/", get=READ),
    "portfolios:projects": Row("/projects/", get=READ),
    "heartbeat:model": Row("/heartbeat/", get=READ),
    "heartbeat:project": Row("/projects/digital-telecare/", get=READ),
    "heartbeat:review": Row(
        "/projects/digital-telecare/review/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/")),
        data={
            "decision": "hold",
            "decided_on": "01/11/2026",
            "rationale": "Waiting for the cohort to form.",
            "based_on": "{review}",
        },
    ),
    "heartbeat:pulse": Row(
        "/projects/digital-telecare/pulse/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/")),
        data={
            "reported_on": "01/11/2026",
            "rag_status": "amber",
            "commentary": "Two councils behind.",
        },
    ),
    # Its owner has since become an executive: an executive never writes.
    "heartbeat:pulse [an executive owns the project]": Row(
        "/projects/shared-analytics/pulse/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/shared-analytics/")),
        data={
            "reported_on": "01/11/2026",
            "rag_status": "green",
            "commentary": "On track.",
        },
    ),
    "heartbeat:product": Row(
        "/projects/digital-telecare/products/{product}/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#products")),
        data={"status": "in_progress"},
    ),
    "heartbeat:history": Row("/projects/digital-telecare/history/", get=STAFF_ONLY),
    # Marketing Packs, joining and leaving.
    "heartbeat:pack": Row("/projects/digital-telecare/pack/", get=READ),
    "heartbeat:pack [a draft]": Row(
        "/projects/waste-routes/pack/",
        get=By(SIGN_IN, OK, MISSING, MISSING, MISSING, DENIED),
    ),
    "heartbeat:pack_pdf": Row("/projects/digital-telecare/pack.pdf", get=READ),
    "heartbeat:pack_edit": Row(
        "/projects/digital-telecare/pack/edit/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/pack/")),
        data=PACK,
    ),
    "heartbeat:pack_publish": Row(
        "/projects/waste-routes/pack/publish/",
        get=POST_ONLY,
        post=staff_only(done("/projects/waste-routes/pack/")),
    ),
    "heartbeat:join": Row(
        "/projects/shared-analytics/join/",
        get=POST_ONLY,
        # Staff act for no council here: they record participation in the admin.
        post=By(
            SIGN_IN,
            DENIED,
            DENIED,
            done("/projects/shared-analytics/commit/"),
            done("/projects/shared-analytics/commit/"),
            DENIED,
        ),
    ),
    "heartbeat:join [a draft pack]": Row(
        "/projects/waste-routes/join/",
        get=POST_ONLY,
        post=By(SIGN_IN, DENIED, DENIED, MISSING, MISSING, DENIED),
    ),
    "heartbeat:leave": Row(
        "/projects/digital-telecare/leave/",
        # Fife and Highland both take part: each lead leaves for their own council.
        get=By(SIGN_IN, DENIED, DENIED, OK, OK, DENIED),
        post=By(
            SIGN_IN,
            DENIED,
            DENIED,
            done("/projects/digital-telecare/"),
            done("/projects/digital-telecare/"),
            DENIED,
        ),
    ),
    "heartbeat:leave [not taking part]": Row(
        "/projects/shared-analytics/leave/",
        get=By(SIGN_IN, DENIED, DENIED, MISSING, MISSING, DENIED),
        post=By(SIGN_IN, DENIED, DENIED, MISSING, MISSING, DENIED),
    ),
    # Benefits.
    "portfolios:benefit_add": Row(
        "/projects/digital-telecare/benefits/add/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#benefits")),
        data={"measure": "people_reached", "baseline": "0", "target": "5000"},
    ),
    "portfolios:benefit": Row(
        "/projects/digital-telecare/benefits/{benefit}/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#benefits")),
        data={"measure": "hours_saved", "baseline": "0", "target": "2000"},
    ),
    "portfolios:actual": Row(
        "/projects/digital-telecare/benefits/{benefit}/actual/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#benefits")),
        data={"measured_on": "01/11/2026", "value": "400"},
    ),
    # Commitments.
    "portfolios:commit": Row(
        "/projects/digital-telecare/commit/",
        get=By(SIGN_IN, OK, DENIED, OK, OK, DENIED),
        post=By(
            SIGN_IN,
            done("/projects/digital-telecare/commitments/*/"),
            DENIED,
            done("/projects/digital-telecare/commitments/*/"),
            done("/projects/digital-telecare/commitments/*/"),
            DENIED,
        ),
        data=NEW_COMMITMENT,
    ),
    "portfolios:commit [support in kind]": Row(
        "/projects/digital-telecare/commit/",
        get=By(SIGN_IN, OK, DENIED, OK, OK, DENIED),
        post=By(
            SIGN_IN,
            done("/projects/digital-telecare/commitments/*/"),
            DENIED,
            done("/projects/digital-telecare/commitments/*/"),
            done("/projects/digital-telecare/commitments/*/"),
            DENIED,
        ),
        data={**NEW_COMMITMENT, "kind": "in_kind", "support": "Meeting rooms"},
    ),
    # A role no longer offered: the form again, with its error, and nothing written.
    "portfolios:commit [a retired role]": Row(
        "/projects/digital-telecare/commit/",
        get=By(SIGN_IN, OK, DENIED, OK, OK, DENIED),
        post=By(SIGN_IN, OK, DENIED, OK, OK, DENIED),
        data={**NEW_COMMITMENT, "role": "{retired_role}"},
    ),
    "portfolios:commitment": Row(COMMITMENT, get=READ),
    "portfolios:commitment [under another project]": Row(
        "/projects/shared-analytics/commitments/{fife_commitment}/",
        get=By(SIGN_IN, MISSING, MISSING, MISSING, MISSING, DENIED),
    ),
    "portfolios:commitment_change": Row(
        COMMITMENT + "change/",
        get=By(SIGN_IN, OK, DENIED, OK, DENIED, DENIED),
        post=By(
            SIGN_IN,
            done(COMMITMENT),
            DENIED,
            done(COMMITMENT),
            DENIED,
            DENIED,
        ),
        data=CHANGED_COMMITMENT,
    ),
    "portfolios:commitment_change [another council's]": Row(
        "/projects/digital-telecare/commitments/{highland_commitment}/change/",
        get=By(SIGN_IN, OK, DENIED, DENIED, OK, DENIED),
        post=By(
            SIGN_IN,
            done("/projects/digital-telecare/commitments/{highland_commitment}/"),
            DENIED,
            DENIED,
            done("/projects/digital-telecare/commitments/{highland_commitment}/"),
            DENIED,
        ),
        data=CHANGED_COMMITMENT,
    ),
    "portfolios:commitment_move": Row(
        COMMITMENT + "confirmed/",
        get=STAFF_ONLY,
        post=staff_only(done(COMMITMENT)),
        data={"version": "1"},
    ),
    "portfolios:commitment_move [withdraw]": Row(
        COMMITMENT + "withdrawn/",
        get=By(SIGN_IN, OK, DENIED, OK, DENIED, DENIED),
        post=By(
            SIGN_IN,
            done(COMMITMENT),
            DENIED,
            done(COMMITMENT),
            DENIED,
            DENIED,
        ),
        data={"version": "1", "reason": "The analyst has left."},
    ),
    "portfolios:commitment_move [no such move]": Row(
        COMMITMENT + "approved/",
        get=By(SIGN_IN, MISSING, MISSING, MISSING, MISSING, DENIED),
        post=By(SIGN_IN, MISSING, MISSING, MISSING, MISSING, DENIED),
        data={"version": "1"},
    ),
    # Set-up of portfolios, their targets and projects' needs: staff only.
    "portfolios:portfolio_add": Row(
        "/portfolios/new/",
        get=STAFF_ONLY,
        post=staff_only(done("/portfolios/new-work/")),
        data={
            "name": "New work",
            "priority": "1",
            "summary": "Work the councils asked for.",
            "lead_officer": "Morag Campbell",
            "vision_objectives": "{scaling}",
            "starts_on": "01/04/2026",
        },
    ),
    "portfolios:portfolio_edit": Row(
        "/portfolios/care/edit/",
        get=STAFF_ONLY,
        post=staff_only(done("/portfolios/care/")),
        data={
            "name": "Care",
            "priority": "1",
            "summary": "Care services, digital.",
            "lead_officer": "Morag Campbell",
            "vision_objectives": "{scaling}",
            "starts_on": "01/10/2019",
            "seen": "{care_seen}",
        },
    ),
    "portfolios:portfolio_order": Row(
        "/portfolios/order/",
        get=STAFF_ONLY,
        post=staff_only(done("/portfolios/order/")),
        data={"portfolio": "{portfolio}", "to": "1"},
    ),
    "portfolios:target_add": Row(
        "/portfolios/care/targets/add/",
        get=STAFF_ONLY,
        post=staff_only(done("/portfolios/care/#targets")),
        data={"measure": "hours_saved", "target": "2,000", "due_on": "31/03/2027"},
    ),
    "portfolios:target": Row(
        "/portfolios/care/targets/{target}/",
        get=STAFF_ONLY,
        post=staff_only(done("/portfolios/care/#targets")),
        data={
            "measure": "people_reached",
            "target": "1,500",
            "due_on": "31/03/2027",
            "seen": "{target_seen}",
        },
    ),
    "portfolios:target_remove": Row(
        "/portfolios/care/targets/{target}/remove/",
        get=STAFF_ONLY,
        post=staff_only(done("/portfolios/care/#targets")),
    ),
    "portfolios:need_add": Row(
        "/projects/digital-telecare/needs/add/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#needs")),
        data={
            "kind": "money",
            "amount": "£25,000",
            "starts_on": "01/04/2026",
            "ends_on": "30/09/2026",
        },
    ),
    "portfolios:need": Row(
        "/projects/digital-telecare/needs/{need}/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#needs")),
        data={
            "kind": "people",
            "role": "{needed_role}",
            "person_days": "30",
            "starts_on": "01/02/2026",
            "ends_on": "30/06/2026",
            "seen": "{need_seen}",
        },
    ),
    "portfolios:need_remove": Row(
        "/projects/digital-telecare/needs/{need}/remove/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#needs")),
    ),
    # Set-up of projects and their products: staff only.
    "heartbeat:project_add": Row(
        "/projects/new/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/telecare-hubs/")),
        data={
            "portfolio": "{portfolio}",
            "name": "Telecare hubs",
            "summary": "Shared alarm receiving centres.",
            "problem": "Every council runs its own.",
            "outcome": "Four shared centres.",
            "kind": "technology",
            "owner": "{staff}",
            "start_date": "01/09/2026",
            "target_date": "31/03/2028",
            "phase": "{phase}",
            "rag_status": "green",
        },
    ),
    "heartbeat:project_edit": Row(
        "/projects/digital-telecare/edit/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/")),
        data={
            "portfolio": "{portfolio}",
            "name": "Digital telecare",
            "summary": "Analogue to digital telecare, together.",
            "problem": "The analogue network switches off.",
            "outcome": "Every council's telecare is digital.",
            "kind": "technology",
            "owner": "{staff}",
            "start_date": "01/01/2026",
            "target_date": "31/12/2027",
        },
    ),
    "heartbeat:pulses": Row("/projects/digital-telecare/pulses/", get=READ),
    "heartbeat:product_add": Row(
        "/projects/digital-telecare/products/add/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/digital-telecare/#products")),
        data={"name": "Data sharing agreement", "due_on": "30/11/2026"},
    ),
    # One of the model's products: staff are told why it stays; nothing is removed.
    "heartbeat:product_remove": Row(
        "/projects/digital-telecare/products/{product}/remove/",
        get=STAFF_ONLY,
        post=STAFF_ONLY,
    ),
    # Ideas: leads and staff propose, leads add their council's interest, staff
    # score and decide; executives read.
    "ideas:list": Row("/ideas/", get=READ),
    "ideas:criteria": Row("/ideas/criteria/", get=READ),
    "ideas:idea": Row("/ideas/{idea}/", get=READ),
    "ideas:add": Row(
        "/ideas/new/",
        get=By(SIGN_IN, OK, DENIED, OK, OK, DENIED),
        post=By(
            SIGN_IN,
            done("/ideas/*/"),
            DENIED,
            done("/ideas/*/"),
            done("/ideas/*/"),
            DENIED,
        ),
        data={
            "title": "Shared booking",
            "problem": "Calls.",
            "affects": "Residents.",
            "objective": "{scoping}",
        },
    ),
    # Fife's lead proposed the idea, so Fife is interested already: told, no write.
    "ideas:interest": Row(
        "/ideas/{idea}/interest/",
        get=POST_ONLY,
        post=By(
            SIGN_IN,
            DENIED,
            DENIED,
            to("/ideas/{idea}/#councils"),
            done("/ideas/{idea}/#councils"),
            DENIED,
        ),
        data={"action": "add", "note": "Same here."},
    ),
    "ideas:score": Row(
        "/ideas/{idea}/score/",
        get=STAFF_ONLY,
        post=staff_only(done("/ideas/{idea}/#scores")),
        data={"fit": "4", "value": "4", "effort": "2"},
    ),
    "ideas:accept": Row(
        "/ideas/{idea}/accept/",
        get=STAFF_ONLY,
        post=staff_only(done("/projects/*/")),
        data={
            "portfolio": "{portfolio}",
            "name": "Bulky uplifts online",
            "summary": "Book a bulky uplift online.",
            "outcome": "Fewer calls.",
            "kind": "redesign",
            "owner": "{staff}",
            "start_date": "01/06/2027",
            "target_date": "31/12/2027",
        },
    ),
    "ideas:decline": Row(
        "/ideas/{idea}/decline/",
        get=STAFF_ONLY,
        post=staff_only(done("/ideas/{idea}/")),
        data={"reason": "Covered nationally."},
    ),
    # The queue of what needs attention, and its decisions: staff.
    "workbench:queue": Row("/queue/", get=STAFF_ONLY),
    "workbench:decide": Row(
        "/queue/commitments/",
        get=POST_ONLY,
        post=staff_only(done("/queue/")),
        data={"commitment": "{fife_commitment}:1", "decision": "confirmed"},
    ),
    # Email: the outbox for staff; each person's own settings.
    "outbox:list": Row("/outbox/", get=STAFF_ONLY),
    "outbox:email": Row("/outbox/{email}/", get=STAFF_ONLY),
    # Sending happens on commit, which never comes inside the matrix's transaction.
    "outbox:retry": Row(
        "/outbox/{email}/retry/",
        get=POST_ONLY,
        post=staff_only(to("/outbox/{email}/")),
    ),
    "outbox:preferences": Row(
        "/accounts/email/",
        get=By(SIGN_IN, OK, OK, OK, OK, DENIED),
        post=By(
            SIGN_IN,
            done("/accounts/email/"),
            to("/accounts/email/"),
            done("/accounts/email/"),
            done("/accounts/email/"),
            DENIED,
        ),
        data={"phase_changed": "on", "idea_decided": "on"},
    ),
    # Figures.
    "metrics:dashboard": Row("/dashboard/", get=READ),
    "metrics:exports": Row("/exports/", get=STAFF_AND_EXECUTIVES),
    "metrics:export": Row("/exports/commitments.csv", get=STAFF_AND_EXECUTIVES),
    # The admin's own pages; its per-model pages follow ADMIN_PAGES below.
    "admin:index": Row(
        "/admin/",
        get=admin_only(OK),
    ),
    "admin:login": Row(
        "/admin/login/",
        get=By(OK, to("/admin/"), OK, OK, OK, OK),
        post=everyone(done("/admin/")),  # signs in as staff, whoever asked
        data={"username": "do-staff", "password": PASSWORD, "next": "/admin/"},
    ),
    "admin:login [not staff]": Row(
        "/admin/login/",
        get=By(OK, to("/admin/"), OK, OK, OK, OK),
        post=everyone(OK),  # the form again, with its error
        data={"username": "exec", "password": PASSWORD, "next": "/admin/"},
    ),
    "admin:logout": Row(
        "/admin/logout/",
        get=By(ADMIN_SIGN_IN, NO_METHOD, *[to("/admin/")] * 4),
        post=By(ADMIN_SIGN_IN, to("/accounts/login/"), *[to("/admin/")] * 4),
    ),
    "admin:password_change": Row(
        "/admin/password_change/",
        get=admin_only(OK),
        post=admin_only(done("/admin/password_change/done/")),
        data={
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    "admin:password_change_done": Row(
        "/admin/password_change/done/",
        get=admin_only(OK),
        post=admin_only(NO_METHOD),
    ),
    "admin:autocomplete": Row(
        "/admin/autocomplete/",
        get=admin_only(DENIED),  # asked without naming a field to complete
        post=admin_only(NO_METHOD),
    ),
    "admin:jsi18n": Row(
        "/admin/jsi18n/", get=admin_only(OK), post=admin_only(NO_METHOD)
    ),
    "admin:view_on_site": Row(
        "/admin/r/{council_type}/{fife_id}/",
        get=admin_only(to("*/councils/fife/")),
    ),
    "admin:app_list": Row("/admin/councils/", get=admin_only(OK)),
    # Unnamed: any other address under /admin/.
    "admin/(?P<url>.*)$": Row("/admin/no-such-page/", get=admin_only(MISSING)),
}

# The admin's pages of each registered model, by the end of their route: what staff
# get; everyone else is sent to sign in (to the admin's own sign-in once signed in).
ADMIN_PAGES: dict[str, Outcome] = {
    "": OK,  # the list
    "add/": OK,
    "<path:object_id>/": to("{prefix}{object_id}/change/"),  # the old address
    "<path:object_id>/change/": OK,  # read-only where changes are refused
    "<path:object_id>/delete/": OK,
    "<path:object_id>/history/": OK,
    "^([^/]+)/history/([^/]+)/$": OK,  # one past version (django-simple-history)
    "<id>/password/": OK,  # a user's password
}
# Where even staff are refused: councils are never added or deleted; gate reviews,
# pulses and snapshots are records, not edited; a project's products come from its
# phases (README, Architecture); the sign-in log is written by signing in. The admin
# is no way round a rule: commitments and participations are proposed and joined on
# the portal, and ended with a reason, never erased; nor are projects and benefits.
ADMIN_REFUSED: dict[str, set[str]] = {
    "axes.accessattempt": {"add/"},
    "axes.accesslog": {"add/"},
    "axes.accessfailurelog": {"add/"},
    "councils.council": {"add/", "<path:object_id>/delete/"},
    "heartbeat.projectproduct": {"add/", "<path:object_id>/delete/"},
    "heartbeat.gatereview": {"add/", "<path:object_id>/delete/"},
    "heartbeat.pulse": {"add/", "<path:object_id>/delete/"},
    "metrics.snapshot": {"add/", "<path:object_id>/delete/"},
    "portfolios.project": {"<path:object_id>/delete/"},
    "portfolios.benefit": {"<path:object_id>/delete/"},
    "portfolios.commitment": {"add/", "<path:object_id>/delete/"},
    "portfolios.participation": {"add/", "<path:object_id>/delete/"},
    # Portfolios and needs are set up on the portal, through their services.
    "portfolios.portfolio": {"add/", "<path:object_id>/delete/"},
    "portfolios.resourceneed": {"add/", "<path:object_id>/delete/"},
    # Ideas are proposed, shared, scored and decided on the portal.
    "ideas.idea": {"add/", "<path:object_id>/delete/"},
    "ideas.interest": {"add/", "<path:object_id>/delete/"},
    "ideas.score": {"add/", "<path:object_id>/delete/"},
    # The outbox is a record of what was sent.
    "outbox.email": {"add/", "<path:object_id>/delete/"},
}


# Walking the URL patterns --------------------------------------------------------


class Pattern(NamedTuple):
    key: str  # the URL's name, or its route when it has none
    route: str


def walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    """Every URL pattern under these, with its full route and namespaced name."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            yield Pattern(name or route, route)


PATTERNS = list(walk(get_resolver().url_patterns))


def admin_model_of(route: str) -> str | None:
    """The model's label if the route is one of an admin model's pages."""
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model._meta.label_lower
    return None


ADMIN_MODELS = sorted({label for p in PATTERNS if (label := admin_model_of(p.route))})
# Each named URL once (the project's account views shadow Django's, by name).
SITE_KEYS = sorted(
    {p.key for p in PATTERNS if not admin_model_of(p.route)} | set(TABLE)
)


# The world -----------------------------------------------------------------------


@dataclass
class Matrix:
    users: dict[str, User | None]
    ids: dict[str, object]  # what the table's {names} stand for
    admin_objects: dict[str, models.Model]


@pytest.fixture(scope="module")
def matrix(module_world: World, django_db_blocker: DjangoDbBlocker) -> Matrix:
    """The shared world (tests/worlds.py), with what only this table needs: a user
    whose password reset link stays valid, and an object of each model the admin
    shows. Made in the module's transaction, so rolled back with the world."""
    world = module_world
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5_HASHER]):
        # Never signed in by a test, so a reset link made for them stays valid.
        forgetful = UserFactory(username="forgetful")
        snapshot = Snapshot.objects.create(
            metric="projects_running",
            scope=Scope.PROGRAMME,
            date=dt.date(2026, 10, 1),
            value=3,
            computed_at=timezone.now(),
        )
        phase, phase_product, criterion = (
            Phase.objects.first(),
            PhaseProduct.objects.first(),
            ExitCriterion.objects.first(),
        )
        # A past version to open: the migration that made them kept none.
        for seeded in (phase, phase_product, criterion, world.needed_role):
            seeded.save()
        seen = {
            "ip_address": "192.0.2.1",
            "user_agent": "test",
            "username": "lead-fife",
        }
        fife = Council.objects.get(slug="fife")
        staff = world.users["staff"]
        target = PortfolioTargetFactory(portfolio=world.portfolio)
        scoping = VisionObjective.objects.get(slug="scoping")
        idea = propose_idea(
            Idea(
                title="Bulky uplifts",
                problem="Residents phone to book.",
                affects="Residents.",
                objective=scoping,
            ),
            by=world.users["lead"],
        )
        score = score_idea(idea, fit=3, value=3, effort=3, by=staff)
        # Unsent: a failed first attempt, to retry.
        email = EmailFactory(
            recipient=world.users["lead"], failed_at=timezone.now(), attempts=1
        )
        admin_objects = {
            "auth.group": Group.objects.get(name=Role.LEAD),
            "axes.accessattempt": AccessAttempt.objects.create(
                **seen, attempt_time=timezone.now(), failures_since_start=1
            ),
            "axes.accesslog": AccessLog.objects.create(
                **seen, attempt_time=timezone.now()
            ),
            "axes.accessfailurelog": AccessFailureLog.objects.create(
                **seen, attempt_time=timezone.now()
            ),
            "councils.council": fife,
            "councils.user": world.users["lead"],
            "portfolios.visionobjective": VisionObjective.objects.first(),
            "portfolios.portfolio": world.portfolio,
            "portfolios.resourcerole": world.needed_role,
            "portfolios.resourceneed": world.need,
            "portfolios.participation": Participation.objects.get(
                project=world.project, council=fife
            ),
            "portfolios.benefit": world.benefit,
            "portfolios.commitment": world.fife_commitment,
            "heartbeat.phase": phase,
            "heartbeat.phaseproduct": phase_product,
            "heartbeat.exitcriterion": criterion,
            "heartbeat.marketingpack": world.project.pack,
            "portfolios.project": world.project,
            "heartbeat.projectproduct": world.product,
            "heartbeat.gatereview": world.review,
            "heartbeat.pulse": world.pulse,
            "metrics.snapshot": snapshot,
            "portfolios.portfoliotarget": target,
            "ideas.idea": idea,
            "ideas.interest": idea.interests.first(),
            "ideas.score": score,
            "outbox.email": email,
            "outbox.preference": PreferenceFactory(user=world.users["lead"]),
        }
        return Matrix(
            users=world.users,
            ids={
                "fife_id": fife.pk,
                "portfolio": world.portfolio.pk,
                "care_seen": latest_history_id(world.portfolio) or 0,
                "target": target.pk,
                "target_seen": latest_history_id(target) or 0,
                "need": world.need.pk,
                "need_seen": latest_history_id(world.need) or 0,
                "scaling": VisionObjective.objects.get(slug="scaling").pk,
                "scoping": scoping.pk,
                "staff": staff.pk,
                "phase": world.project.phase_id,
                "idea": idea.pk,
                "email": email.pk,
                "fife_commitment": world.fife_commitment.pk,
                "highland_commitment": world.highland_commitment.pk,
                "benefit": world.benefit.pk,
                "product": world.product.pk,
                "review": world.review.pk,
                "needed_role": world.needed_role.pk,
                "another_role": world.another_role.pk,
                "retired_role": world.retired_role.pk,
                "service_designer": ResourceRole.objects.get(
                    name="Service designer"
                ).pk,
                "council_type": ContentType.objects.get_for_model(Council).pk,
                "uid": urlsafe_base64_encode(force_bytes(forgetful.pk)),
                "token": default_token_generator.make_token(forgetful),
            },
            admin_objects=admin_objects,
        )


def client_as(matrix: Matrix, role: str) -> Client:
    client = Client()
    if user := matrix.users[role]:
        client.force_login(user)
    return client


# A request writes if it runs an INSERT, UPDATE or DELETE: checked on the statements
# themselves, so a write undone later still counts. Sessions and the sign-in log
# (axes) are the bookkeeping of signing in, not the portal's data.
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.IGNORECASE)
NOT_DATA = ("django_session", "axes_")


def tables_written(queries: list[dict[str, str]]) -> set[str]:
    return {
        match[1]
        for query in queries
        if (match := WRITE.match(query["sql"])) and not match[1].startswith(NOT_DATA)
    }


def check(
    response: HttpResponse, expected: Outcome, what: str, names: dict[str, object]
) -> list[str]:
    """What is wrong with the answer, if anything."""
    location = expected.location.format_map(names)
    got = response.get("Location", "")
    if response.status_code != expected.status or (
        location and not fnmatch.fnmatchcase(got, location)
    ):
        answer = f"{response.status_code} {got}".strip()
        return [f"{what}: expected {expected.status} {location}, got {answer}"]
    return []


def ask(
    client: Client,
    method: str,
    path: str,
    expected: Outcome,
    names: dict[str, object],
    data: dict[str, str] | None = None,
) -> list[str]:
    """Make one request and check its answer, and for a POST whether it wrote."""
    names = {**names, "next": urlencode({"next": path}, safe="/")}
    if method == "GET":
        return check(client.get(path), expected, f"GET {path}", names)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data or {})
    problems = check(response, expected, f"POST {path}", names)
    written = tables_written(queries.captured_queries)
    if written and not expected.writes:
        problems.append(f"POST {path}: wrote to {', '.join(sorted(written))}")
    if expected.writes and not written:
        problems.append(f"POST {path}: wrote nothing, but should have")
    return problems


# The tests -----------------------------------------------------------------------


def test_the_table_names_only_urls_that_exist() -> None:
    names = {p.key for p in PATTERNS}
    stale = [key for key in TABLE if key.split(" [")[0] not in names]
    assert not stale, f"rows for URLs the project no longer has: {stale}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", SITE_KEYS)
def test_each_role_gets_what_the_table_says(
    db: None, matrix: Matrix, key: str, role: str
) -> None:
    assert key in TABLE, f"no row in the access table for the URL {key!r}"
    row = TABLE[key]
    path = row.path.format_map(matrix.ids)
    # The row's path is the URL it is filed under: the table checks what it says.
    match = resolve(path)
    assert (match.view_name if match.url_name else match.route) == key.split(" [")[0]
    client = client_as(matrix, role)
    problems = ask(client, "GET", path, getattr(row.get, role), matrix.ids)
    post = row.post or row.get  # a read-only page answers a POST as a GET
    data = {name: value.format_map(matrix.ids) for name, value in row.data.items()}
    problems += ask(client, "POST", path, getattr(post, role), matrix.ids, data)
    assert not problems, "\n".join(problems)


def admin_path(prefix: str, end: str, obj: models.Model) -> str:
    """The page's address for a real object, and its latest past version."""
    history = getattr(obj, "history", None)
    version = history.first().history_id if history is not None else 0
    return prefix + (
        end.replace("^([^/]+)/history/([^/]+)/$", f"{obj.pk}/history/{version}/")
        .replace("<path:object_id>", str(obj.pk))
        .replace("<id>", str(obj.pk))
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_only_staff_use_the_admin_of_each_model(
    db: None, matrix: Matrix, label: str, role: str
) -> None:
    obj = matrix.admin_objects.get(label)
    assert obj is not None, f"the world has no {label} to open in the admin"
    prefix = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/"
    names = {**matrix.ids, "prefix": prefix, "object_id": obj.pk}
    client = client_as(matrix, role)
    problems = []
    for pattern in PATTERNS:
        if admin_model_of(pattern.route) != label:
            continue
        end = pattern.route.removeprefix(prefix[1:])
        if end not in ADMIN_PAGES:
            problems.append(f"no rule for the admin URL {pattern.route}")
            continue
        path = admin_path(prefix, end, obj)
        if role == "staff":
            refused = end in ADMIN_REFUSED.get(label, set())
            expected = DENIED if refused else ADMIN_PAGES[end]
            # Staff's own changes through the admin are the admin tests' business.
            problems += ask(client, "GET", path, expected, names)
            continue
        # Django sends a visitor from a model's pages to the portal's sign-in (only
        # its site-wide pages name the admin's own), then the signed-in to the admin's.
        expected = SIGN_IN if role == "anonymous" else ADMIN_SIGN_IN
        problems += ask(client, "GET", path, expected, names)
        # A delete page's confirmation: the most harmful POST there is here.
        problems += ask(client, "POST", path, expected, names, {"post": "yes"})
    assert not problems, "\n".join(problems)
