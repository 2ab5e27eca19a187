"""URLs of the outcomes app: the council's return, the records behind its figures, its downloads."""

from django.urls import path

from msp.outcomes.views import benchmark, dashboard, report
from msp.outcomes.views import returns as views

app_name = "outcomes"
urlpatterns = [
    path("return/", views.return_index, name="return_index"),
    path("return/upload/", views.return_upload, name="upload"),
    path("return/<str:year>/", views.return_page, name="return"),
    path("return/<str:year>/records/", views.cell_records, name="cell"),
    path("return/<str:year>/gaps/<slug:code>/", views.gap_records, name="gap"),
    path("return/<str:year>/sac-return.<str:fmt>", views.return_download, name="download"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/indicators.<str:fmt>", dashboard.dashboard_download, name="dashboard_download"),
    path("benchmark/", benchmark.benchmark_page, name="benchmark"),
    path("councils/", benchmark.league_page, name="league"),
    path("councils/<str:region>/report.<str:fmt>", report.region_report, name="region_report"),
]
