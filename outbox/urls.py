from django.urls import path

from outbox import views

app_name = "outbox"

urlpatterns = [
    path("outbox/", views.email_list, name="list"),
    path("outbox/<int:pk>/", views.email_detail, name="email"),
    path("outbox/<int:pk>/retry/", views.email_retry, name="retry"),
    path("accounts/email/", views.preferences, name="preferences"),
]
