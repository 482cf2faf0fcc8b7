from django.urls import path

from portfolios import views

app_name = "portfolios"

urlpatterns = [
    path("portfolios/", views.portfolio_list, name="list"),
    path("projects/", views.project_list, name="projects"),
]
