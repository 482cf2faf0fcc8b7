"""Locust users for the load benchmark: executives, Digital Office staff and council
leads, signed in through the real sign-in page and using the real forms.

`bench/load.py` runs it against a fresh, seeded gunicorn and prints the figures. By
hand, against a portal seeded with `seed_demo --password X`:

    HEARTBEAT_BENCH_PASSWORD=X .venv/bin/locust -f bench/locustfile.py --headless \\
        -u 20 -r 5 --run-time 60s --max-requests 20000 --host http://127.0.0.1:8000

Each user signs in once, with the right password only (the portal locks a username
and address out after 5 failures), then acts with a think time between actions.
Users move as people do: from a list or their home page to the links on it, so every
address is one the portal itself printed. A request fails on a status of 400 or more
or on being sent back to the sign-in page; a form shown again with its error summary
after a POST is the designed refusal, not a failure, and is counted under its own
name ("..., refused"). The run stops after --run-time or --max-requests requests,
whichever comes first.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import random
import re
import time
from collections.abc import Callable
from typing import Any

import gevent
from locust import HttpUser, events, task
from locust.env import Environment
from locust.exception import StopUser

# What the portal prints, read back the way a browser would.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROJECT_LINK = re.compile(r'href="/projects/([\w-]+)/"')
PACK_LINK = re.compile(r'href="/projects/([\w-]+)/pack/"')
PORTFOLIO_LINK = re.compile(r'href="/portfolios/([\w-]+)/"')
PAGE_NUMBER = re.compile(r'aria-label="Page (\d+)"')
ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
COMMITMENT_LINK = re.compile(r'href="/projects/([\w-]+)/commitments/(\d+)/"')
SELECT = re.compile(r'<select name="(\w+)"[^>]*>(.*?)</select>', re.DOTALL)
OPTION = re.compile(r'<option value="([^"]+)"')
PROJECT_DATES = re.compile(r"The project runs from (\d+ \w+ \d{4}) to (\d+ \w+ \d{4})")
ERROR_SUMMARY = 'class="ds_error-summary"'
# A 403 because another user moved the commitment first: see Staff.confirm.
RACED = "403, moved by another"
SIGN_IN = "/accounts/login/"

_requests = 0  # requests so far, for --max-requests


@events.init_command_line_parser.add_listener
def _arguments(parser: Any) -> None:
    parser.add_argument(
        "--demo-password",
        env_var="HEARTBEAT_BENCH_PASSWORD",
        default="heartbeat-demo",
        help="The password seed_demo gave every demo sign-in.",
    )
    parser.add_argument(
        "--leads",
        env_var="HEARTBEAT_BENCH_LEADS",
        default="lead-fife,lead-glasgow-city,lead-highland,lead-dundee-city",
        help="Comma-separated usernames of the council leads to sign in as.",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=20_000,
        help="Stop after this many requests, whatever the run time (0: no cap).",
    )
    parser.add_argument(
        "--think", default="1-3", help="Think time between actions, seconds: MIN-MAX."
    )
    parser.add_argument(
        "--requests-log",
        default="",
        help="Write every request to this CSV file: end time, method, name, "
        "milliseconds, bytes, error.",
    )


_environment: Environment | None = None
_log: Any = None  # a csv.writer on --requests-log


@events.init.add_listener
def _keep(environment: Environment, **kwargs: Any) -> None:
    global _environment, _log
    _environment = environment
    if path := environment.parsed_options.requests_log:
        # Line-buffered: the file is complete however the run ends.
        _log = csv.writer(open(path, "w", newline="", buffering=1))  # noqa: SIM115


@events.request.add_listener
def _cap(
    request_type: str,
    name: str,
    response_time: float,
    response_length: int,
    exception: BaseException | None = None,
    **kwargs: Any,
) -> None:
    """Log the request, and stop the whole run once --max-requests are made."""
    global _requests
    _requests += 1
    environment = _environment
    if environment is None or environment.runner is None:
        return
    if _log is not None:
        # Every request, not locust's rounded histogram: load.py picks its window
        # (after every user has signed in) and computes exact percentiles.
        _log.writerow(
            [
                f"{time.time():.3f}",
                request_type,
                name,
                f"{response_time:.1f}",
                response_length,
                "" if exception is None else str(exception)[:200],
            ]
        )
    cap = environment.parsed_options.max_requests
    if cap and _requests == cap:
        logging.getLogger(__name__).info("--max-requests limit reached, shutting down")
        # Not from this greenlet: quitting kills the users, this one included.
        gevent.spawn(environment.runner.quit)


def today() -> dt.date:
    return dt.date.today()  # noqa: DTZ011  the portal's day, on the same machine


class PortalUser(HttpUser):
    """Signs in, then acts; the helpers judge each response."""

    abstract = True
    username = ""

    def wait_time(self) -> float:
        low, _, high = self.environment.parsed_options.think.partition("-")
        return random.uniform(float(low), float(high or low))

    def on_start(self) -> None:
        self.project_pages = 1  # how many pages the open projects' list has
        self.projects: list[str] = []  # project slugs seen in lists
        self.choices: dict[str, list[str]] = {}  # the list filters' options
        self.home = self.sign_in()

    # Requests

    def get(self, path: str, name: str) -> str | None:
        """GET a page; its HTML, or None once marked a failure."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"status {response.status_code}")
                return None
            if SIGN_IN in response.url and SIGN_IN not in path:
                response.failure("sent to the sign-in page")
                return None
            response.success()
            return response.text

    def post(
        self,
        path: str,
        name: str,
        data: dict[str, str],
        token: str,
        *,
        may_refuse: bool = True,
        raced: Callable[[], bool] | None = None,
    ) -> tuple[str, str | None]:
        """POST a form as a browser would. ("done", where it sends next) on a
        redirect; ("refused", None) on the form shown again with its errors, when
        the form's rules may refuse it, or on a 403 when `raced` finds that someone
        else got there first; ("failed", None) on anything else."""
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": token, **data},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in (301, 302, 303):
                where = response.headers.get("Location", "")
                if where.startswith(SIGN_IN):
                    response.failure("sent to the sign-in page")
                    return "failed", None
                response.success()
                return "done", where
            if (
                may_refuse
                and response.status_code == 200
                and ERROR_SUMMARY in response.text
            ):
                # The designed refusal: counted apart, never as a failure.
                response.request_meta["name"] = f"{name}, refused"
                response.success()
                return "refused", None
            if response.status_code == 403 and raced is not None and raced():
                response.request_meta["name"] = f"{name}, {RACED}"
                response.success()
                return "refused", None
            again = " (the form again)" if response.status_code == 200 else ""
            response.failure(f"status {response.status_code}{again}")
            return "failed", None

    def form(self, path: str, name: str) -> tuple[str, str] | None:
        """GET a form: its HTML and CSRF token."""
        page = self.get(path, name)
        if page is None:
            return None
        token = CSRF.search(page)
        if token is None:
            self.fail(name, path, "no CSRF token in the form")
            return None
        return page, token.group(1)

    def fail(self, name: str, path: str, why: str) -> None:
        """Report a failure found in a page already counted as a success."""
        events.request.fire(
            request_type="CHECK",
            name=f"{name}: check",
            response_time=0,
            response_length=0,
            exception=AssertionError(f"{why}: {path}"),
            context={},
        )

    def sign_in(self) -> str:
        """Sign in through the form; the path of this role's home page."""
        signed_in = self.form(SIGN_IN, "sign-in page")
        if signed_in is not None:
            outcome, where = self.post(
                SIGN_IN,
                "sign in (POST)",
                {
                    "username": self.username,
                    "password": self.environment.parsed_options.demo_password,
                },
                signed_in[1],
                may_refuse=False,  # the password is right: a refusal is an error
            )
            if outcome == "done" and where:
                with self.client.get(
                    where, name="home", allow_redirects=False, catch_response=True
                ) as response:
                    if response.status_code == 302:
                        response.success()
                        return response.headers["Location"]
                    response.failure(f"status {response.status_code}")
        # Never try again: a wrong password five times locks the sign-in out.
        raise StopUser()

    # What people read

    def project_list(self, filtered: bool) -> None:
        """A page of the project list, with filters chosen from its own form."""
        query: dict[str, str] = {}
        if filtered and self.choices:
            for field in random.sample(
                sorted(self.choices), k=min(2, len(self.choices))
            ):
                query[field] = random.choice(self.choices[field])
            if random.random() < 0.2:
                query["q"] = random.choice(["data", "digital", "care", "service"])
        else:
            query["state"] = "active"
            query["page"] = str(random.randint(1, self.project_pages))
        path = "/projects/?" + "&".join(f"{k}={v}" for k, v in query.items())
        page = self.get(path, "project list, filtered" if filtered else "project list")
        if page is None:
            return
        if not self.choices:
            self.choices = {
                field: OPTION.findall(options)
                for field, options in SELECT.findall(page)
            }
            self.choices = {k: v for k, v in self.choices.items() if v}
        if not filtered:
            self.project_pages = max(
                [self.project_pages, *map(int, PAGE_NUMBER.findall(page))]
            )
        if slugs := PROJECT_LINK.findall(page):
            self.projects = slugs

    def project(self) -> str | None:
        """A project page, from the last list read; its HTML."""
        if not self.projects:
            self.project_list(filtered=False)
        if not self.projects:
            return None
        slug = random.choice(self.projects)
        return self.get(f"/projects/{slug}/", "project page")

    def dashboard(self) -> None:
        self.get("/dashboard/", "dashboard")


class Executive(PortalUser):
    """Board members and chief executives: dashboards, portfolios, lists, exports."""

    # Of 20 users, 6 executives, 4 staff and 10 leads: the councils' officers are
    # the most numerous readers, the programme team the fewest.
    weight = 3
    username = "executive"

    def on_start(self) -> None:
        super().on_start()
        self.portfolios: list[str] = []

    @task(6)
    def read_dashboard(self) -> None:
        self.dashboard()

    @task(3)
    def dashboard_by_portfolio(self) -> None:
        if not self.portfolios:
            self.read_portfolios()
        if self.portfolios:
            slug = random.choice(self.portfolios)
            self.get(f"/dashboard/?portfolio={slug}", "dashboard ?portfolio")

    @task(2)
    def dashboard_as_at(self) -> None:
        # A day of the past year, the way an executive types it.
        day = today() - dt.timedelta(days=random.choice([7, 28, 91, 182, 364]))
        query = f"as_at={day:%d/%m/%Y}"
        if self.portfolios and random.random() < 0.3:
            query += f"&portfolio={random.choice(self.portfolios)}"
        self.get(f"/dashboard/?{query}", "dashboard ?as_at")

    @task(3)
    def read_portfolios(self) -> None:
        page = self.get("/portfolios/", "portfolio list")
        if page is None:
            return
        self.portfolios = PORTFOLIO_LINK.findall(page)
        if self.portfolios:
            slug = random.choice(self.portfolios)
            if portfolio := self.get(f"/portfolios/{slug}/", "portfolio page"):
                self.projects = PROJECT_LINK.findall(portfolio) or self.projects

    @task(3)
    def filter_projects(self) -> None:
        self.project_list(filtered=bool(self.choices) and random.random() < 0.8)

    @task(2)
    def read_project(self) -> None:
        self.project()

    @task(1)
    def export(self) -> None:
        if self.get("/exports/", "exports page") is None:
            return
        query = ""
        if self.portfolios and random.random() < 0.5:
            query = f"?portfolio={random.choice(self.portfolios)}"
        self.get(f"/exports/projects.csv{query}", "export projects.csv")


class Staff(PortalUser):
    """The Digital Office's programme team: projects, pulses, confirmations."""

    weight = 2
    username = "staff"

    @task(6)
    def browse_projects(self) -> None:
        self.project_list(filtered=bool(self.choices) and random.random() < 0.3)
        self.project()

    @task(2)
    def read_dashboard(self) -> None:
        self.dashboard()

    @task(1)
    def record_pulse(self) -> None:
        self.project_list(filtered=False)  # open projects only
        if not self.projects:
            return
        slug = random.choice(self.projects)
        path = f"/projects/{slug}/pulse/"
        form = self.form(path, "pulse form")
        if form is None:
            return
        page, token = form
        # The form offers today as the portal counts it.
        day = re.search(r'name="reported_on" value="([^"]+)"', page)
        outcome, where = self.post(
            path,
            "pulse (POST)",
            {
                "reported_on": day.group(1) if day else f"{today():%d/%m/%Y}",
                "rag_status": random.choice(["green", "green", "amber", "red"]),
                "commentary": "On track after the monthly check-in with councils.",
            },
            token,
        )
        if outcome == "done" and where:
            self.get(where, "project page")

    @task(1)
    def confirm(self) -> None:
        """Confirm a proposed commitment found on an open project's page."""
        self.project_list(filtered=False)
        for _ in range(3):
            page = self.project()
            if page is None:
                return
            proposed = [
                COMMITMENT_LINK.search(row).groups()
                for row in ROW.findall(page)
                if "ds_tag--yellow" in row and COMMITMENT_LINK.search(row)
            ]
            if proposed:
                break
        else:
            return
        slug, pk = random.choice(proposed)
        commitment = f"/projects/{slug}/commitments/{pk}/"
        path = f"{commitment}confirmed/"
        page = self.get(commitment, "commitment page")
        if page is None or f'href="{path}"' not in page:
            return  # no longer proposed: the page offers no Confirm

        def raced() -> bool:
            """Whether the commitment's page no longer offers Confirm."""
            page = self.get(commitment, "commitment page")
            return page is not None and f'href="{path}"' not in page

        # Two staff users can pick the same commitment. The one who comes second
        # gets a 403 (the move is no longer allowed), not the form's "someone else
        # changed this commitment": counted apart, as the refusal it is.
        with self.client.get(path, name="confirm form", catch_response=True) as form:
            if form.status_code == 403 and raced():
                form.request_meta["name"] = f"confirm form, {RACED}"
                form.success()
                return
            if form.status_code >= 400:
                form.failure(f"status {form.status_code}")
                return
            form.success()
            page = form.text
        token = CSRF.search(page)
        version = re.search(r'name="version" value="(\d+)"', page)
        if token is None or version is None:
            self.fail("confirm form", path, "no CSRF token or version in the form")
            return
        outcome, where = self.post(
            path,
            "confirm (POST)",
            {"reason": "Agreed at the programme board.", "version": version.group(1)},
            token.group(1),
            raced=raced,
        )
        if outcome == "done" and where:
            self.get(where, "commitment page")


class CouncilLead(PortalUser):
    """A council's named officer: their council, its projects, packs, commitments."""

    weight = 5

    def on_start(self) -> None:
        leads = self.environment.parsed_options.leads.split(",")
        self.username = random.choice([lead for lead in leads if lead])
        super().on_start()
        self.recruiting: list[str] = []  # packs of projects not joined yet
        self.joined: list[str] = []  # projects the council takes part in
        self.read_council()

    @task(4)
    def read_council(self) -> None:
        page = self.get(self.home, "council page")
        if page is None:
            return
        self.recruiting = PACK_LINK.findall(page)
        # Project links on the council page are the projects it takes part in.
        self.joined = PROJECT_LINK.findall(page)

    @task(3)
    def read_project(self) -> None:
        if self.joined:
            self.get(f"/projects/{random.choice(self.joined)}/", "project page")
        else:
            self.project()

    @task(3)
    def read_pack(self) -> None:
        if self.recruiting:
            self.get(f"/projects/{random.choice(self.recruiting)}/pack/", "pack")

    @task(1)
    def read_pack_pdf(self) -> None:
        if self.recruiting and random.random() < 0.5:
            slug = random.choice(self.recruiting)
            self.get(f"/projects/{slug}/pack.pdf", "pack PDF")

    @task(1)
    def propose_commitment(self) -> None:
        """Propose through the form: on a project the council takes part in, or by
        joining a recruiting one from its pack first."""
        if self.recruiting and (not self.joined or random.random() < 0.4):
            slug = random.choice(self.recruiting)
            pack = self.get(f"/projects/{slug}/pack/", "pack")
            if pack is None:
                return
            token = CSRF.search(pack)
            if f'action="/projects/{slug}/join/"' not in pack or token is None:
                return  # taking part already: the pack links to the form instead
            outcome, where = self.post(
                f"/projects/{slug}/join/", "join (POST)", {}, token.group(1)
            )
            if outcome != "done" or where != f"/projects/{slug}/commit/":
                return  # refused, with a message on the pack: designed, not an error
            self.joined.append(slug)
        elif self.joined:
            slug = random.choice(self.joined)
            project = self.get(f"/projects/{slug}/", "project page")
            if project is None or f'href="/projects/{slug}/commit/"' not in project:
                return  # closed: it takes no commitments, and offers no form
        else:
            return
        path = f"/projects/{slug}/commit/"
        form = self.form(path, "commit form")
        if form is None:
            return
        page, token = form
        dates = PROJECT_DATES.search(page)
        if dates is None:
            self.fail("commit form", path, "no project dates on the form")
            return
        # Calendar days as printed ("1 April 2026"): no time, so no time zone.
        starts, ends = (
            dt.datetime.strptime(d, "%d %B %Y").date()  # noqa: DTZ007
            for d in dates.groups()
        )
        outcome, where = self.post(
            path, "commit (POST)", self.terms(starts, ends), token
        )
        if outcome == "done" and where:
            self.get(where, "commitment page")

    def terms(self, starts: dt.date, ends: dt.date) -> dict[str, str]:
        """What a lead types: a period inside the project's dates, usually right;
        now and then a mistake the form refuses (too many days, an end before the
        start)."""
        first = starts + dt.timedelta(
            days=random.randint(0, max(0, (ends - starts).days))
        )
        last = min(ends, first + dt.timedelta(days=random.randint(20, 120)))
        kind = random.choice(["people", "people", "money", "in_kind"])
        data = {
            "kind": kind,
            "starts_on": f"{first:%d/%m/%Y}",
            "ends_on": f"{last:%d/%m/%Y}",
            "description": "Agreed with our head of service.",
            "role": "",
            "person_days": "",
            "amount": "",
        }
        if kind == "people":
            data["role"] = random.choice(
                ["Service designer", "Data analyst", "Developer"]
            )
            data["person_days"] = str(random.randint(1, 10))
        elif kind == "money":
            data["amount"] = str(random.choice([2500, 5000, 10000, 25000]))
        else:
            data["role"] = random.choice(["Meeting rooms", "User research panel"])
        if random.random() < 0.15:
            if kind == "people":
                data["person_days"] = "5000"
            else:
                data["starts_on"], data["ends_on"] = data["ends_on"], data["starts_on"]
                if first == last:
                    data["ends_on"] = f"{first - dt.timedelta(days=1):%d/%m/%Y}"
        return data
