"""URLs for the temperature check: capture pages, and import/export pages (each in its own module)."""

from msp.tempcheck.capture_urls import urlpatterns as capture_urlpatterns
from msp.tempcheck.io_urls import urlpatterns as io_urlpatterns

app_name = "tempcheck"
urlpatterns = capture_urlpatterns + io_urlpatterns
