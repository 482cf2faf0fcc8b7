import pytest

ADMIN_PAGES = [
    "/admin/",
    "/admin/councils/council/",
    "/admin/councils/council/?standing__exact=in_principle&q=fife",
    "/admin/councils/user/",
    "/admin/portfolios/portfolio/",
    "/admin/portfolios/project/?q=data",
    "/admin/portfolios/visionobjective/",
    "/admin/portfolios/resourceneed/",
    "/admin/portfolios/participation/",
    "/admin/heartbeat/phase/",
    "/admin/heartbeat/phase/1/change/",
    "/admin/heartbeat/phaseproduct/",
    "/admin/heartbeat/exitcriterion/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_use_the_admin(staff_client, path):
    assert staff_client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
def test_only_staff_reach_the_admin(request, role):
    response = request.getfixturevalue(role).get("/admin/portfolios/project/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_councils_cannot_be_deleted_in_the_admin(staff_client, fife):
    response = staff_client.get(f"/admin/councils/council/{fife.pk}/delete/")
    assert response.status_code == 403
