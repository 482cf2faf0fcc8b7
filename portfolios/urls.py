from django.urls import path

from portfolios.views import benefits, commitments, lists, setup

app_name = "portfolios"

project = "projects/<slug:slug>/"
commitment = f"{project}commitments/<int:pk>/"
portfolio = "portfolios/<slug:slug>/"
target = f"{portfolio}targets/<int:pk>/"
need = f"{project}needs/<int:pk>/"

urlpatterns = [
    path("portfolios/", lists.portfolio_list, name="list"),
    # Before the portfolio page (metrics:portfolio, /portfolios/<slug>/), and never
    # a portfolio's slug (services.RESERVED_SLUGS).
    path("portfolios/new/", setup.portfolio_add, name="portfolio_add"),
    path("portfolios/order/", setup.portfolio_order, name="portfolio_order"),
    path(f"{portfolio}edit/", setup.portfolio_edit, name="portfolio_edit"),
    path(f"{portfolio}targets/add/", setup.target_form, name="target_add"),
    path(target, setup.target_form, name="target"),
    path(f"{target}remove/", setup.target_remove, name="target_remove"),
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
    path(f"{project}needs/add/", setup.need_form, name="need_add"),
    path(need, setup.need_form, name="need"),
    path(f"{need}remove/", setup.need_remove, name="need_remove"),
]
