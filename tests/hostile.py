"""What the hostile-input tests share: hostile values and how each test checks a page.

Bad input anywhere gets a clear message or a 404, never a 500 (DESIGN §7). The tests
(one file per app: tests/<app>/test_hostile_input.py) are property-based: hypothesis
throws hostile text (markup, control characters, NUL, 10,000 characters),
type-confused numbers and impossible dates at every form and every query-string
filter, and forged fields the forms do not expose. Each page must answer without a
server error (the test client re-raises one), never echo markup unescaped, save
nothing from a form it sends back with errors, and apply no forged field. Each
example runs in a savepoint rolled back at its end (`rolled_back()`), so examples
share the test's world (tests/worlds.py) without leaking into each other.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from django import forms
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from councils.models import User
from metrics.caching import new_generation

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


def query(fields: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict]:
    """Any subset of the filters, each valid or hostile, and a hostile page number."""
    return st.fixed_dictionaries({}, optional={**fields, "page": hostile_number})
