"""URLs of the read-only cases JSON API (mounted at /api/cases/)."""

from django.urls import path, re_path

from msp.cases import api

app_name = "cases_api"
urlpatterns = [
    path("concerns/", api.concern_list, name="concerns"),
    path("concerns/<int:pk>/", api.concern_detail, name="concern"),
    path("people/<int:pk>/", api.person_detail, name="person"),
    # Last: any other path under the API answers a JSON 404, not the site's HTML page.
    re_path(r"^.*$", api.not_found, name="not_found"),
]
