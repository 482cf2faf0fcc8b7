"""The admin reads ideas and mends their wording; it never decides one."""

from django.test import Client

from ideas.models import Idea


def test_staff_read_an_idea_and_its_history_in_the_admin(
    staff_client: Client, fife_idea: Idea
) -> None:
    for path in ("", f"{fife_idea.pk}/change/", f"{fife_idea.pk}/history/"):
        response = staff_client.get(f"/admin/ideas/idea/{path}")
        assert response.status_code == 200, path
    for model in ("interest", "score"):
        assert staff_client.get(f"/admin/ideas/{model}/").status_code == 200


def test_the_admin_mends_wording_but_not_the_decision(
    staff_client: Client, fife_idea: Idea
) -> None:
    response = staff_client.post(
        f"/admin/ideas/idea/{fife_idea.pk}/change/",
        {
            "title": "Bulky waste booking, mended",
            "problem": fife_idea.problem,
            "affects": fife_idea.affects,
            "objective": str(fife_idea.objective_id),
            "status": "accepted",
            "decline_reason": "Sneaked in",
            "interests-TOTAL_FORMS": "1",
            "interests-INITIAL_FORMS": "1",
            "scores-TOTAL_FORMS": "0",
            "scores-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    fife_idea.refresh_from_db()
    assert fife_idea.title == "Bulky waste booking, mended"
    assert (fife_idea.status, fife_idea.decline_reason) == ("open", "")


def test_ideas_are_neither_added_nor_deleted_in_the_admin(
    staff_client: Client, fife_idea: Idea
) -> None:
    assert staff_client.get("/admin/ideas/idea/add/").status_code == 403
    delete = f"/admin/ideas/idea/{fife_idea.pk}/delete/"
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert staff_client.get("/admin/ideas/interest/add/").status_code == 403
    assert Idea.objects.filter(pk=fife_idea.pk).exists()
