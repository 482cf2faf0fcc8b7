import csv
import re
from pathlib import Path

import pytest
from django.urls import reverse

from councils.models import Council

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "councils.csv"


def reference_rows() -> list[dict[str, str]]:
    with REFERENCE.open(newline="") as data:
        return list(csv.DictReader(data))


@pytest.mark.django_db
def test_migrate_creates_exactly_the_32_councils() -> None:
    assert Council.objects.count() == 32


@pytest.mark.django_db
def test_council_names_codes_and_populations_match_the_reference() -> None:
    stored = {c.gss_code: c for c in Council.objects.all()}
    for row in reference_rows():
        council = stored[row["gss_code"]]
        assert council.name == row["name"]
        assert council.short_name == row["short_name"]
        assert council.slug == row["slug"]
        assert council.population == int(row["population"])
        assert council.population_year == int(row["population_year"])
    assert set(stored) == {row["gss_code"] for row in reference_rows()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old_code", "slug"),
    [
        ("S12000015", "fife"),
        ("S12000046", "glasgow-city"),
        ("S12000044", "north-lanarkshire"),
        ("S12000024", "perth-and-kinross"),
        ("s12000047", "fife"),
    ],
)
def test_councils_are_found_by_their_former_gss_codes(old_code: str, slug: str) -> None:
    assert Council.objects.get_by_gss_code(old_code).slug == slug


@pytest.mark.django_db
def test_population_shares_add_up_to_scotland_even_when_the_list_is_filtered() -> None:
    shares = Council.objects.with_population_share()
    assert sum(c.population_share for c in shares) == pytest.approx(1.0)
    total = sum(int(row["population"]) for row in reference_rows())
    fife = shares.filter(slug="fife").get()
    assert fife.population_share == pytest.approx(373550 / total)


@pytest.mark.django_db
def test_council_list_shows_all_32_councils_with_their_share(staff_client) -> None:
    response = staff_client.get(reverse("portfolios:councils"))
    assert response.status_code == 200
    page = response.content.decode()
    for row in reference_rows():
        assert row["short_name"].replace("&", "&amp;") in page
    assert "Showing 1 to 32 of 32 councils" in " ".join(
        re.sub(r"<[^>]+>", " ", page).split()
    )


@pytest.mark.django_db
def test_council_list_filters_by_name_and_standing(staff_client) -> None:
    Council.objects.filter(slug="fife").update(standing=Council.Standing.COMMITTED)
    response = staff_client.get(
        reverse("portfolios:councils"), {"standing": "committed"}
    )
    assert [c.slug for c in response.context["page_obj"]] == ["fife"]
    response = staff_client.get(reverse("portfolios:councils"), {"q": "lanark"})
    assert [c.slug for c in response.context["page_obj"]] == [
        "north-lanarkshire",
        "south-lanarkshire",
    ]


@pytest.mark.django_db
def test_council_list_explains_an_unknown_standing_in_the_query_string(
    staff_client,
) -> None:
    response = staff_client.get(reverse("portfolios:councils"), {"standing": "bogus"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 32


@pytest.mark.django_db
def test_unknown_council_is_a_404(staff_client) -> None:
    assert staff_client.get("/councils/atlantis/").status_code == 404
