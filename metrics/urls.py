from django.urls import path

from metrics import views

app_name = "metrics"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("portfolios/<slug:slug>/", views.portfolio_detail, name="portfolio"),
    path("councils/<slug:slug>/", views.council_detail, name="council"),
    path("exports/", views.exports_page, name="exports"),
    path("exports/<slug:dataset>.<slug:fmt>", views.export, name="export"),
]
