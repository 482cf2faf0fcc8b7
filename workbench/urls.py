from django.urls import path

from workbench import views

app_name = "workbench"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/commitments/", views.decide, name="decide"),
]
