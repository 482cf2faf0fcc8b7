from django.urls import path

from heartbeat.views import lifecycle, packs, setup

app_name = "heartbeat"

project = "projects/<slug:slug>/"
product = f"{project}products/<int:pk>/"

urlpatterns = [
    path("heartbeat/", lifecycle.lifecycle, name="model"),
    # Before the project's own pages: "new" is not a project (none may take it).
    path("projects/new/", setup.project_add, name="project_add"),
    path(project, lifecycle.project_detail, name="project"),
    path(f"{project}edit/", setup.project_edit, name="project_edit"),
    path(f"{project}review/", lifecycle.gate_review, name="review"),
    path(f"{project}pulse/", lifecycle.pulse, name="pulse"),
    path(f"{project}pulses/", setup.pulses, name="pulses"),
    path(f"{project}products/add/", setup.product_add, name="product_add"),
    path(product, setup.product_edit, name="product"),
    path(f"{product}remove/", setup.product_remove, name="product_remove"),
    path(f"{project}history/", lifecycle.project_history, name="history"),
    path(f"{project}pack/", packs.pack, name="pack"),
    path("projects/<slug:slug>/pack.pdf", packs.pack_pdf, name="pack_pdf"),
    path(f"{project}pack/edit/", packs.pack_edit, name="pack_edit"),
    path(f"{project}pack/publish/", packs.pack_publish, name="pack_publish"),
    path(f"{project}join/", packs.join, name="join"),
    path(f"{project}leave/", packs.leave, name="leave"),
]
