"""URLs for waves and interview capture."""

from django.urls import path

from msp.tempcheck import views

urlpatterns = [
    path("", views.wave_list, name="waves"),
]
