from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from councils import forms as account_forms
from digital_office import views

# Django's account views, with forms that do not grab the focus on load.
accounts = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=account_forms.SignInForm),
        name="login",
    ),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(
            form_class=account_forms.PasswordChangeForm
        ),
        name="password_change",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=account_forms.PasswordResetForm
        ),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=account_forms.SetPasswordForm
        ),
        name="password_reset_confirm",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("accounts/", include(accounts)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("councils/", include("councils.urls")),
    path("", include("portfolios.urls")),
    path("", include("heartbeat.urls")),
    path("", include("metrics.urls")),
    path("", include("outbox.urls")),
    path("", include("ideas.urls")),
    path("", include("workbench.urls")),
]

handler500 = "digital_office.views.server_error"
