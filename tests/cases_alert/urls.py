"""The site's URLs plus the alert form, mounted as config/urls.py will mount it."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("report-a-concern/", include("msp.cases.alert_urls")),
    *site_urlpatterns,
]
