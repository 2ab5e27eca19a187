"""URLs of the public partner alert form (mounted at the site root, outside the signed-in case pages)."""

from django.urls import path

from msp.cases import alert_views

app_name = "cases_alert"
urlpatterns = [
    path("", alert_views.alert_start, name="new"),
    path("check/", alert_views.alert_check, name="check"),
    path("sent/", alert_views.alert_done, name="done"),
    path("<slug:slug>/", alert_views.alert_step, name="step"),
]
