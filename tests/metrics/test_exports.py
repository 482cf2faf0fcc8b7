import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metrics.exports import neutralise
from metrics.services import recompute_day
from tests.metrics.conftest import DAY


def url(dataset: str, fmt: str) -> str:
    return reverse("metrics:export", args=[dataset, fmt])


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    "value",
    ["=1+2", "+44 131", "-3", "@SUM(A1)", "\t=cmd", '=HYPERLINK("x")'],
)
def test_formulas_are_neutralised(value) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise(5) == 5
    assert neutralise("Fife") == "Fife"


def test_projects_export_as_csv_with_filters(staff_client, programme) -> None:
    programme["p1"].name = '=HYPERLINK("http://evil")'
    programme["p1"].save()
    rows = read_csv(staff_client.get(url("projects", "csv")))
    assert rows[0][:2] == ["Project", "Portfolio"]
    assert len(rows) == 1 + 3
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    only_b = read_csv(staff_client.get(url("projects", "csv"), {"portfolio": "b"}))
    assert len(only_b) == 2


def test_commitments_export_as_excel(executive_client, programme) -> None:
    response = executive_client.get(url("commitments", "xlsx"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Project", "Council")
    assert len(rows) == 1 + 5
    assert {row[1] for row in rows[1:]} == {"Fife", "Highland"}
    money = rows[0].index("Money (£)")
    amounts = sorted(row[money] for row in rows[1:] if row[money] is not None)
    assert amounts == [4000.0]


def test_benefits_export_honours_the_as_at_day(staff_client, programme) -> None:
    rows = read_csv(staff_client.get(url("benefits", "csv"), {"as_at": "30/06/2026"}))
    assert rows[1][1] == "Hours saved"
    assert rows[1][4] == "200.0"


def test_metrics_export_for_a_scope(staff_client, programme) -> None:
    recompute_day(DAY)
    rows = read_csv(staff_client.get(url("metrics", "csv"), {"portfolio": "a"}))
    assert rows[0][:3] == ["Date", "Metric", "Key"]
    assert {row[3] for row in rows[1:]} == {"portfolio"}
    running = [row for row in rows[1:] if row[1] == "projects_running"]
    assert running[0][5] == "2.0"


def test_leads_cannot_export(lead_client, programme) -> None:
    assert lead_client.get(reverse("metrics:exports")).status_code == 403
    assert lead_client.get(url("projects", "csv")).status_code == 403


@pytest.mark.parametrize(
    ("dataset", "fmt", "query"),
    [
        ("secrets", "csv", {}),
        ("projects", "pdf", {}),
        ("projects", "csv", {"portfolio": "atlantis"}),
    ],
)
def test_unknown_exports_are_404(staff_client, programme, dataset, fmt, query) -> None:
    assert staff_client.get(url(dataset, fmt), query).status_code == 404


def test_the_exports_page_keeps_the_filters_in_its_links(staff_client, programme):
    page = staff_client.get(reverse("metrics:exports"), {"portfolio": "a"}).content
    assert b"/exports/projects.csv?portfolio=a" in page
