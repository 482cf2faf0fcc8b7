from django.urls import path

from portfolios.views import benefits, commitments, lists

app_name = "portfolios"

project = "projects/<slug:slug>/"
commitment = f"{project}commitments/<int:pk>/"

urlpatterns = [
    path("portfolios/", lists.portfolio_list, name="list"),
    path("projects/", lists.project_list, name="projects"),
    path("councils/", lists.council_list, name="councils"),
    path(f"{project}commit/", commitments.commit, name="commit"),
    path(commitment, commitments.commitment_detail, name="commitment"),
    path(
        f"{commitment}change/", commitments.commitment_change, name="commitment_change"
    ),
    path(
        f"{commitment}<slug:status>/",
        commitments.commitment_move,
        name="commitment_move",
    ),
    path(f"{project}benefits/add/", benefits.benefit_form, name="benefit_add"),
    path(f"{project}benefits/<int:pk>/", benefits.benefit_form, name="benefit"),
    path(f"{project}benefits/<int:pk>/actual/", benefits.actual_form, name="actual"),
]
