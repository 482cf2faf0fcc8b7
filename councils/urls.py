from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("<slug:slug>/edit/", views.council_edit, name="edit"),
]
