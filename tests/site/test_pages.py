"""Every page answers each role that uses it, and sends a stranger to sign in."""

import pytest
from django.urls import reverse

# Fife takes part in the project these pages show (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("fife_takes_part")

PAGES = [
    "/dashboard/",
    "/portfolios/",
    "/projects/",
    "/projects/digital-telecare-switchover/",
    "/heartbeat/",
    "/councils/",
    "/councils/fife/",
    "/accounts/password_change/",
]
ROLES = ["staff_client", "executive_client", "lead_client"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_every_role(request, project, role, path) -> None:
    client = request.getfixturevalue(role)
    response = client.get(path)
    assert response.status_code == 200
    assert b"<h1" in response.content


@pytest.mark.django_db
def test_portfolio_page_answers_every_role(request, project) -> None:
    for role in ROLES:
        client = request.getfixturevalue(role)
        assert client.get(project.portfolio.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [*PAGES, "/", "/councils/fife/edit/", "/portfolios/some-portfolio/", "/admin/"],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, project, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/") or response.url.startswith(
        "/admin/login/"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
    ],
)
def test_sign_in_pages_need_no_sign_in(client, path) -> None:
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_home_sends_each_role_to_its_own_start(
    staff_client, executive_client, lead_client
) -> None:
    assert staff_client.get("/").url == reverse("metrics:dashboard")
    assert executive_client.get("/").url == reverse("metrics:dashboard")
    assert lead_client.get("/").url == reverse("metrics:council", args=["fife"])


@pytest.mark.django_db
def test_navigation_follows_the_role(
    staff_client, executive_client, lead_client
) -> None:
    staff_page = staff_client.get("/projects/").content.decode()
    executive_page = executive_client.get("/projects/").content.decode()
    lead_page = lead_client.get("/projects/").content.decode()
    assert 'href="/admin/"' in staff_page
    assert 'href="/admin/"' not in executive_page
    assert 'href="/admin/"' not in lead_page
    assert 'href="/exports/"' in executive_page
    assert 'href="/exports/"' not in lead_page
    assert ">My council<" in lead_page
    assert ">My council<" not in staff_page


@pytest.mark.django_db
def test_every_page_has_one_h1_and_a_titled_head(staff_client, project) -> None:
    for path in PAGES:
        page = staff_client.get(path).content.decode()
        assert page.count("<h1") == 1, path
        assert "– Heartbeat – Digital Office</title>" in page, path


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(staff_client) -> None:
    policy = staff_client.get("/projects/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy


@pytest.mark.django_db
def test_unknown_url_is_a_designed_404(staff_client) -> None:
    response = staff_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
