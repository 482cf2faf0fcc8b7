import pytest
from django.core import mail
from django.urls import reverse


@pytest.mark.django_db
def test_sign_in_with_username_and_password_lands_on_the_role_home(client, lead_user):
    response = client.post(
        reverse("login"),
        {"username": "lead-fife", "password": "correct horse battery"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("metrics:council", args=["fife"])


@pytest.mark.django_db
def test_a_wrong_password_is_explained_and_the_username_kept(client, lead_user):
    response = client.post(
        reverse("login"), {"username": "lead-fife", "password": "wrong"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "correct username and password" in page
    assert 'value="lead-fife"' in page


@pytest.mark.django_db
def test_sign_out_is_a_post_and_ends_the_session(lead_client):
    response = lead_client.post(reverse("logout"))
    assert response.status_code == 302
    assert lead_client.get("/projects/").status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_link_by_email(client, lead_user):
    response = client.post(
        reverse("password_reset"), {"email": lead_user.email}, follow=True
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Heartbeat password"
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_change_validates_the_new_password(lead_client):
    response = lead_client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "short",
            "new_password2": "short",
        },
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
