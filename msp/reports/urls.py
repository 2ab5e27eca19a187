"""URLs for the temperature check analysis: a wave's tables and findings, downloads, and a council's page."""

from django.urls import include, path

from msp.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.wave_index, name="index"),
    path("waves/<str:code>/", views.wave_tables, name="wave"),
    path("waves/<str:code>/tables.<str:fmt>", views.wave_download, name="download"),
    path("waves/<str:code>/councils/<str:gss_code>/", views.council, name="council"),
    path("waves/<str:code>/", include("msp.reports.narrative_urls")),
]
