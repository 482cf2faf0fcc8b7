from django.urls import path

from heartbeat import views

app_name = "heartbeat"

urlpatterns = [
    path("heartbeat/", views.lifecycle, name="model"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("projects/<slug:slug>/review/", views.gate_review, name="review"),
    path("projects/<slug:slug>/pulse/", views.pulse, name="pulse"),
    path(
        "projects/<slug:slug>/products/<int:pk>/",
        views.product_status,
        name="product",
    ),
    path("projects/<slug:slug>/history/", views.project_history, name="history"),
]
