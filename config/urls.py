"""Top-level URL map: each domain app owns its own urls module."""

from django.contrib import admin
from django.urls import include, path

from msp.core.health import health

urlpatterns = [
    path("health/", health, name="health"),  # for load balancers: no sign-in, no personal data
    path("admin/", admin.site.urls),
    path("accounts/", include("msp.accounts.urls")),
    path("councils/", include("msp.councils.urls")),
    path("temperature-check/", include("msp.tempcheck.urls")),
    path("reports/", include("msp.reports.urls")),
    path("coding/", include("msp.coding.urls")),
    path("cases/", include("msp.cases.urls")),
    path("outcomes/", include("msp.outcomes.urls")),
    path("extracts/", include("msp.extracts.urls")),  # case extracts from other systems, mapped
    path("report-a-concern/", include("msp.cases.alert_urls")),
    path("api/", include("msp.api.urls")),  # cases and figures APIs, their docs and OpenAPI description
    path("", include("msp.core.urls")),
]

handler500 = "msp.core.views.server_error"  # in the site layout, with a way back
