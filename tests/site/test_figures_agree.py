"""The same figure shows the same number on every page (issue 12).

A programme board reads the dashboard, the portfolio and council pages, the lists,
the project pages and the exports side by side; at the first mismatch it trusts none
of them. This test reads them all, as a person would, from a portal running in its
own processes on the demo data, and checks that each figure agrees everywhere: for
the programme, each portfolio, each vision objective and each council, the projects
in flight and stalled, the councils taking part, the person-days and money
committed, and coverage.

It checks before and after each kind of change a person makes (a pulse on a stalled
project, a confirmation, a gate review, an edit in the admin) without anyone running
`compute_metrics`: the figures must follow by themselves, in the embedded default
(SQLite, tasks in-process, the dev server) and in the production shape (PostgreSQL,
Redis, gunicorn and a Celery worker).

Pages mark each figure with `<data data-figure=... value=...>`, the exact value
beside the rounded one people read; per-project facts are summed here as a board
member would sum them by hand.
"""

import csv
import html
import io
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from portfolios.coverage import overall_share
from tests.conftest import require
from tests.servers import OwnRedis, free_port, fresh_postgres, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "figures-agree-only"
IN_FLIGHT = ("In flight", "In flight, stalled")


# Reading pages ------------------------------------------------------------------


@dataclass
class Form:
    action: str
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)


class PageParser(HTMLParser):
    """The figures, links, forms and select options of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[dict] = []  # each <data class="hb-datum">: attrs and text
        self.links: list[tuple[str, dict[str, str]]] = []
        self.forms: list[Form] = []
        self.options: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.marked: list[dict[str, str]] = []  # elements with data-taking-part etc.
        self._datum: dict | None = None
        self._select: tuple[str, bool, list] | None = None  # name, multiple, options
        self._option: list | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = {k: v or "" for k, v in attrs}
        if any(k in attrs for k in ("data-taking-part", "data-objective")):
            self.marked.append(attrs)
        if tag == "data" and "hb-datum" in attrs.get("class", ""):
            self._datum = {**attrs, "text": ""}
        elif tag == "a" and "href" in attrs:
            self.links.append((attrs["href"], attrs))
        elif tag == "form":
            self.forms.append(Form(attrs.get("action", ""), attrs))
        elif not self.forms or "name" not in attrs:
            if tag == "option" and self._select is not None:
                self._option = [attrs.get("value"), "selected" in attrs, ""]
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                self.options[attrs["name"]].append((attrs.get("value", "on"), ""))
                if "checked" not in attrs:
                    return
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            self.forms[-1].fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = (attrs["name"], "multiple" in attrs, [])

    def handle_data(self, data: str) -> None:
        if self._datum is not None:
            self._datum["text"] += data
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "data" and self._datum is not None:
            self.data.append(self._datum)
            self._datum = None
        elif tag == "option" and self._option is not None and self._select:
            value, selected, text = self._option
            self._select[2].append(
                (text.strip() if value is None else value, selected, text.strip())
            )
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.forms[-1].fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            self.options[name] = [(value, text) for value, _, text in options]
            chosen = [value for value, selected, _ in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            if self.forms:
                self.forms[-1].fields += [(name, value) for value in chosen]
            self._select = None


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is an answer to look at


class Visitor:
    """A person signed in to a portal running in another process."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def fetch(
        self, path: str, data: list[tuple[str, str]] | None = None
    ) -> tuple[int, dict[str, str], str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, path: str) -> str:
        status, _, page = self.fetch(path)
        assert status == 200, f"GET {path} answered {status}: {page[:300]}"
        return page

    def submit(
        self,
        path: str,
        changes: dict[str, str | list[str] | None],
        *,
        form_id: str | None = None,
        extra: list[tuple[str, str]] = (),
    ) -> tuple[int, str]:
        """Open the page, fill its form as a person would (what is set stays set),
        change some fields and send it. Returns the status and where it leads."""
        forms = [
            form
            for form in parse(self.get(path)).forms
            if any(name == "csrfmiddlewaretoken" for name, _ in form.fields)
            and (form_id is None or form.attrs.get("id") == form_id)
        ]
        assert forms, f"no form to send on {path}"
        form = max(forms, key=lambda f: len(f.fields))
        fields = [(n, v) for n, v in form.fields if n not in changes]
        for name, value in changes.items():
            if value is None:
                continue
            values = value if isinstance(value, list) else [value]
            fields += [(name, v) for v in values]
        target = form.action or path
        status, headers, page = self.fetch(target, [*fields, *extra])
        assert status in (200, 302), f"POST {target} answered {status}: {page[:500]}"
        if status == 200:  # sent back: say what the form objected to
            errors = re.findall(r'class="ds_question__error-message"[^>]*>(.*?)<', page)
            summary = re.findall(r"ds_error-summary__list.*?</ul>", page, re.S)
            raise AssertionError(f"{target} refused the form: {errors or summary}")
        return status, headers.get("Location", "")

    def sign_in(self, username: str) -> None:
        status, where = self.submit(
            "/accounts/login/", {"username": username, "password": PASSWORD}
        )
        assert status == 302, "sign-in failed"
        assert "/accounts/login/" not in where, "sign-in failed"

    def csv(self, path: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.get(path).lstrip("\ufeff"))))


# What the pages say -------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    scope: str  # "programme", "portfolio:<slug>", "objective:<slug>", "council:<slug>"
    figure: str
    value: float
    where: str


def _number(text: str) -> float | None:
    return None if text in ("", "None") else float(text)


def datums(page: str, where: str, scope: str = "programme") -> Iterator[Reading]:
    """The page's marked figures; a figure without a scope of its own is the page's.
    A list's count of results is only read where the test asks for it."""
    for datum in parse(page).data:
        value = _number(datum.get("value", ""))
        if value is None or datum["data-figure"] in ("state", "results"):
            continue
        yield Reading(
            datum.get("data-scope") or scope, datum["data-figure"], value, where
        )


def results(page: str) -> float:
    """How many rows a list says match its filters."""
    (count,) = [d["value"] for d in parse(page).data if d["data-figure"] == "results"]
    return float(count)


@dataclass
class ProjectFacts:
    slug: str
    portfolio: str
    objectives: list[str]
    state: str
    councils: list[str]
    needed_days: float = 0
    covered_days: float = 0
    needed_money: float = 0
    covered_money: float = 0
    committed_days: float = 0
    committed_money: float = 0

    @property
    def in_flight(self) -> bool:
        return self.state in ("in_flight", "stalled")


def project_facts(visitor: Visitor, slug: str) -> ProjectFacts:
    page = visitor.get(f"/projects/{slug}/")
    parsed = parse(page)
    figures = {d["data-figure"]: d.get("value", "") for d in parsed.data}
    portfolio = next(
        m.group(1)
        for href, _ in parsed.links
        if (m := re.fullmatch(r"/portfolios/([\w-]+)/", href))
    )
    facts = ProjectFacts(
        slug=slug,
        portfolio=portfolio,
        objectives=[
            m["data-objective"] for m in parsed.marked if "data-objective" in m
        ],
        state=figures["state"],
        councils=[
            m["data-taking-part"] for m in parsed.marked if "data-taking-part" in m
        ],
    )
    for name, attr in (
        ("days-needed", "needed_days"),
        ("days-covered", "covered_days"),
        ("money-needed", "needed_money"),
        ("money-covered", "covered_money"),
        ("committed-days", "committed_days"),
        ("committed-money", "committed_money"),
    ):
        setattr(facts, attr, _number(figures.get(name, "")) or 0)
    return facts


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def sums_of(projects: list[ProjectFacts], scope: str, where: str) -> Iterator[Reading]:
    """A scope's figures as a board member would add them up from project pages."""
    flying = [p for p in projects if p.in_flight]
    yield Reading(scope, "projects-in-flight", len(flying), where)
    yield Reading(
        scope, "projects-stalled", sum(p.state == "stalled" for p in flying), where
    )
    yield Reading(
        scope,
        "councils-taking-part",
        len({c for p in flying for c in p.councils}),
        where,
    )
    yield Reading(
        scope, "committed-days", sum(p.committed_days for p in projects), where
    )
    yield Reading(
        scope, "committed-money", sum(p.committed_money for p in projects), where
    )
    people = _share(
        sum(p.covered_days for p in flying), sum(p.needed_days for p in flying)
    )
    money = _share(
        sum(p.covered_money for p in flying), sum(p.needed_money for p in flying)
    )
    for name, share in (
        ("coverage-people", people),
        ("coverage-money", money),
        ("coverage", overall_share(people, money)),
    ):
        if share is not None:
            yield Reading(scope, name, share, where)


@dataclass
class Names:
    """Slugs of the programme's portfolios, objectives, councils and projects, with
    the names the exports use."""

    portfolios: dict[str, str]  # name -> slug
    objectives: dict[str, str]
    councils: dict[str, str]  # short name -> slug
    projects: list[str]

    @classmethod
    def read(cls, visitor: Visitor) -> "Names":
        listing = parse(visitor.get("/projects/"))
        projects, page = [], 1
        while True:
            found = [
                m.group(1)
                for href, _ in parse(visitor.get(f"/projects/?page={page}")).links
                if (m := re.fullmatch(r"/projects/(?!new/)([\w-]+)/", href))
            ]
            new = [slug for slug in found if slug not in projects]
            if not new:
                break
            projects += new
            page += 1
        councils = {
            html.unescape(name.strip()): slug
            for slug, name in re.findall(
                r'<td><a href="/councils/([\w-]+)/">([^<]+)</a></td>',
                visitor.get("/councils/"),
            )
        }
        return cls(
            portfolios={
                text: value for value, text in listing.options["portfolio"] if value
            },
            objectives={
                text: value for value, text in listing.options["objective"] if value
            },
            councils=councils,
            projects=projects,
        )


def read_everything(visitor: Visitor, names: Names) -> list[Reading]:
    """Every figure of every scope, from every page that shows it."""
    readings: list[Reading] = []
    add = readings.extend
    # Project pages, summed per scope as a person would.
    projects = [project_facts(visitor, slug) for slug in names.projects]
    add(sums_of(projects, "programme", "project pages"))
    for slug in names.portfolios.values():
        mine = [p for p in projects if p.portfolio == slug]
        add(sums_of(mine, f"portfolio:{slug}", "project pages"))
    for slug in names.objectives.values():
        mine = [p for p in projects if slug in p.objectives]
        add(sums_of(mine, f"objective:{slug}", "project pages"))
    for council in names.councils.values():
        mine = [p for p in projects if p.in_flight and council in p.councils]
        readings.append(
            Reading(
                f"council:{council}", "projects-taking-part", len(mine), "project pages"
            )
        )
    # The dashboard, for the programme and filtered by each portfolio and objective.
    # (Its grid totals each council's projects and days over the portfolios.)
    add(datums(visitor.get("/dashboard/"), "dashboard"))
    for kind, slugs in (
        ("portfolio", names.portfolios),
        ("objective", names.objectives),
    ):
        for slug in slugs.values():
            page = visitor.get(f"/dashboard/?{kind}={slug}")
            add(
                r
                for r in datums(page, f"dashboard ?{kind}", f"{kind}:{slug}")
                if r.scope == f"{kind}:{slug}"
            )
    # Portfolio list and pages, council list and pages.
    add(datums(visitor.get("/portfolios/"), "portfolio list"))
    for slug in names.portfolios.values():
        page = visitor.get(f"/portfolios/{slug}/")
        add(
            r
            for r in datums(page, "portfolio page", f"portfolio:{slug}")
            if r.scope == f"portfolio:{slug}"
        )
    add(datums(visitor.get("/councils/"), "council list"))
    for slug in names.councils.values():
        page = visitor.get(f"/councils/{slug}/")
        add(
            r
            for r in datums(page, "council page", f"council:{slug}")
            if r.scope == f"council:{slug}"
        )
    # The project list, filtered as a person would filter it.
    scopes = [("programme", "")] + [
        (f"{kind}:{slug}", f"&{kind}={slug}")
        for kind, slugs in (
            ("portfolio", names.portfolios),
            ("objective", names.objectives),
        )
        for slug in slugs.values()
    ]
    for scope, query in scopes:
        for state, figure in (
            ("in_flight", "projects-in-flight"),
            ("stalled", "projects-stalled"),
        ):
            page = visitor.get(f"/projects/?state={state}{query}")
            readings.append(Reading(scope, figure, results(page), "project list"))
        if scope.startswith("portfolio:"):
            page = visitor.get(f"/projects/?state=in_flight&rag=red{query}")
            readings.append(
                Reading(scope, "projects-red", results(page), "project list")
            )
    # The exports.
    rows = visitor.csv("/exports/projects.csv")
    by_scope: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_scope["programme"].append(row)
        by_scope[f"portfolio:{names.portfolios[row['Portfolio']]}"].append(row)
        for objective in filter(None, row["Vision objectives"].split(", ")):
            by_scope[f"objective:{names.objectives[objective]}"].append(row)
    for scope, mine in by_scope.items():
        flying = [r for r in mine if r["State"] in IN_FLIGHT]

        def total(column: str, rows: list[dict] = flying) -> float:
            return sum(float(r[column] or 0) for r in rows)

        add(
            [
                Reading(scope, "projects-in-flight", len(flying), "projects export"),
                Reading(
                    scope,
                    "projects-stalled",
                    sum(r["State"] == "In flight, stalled" for r in flying),
                    "projects export",
                ),
                Reading(
                    scope,
                    "committed-days",
                    total("Person-days committed", mine),
                    "projects export",
                ),
                Reading(
                    scope,
                    "committed-money",
                    total("Money committed (£)", mine),
                    "projects export",
                ),
            ]
        )
        for figure, part, whole in (
            ("coverage-people", "Person-days covered", "Person-days needed"),
            ("coverage-money", "Money covered (£)", "Money needed (£)"),
        ):
            if total(whole):
                readings.append(
                    Reading(
                        scope, figure, total(part) / total(whole), "projects export"
                    )
                )
    committed: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in visitor.csv("/exports/commitments.csv"):
        if row["Status"] in ("confirmed", "fulfilled"):
            mine = committed[names.councils[row["Council"]]]
            mine[0] += float(row["Person-days"] or 0)
            mine[1] += float(row["Money (£)"] or 0)
    for slug in names.councils.values():
        days, money = committed[slug]
        readings.append(
            Reading(f"council:{slug}", "committed-days", days, "commitments export")
        )
        readings.append(
            Reading(f"council:{slug}", "committed-money", money, "commitments export")
        )
    readings.append(
        Reading(
            "programme",
            "committed-days",
            sum(v[0] for v in committed.values()),
            "commitments export",
        )
    )
    return readings


def disagreements(readings: list[Reading]) -> list[str]:
    """Each figure that two pages give differently, with what each page says."""
    grouped: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for reading in readings:
        grouped[reading.scope, reading.figure].append(reading)
    problems = []
    for (scope, figure), found in sorted(grouped.items()):
        first = found[0].value
        if not all(
            math.isclose(r.value, first, rel_tol=1e-9, abs_tol=1e-6) for r in found
        ):
            said = ", ".join(f"{r.where} {r.value:g}" for r in found)
            problems.append(f"{scope} {figure}: {said}")
    return problems


def wait_until_agreed(visitor: Visitor, names: Names, seconds: float) -> list[Reading]:
    """Read everything until the figures agree (they follow a change within the
    configured delay); fail with what still disagrees."""
    deadline = time.monotonic() + seconds
    while True:
        readings = read_everything(visitor, names)
        problems = disagreements(readings)
        if not problems:
            return readings
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{len(problems)} figures disagree:\n" + "\n".join(problems[:40])
            )
        time.sleep(1)


def value(readings: list[Reading], scope: str, figure: str) -> float:
    return next(r.value for r in readings if r.scope == scope and r.figure == figure)


# The changes a person makes -----------------------------------------------------


def first_project(visitor: Visitor, query: str) -> str:
    page = visitor.get(f"/projects/?{query}")
    return next(
        m.group(1)
        for href, _ in parse(page).links
        if (m := re.fullmatch(r"/projects/(?!new/)([\w-]+)/", href))
    )


def report_a_pulse_on_a_stalled_project(visitor: Visitor) -> str:
    slug = first_project(visitor, "state=stalled")
    visitor.submit(
        f"/projects/{slug}/pulse/",
        {"rag_status": "green", "commentary": "Back on track after the cohort met."},
    )
    state = parse(visitor.get(f"/projects/{slug}/")).data
    assert any(d.get("value") == "in_flight" for d in state), "still stalled"
    return slug


def confirm_a_proposed_commitment(visitor: Visitor) -> str:
    for slug in re.findall(
        r'href="/projects/(?!new/)([\w-]+)/"', visitor.get("/projects/?state=in_flight")
    ):
        page = visitor.get(f"/projects/{slug}/")
        proposed = re.search(
            r'href="(/projects/[\w-]+/commitments/\d+/)"[^<]*</a></td>\s*<td>[^<]*</td>\s*'
            r"<td>\s*<strong[^>]*>Proposed",
            page,
        )
        if proposed:
            visitor.submit(f"{proposed.group(1)}confirmed/", {})
            return proposed.group(1)
    raise AssertionError("no proposed commitment to confirm")


def close_a_project_at_its_gate(visitor: Visitor) -> str:
    slug = first_project(visitor, "state=in_flight&rag=amber")
    visitor.submit(
        f"/projects/{slug}/review/",
        {
            "decision": "close",
            "rationale": "The cohort agreed to stop: the need is met elsewhere.",
            "override": "on",
            "override_reason": "Closed early by the programme board.",
        },
    )
    return slug


def move_a_project_in_the_admin(visitor: Visitor, names: Names) -> str:
    """Staff move an in-flight project to another portfolio and retag it, in the
    admin: both portfolios and the objectives it leaves and joins must follow."""
    slug = first_project(visitor, "state=in_flight")
    words = urllib.parse.quote(slug.replace("-", " "))
    listing = visitor.get(f"/admin/portfolios/project/?q={words}")
    change = re.search(r'href="(/admin/portfolios/project/\d+/change/)[^"]*"', listing)
    assert change, "the project is not in the admin list"
    form = parse(visitor.get(change.group(1)))
    current = dict(f for form_ in form.forms for f in form_.fields)["portfolio"]
    other = next(
        value for value, _ in form.options["portfolio"] if value and value != current
    )
    objectives = [
        value for value, _ in form.options.get("vision_objectives", []) if value
    ]
    visitor.submit(
        change.group(1),
        {"portfolio": other, "vision_objectives": objectives[:1] or None},
        form_id="project_form",
    )
    return slug


# The two shapes -----------------------------------------------------------------


def _base_env(folder: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "digital_office.settings",
        "HEARTBEAT_VAR_DIR": str(folder),
        "EMAIL_URL": "consolemail://",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def _start(
    name: str, args: list[str], env: dict[str, str], folder: Path
) -> subprocess.Popen:
    log = (folder / f"{name}.log").open("a")
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def embedded_portal(tmp_path: Path) -> Iterator[str]:
    """The embedded default exactly as `dev.py serve` runs it: no environment but
    its folder, SQLite, tasks in-process, the dev server."""
    env = _base_env(tmp_path)
    _manage(env, "migrate", "--no-input")
    _manage(env, "seed_demo", "--password", PASSWORD, "--history", "1")
    port = free_port()
    server = _start(
        "runserver",
        ["manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env,
        tmp_path,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server, tmp_path / "runserver.log")
        yield url
    finally:
        _stop([server])


@pytest.fixture
def production_portal(tmp_path: Path) -> Iterator[str]:
    """The production shape: PostgreSQL, its own Redis, gunicorn and a worker."""
    database = os.environ.get("DATABASE_URL", "")
    require(
        "PostgreSQL (DATABASE_URL)",
        database.startswith(("postgres://", "postgresql://")),
    )
    require("redis-server on the PATH", shutil.which("redis-server") is not None)
    redis = OwnRedis(tmp_path)
    redis.start()
    port = free_port()
    env = {
        **_base_env(tmp_path),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "figures-agree-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": fresh_postgres(database, "heartbeat_figures"),
        "REDIS_URL": redis.url,
        "HEARTBEAT_METRICS_DELAY_SECONDS": "1",
        "HEARTBEAT_BASE_URL": f"http://127.0.0.1:{port}",
    }
    processes = []
    try:
        _manage(env, "migrate", "--no-input")
        _manage(env, "seed_demo", "--password", PASSWORD, "--history", "1")
        _manage(env, "collectstatic", "--no-input")
        processes.append(
            _start(
                "worker",
                [
                    "-m",
                    "celery",
                    "-A",
                    "digital_office",
                    "worker",
                    "--pool",
                    "solo",
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel",
                    "INFO",
                ],
                env,
                tmp_path,
            )
        )
        server = _start(
            "gunicorn",
            [
                "-m",
                "gunicorn",
                "digital_office.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            env,
            tmp_path,
        )
        processes.append(server)
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, server, tmp_path / "gunicorn.log")
        yield url
    finally:
        _stop(processes)
        redis.stop()


def figures_follow_every_change(url: str, follow_within: float) -> None:
    staff = Visitor(url)
    staff.sign_in("staff")
    names = Names.read(staff)
    before = wait_until_agreed(staff, names, 0)
    sources = Counter((r.scope, r.figure) for r in before)
    compared = {key for key, count in sources.items() if count > 1}
    # Every scope's figures are read from at least two places.
    for scope in (
        "programme",
        *(f"portfolio:{slug}" for slug in names.portfolios.values()),
        *(f"objective:{slug}" for slug in names.objectives.values()),
    ):
        for figure in (
            "projects-in-flight",
            "projects-stalled",
            "councils-taking-part",
            "committed-days",
            "committed-money",
            "coverage-people",
        ):
            assert (scope, figure) in compared, f"{scope} {figure} is read once"
    for slug in names.councils.values():
        for figure in ("projects-taking-part", "committed-days", "committed-money"):
            assert (f"council:{slug}", figure) in compared, f"{slug} {figure}"

    changes: list[tuple[str, Callable[[], str]]] = [
        (
            "a pulse on a stalled project",
            lambda: report_a_pulse_on_a_stalled_project(staff),
        ),
        ("a confirmation", lambda: confirm_a_proposed_commitment(staff)),
        (
            "a gate review that closes a project",
            lambda: close_a_project_at_its_gate(staff),
        ),
        ("an edit in the admin", lambda: move_a_project_in_the_admin(staff, names)),
    ]
    for what, change in changes:
        change()
        try:
            after = wait_until_agreed(staff, names, follow_within)
        except AssertionError as failure:
            raise AssertionError(f"after {what}: {failure}") from None
        assert after != before, f"{what} changed no figure"
        before = after


def test_figures_agree_in_the_embedded_default(embedded_portal: str) -> None:
    figures_follow_every_change(embedded_portal, follow_within=30)


def test_figures_agree_in_the_production_shape(production_portal: str) -> None:
    figures_follow_every_change(production_portal, follow_within=60)
