"""DESIGN §6: a page weighs under 200 KB with its assets, as the browser receives it
(compressed where the server compresses), on a first visit with an empty cache."""

import pytest
from playwright.sync_api import Request

BUDGET_BYTES = 200 * 1024
HEAVIEST = [
    ("executive", "/dashboard/"),
    ("lead", "/councils/fife/"),
    ("staff", "/projects/"),
    ("executive", "/portfolios/digital-telecare/"),
]


@pytest.mark.parametrize(("role", "path"), HEAVIEST)
def test_a_page_and_its_assets_weigh_under_200_kb(open_as, role, path) -> None:
    page = open_as(role)
    requests: list[Request] = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    received = {
        request.url: request.sizes()["responseBodySize"]
        + request.sizes()["responseHeadersSize"]
        for request in requests
    }
    total = sum(received.values())
    heaviest = sorted(received.items(), key=lambda item: -item[1])[:5]
    assert total < BUDGET_BYTES, f"{path}: {total / 1024:.0f} KB: {heaviest}"
    assert any(url.endswith(".css") for url in received)  # the assets were counted
