from django.contrib import admin
from django.urls import include, path

from digital_office import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("councils/", include("councils.urls")),
    path("heartbeat/", include("heartbeat.urls")),
    path("", include("portfolios.urls")),
]
