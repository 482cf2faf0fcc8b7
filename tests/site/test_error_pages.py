from django.test import RequestFactory
from django.views.defaults import server_error


def test_the_500_page_is_in_the_design_and_needs_nothing_from_the_request():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "ds_site-header" in page
    assert "Anything you saved before the problem is safe." in page
