"""Sign in, sign out and change one's password, with Django's own views."""

from django.contrib.auth import views as auth_views
from django.urls import path

from msp.accounts import two_factor

urlpatterns = [
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/set-up/", two_factor.setup, name="two_factor_setup"),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # Named templates of MSP's own: the admin's registration/ templates of the same names come first.
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/msp_password_change.html"),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/msp_password_changed.html"),
        name="password_change_done",
    ),
]
