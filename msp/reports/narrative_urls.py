"""URLs for a wave's generated reports and their narratives (msp/reports/urls.py includes them)."""

from django.urls import path

from msp.reports import baseline_views
from msp.reports import narrative_views as views

urlpatterns = [
    path("reports/", views.documents, name="documents"),
    path("reports/<slug:scope>.<str:fmt>", views.document_download, name="document"),
    path("narratives/", views.narrative_list, name="narratives"),
    path("baseline/", baseline_views.baseline_edit, name="baseline"),
    path("narratives/<slug:scope>/<str:section>/", views.narrative_edit, name="narrative_edit"),
    path(
        "narratives/<slug:scope>/<str:section>/<str:slot>/", views.narrative_edit, name="narrative_slot_edit"
    ),
]
