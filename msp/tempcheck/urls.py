"""URLs for the temperature check: waves, interviews, import and export."""

from django.urls import path

from msp.tempcheck import views

app_name = "tempcheck"
urlpatterns = [
    path("", views.wave_list, name="waves"),
]
