"""URLs for browsing councils."""

from django.urls import path

from msp.councils import views

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="list"),
    path("<str:gss_code>/", views.council_detail, name="detail"),
]
