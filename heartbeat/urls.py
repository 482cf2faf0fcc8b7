from django.urls import path

from heartbeat.views import lifecycle, packs

app_name = "heartbeat"

project = "projects/<slug:slug>/"

urlpatterns = [
    path("heartbeat/", lifecycle.lifecycle, name="model"),
    path(project, lifecycle.project_detail, name="project"),
    path(f"{project}review/", lifecycle.gate_review, name="review"),
    path(f"{project}pulse/", lifecycle.pulse, name="pulse"),
    path(f"{project}products/<int:pk>/", lifecycle.product_status, name="product"),
    path(f"{project}history/", lifecycle.project_history, name="history"),
    path(f"{project}pack/", packs.pack, name="pack"),
    path("projects/<slug:slug>/pack.pdf", packs.pack_pdf, name="pack_pdf"),
    path(f"{project}pack/edit/", packs.pack_edit, name="pack_edit"),
    path(f"{project}pack/publish/", packs.pack_publish, name="pack_publish"),
    path(f"{project}join/", packs.join, name="join"),
    path(f"{project}leave/", packs.leave, name="leave"),
]
