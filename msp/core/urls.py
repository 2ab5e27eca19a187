"""Home page and health check."""

from django.urls import path

from msp.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health_without_slash"),  # the older address
]
