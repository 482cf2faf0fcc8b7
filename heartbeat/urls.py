from django.urls import path

from heartbeat import views

app_name = "heartbeat"

urlpatterns = [
    path("", views.lifecycle, name="model"),
]
