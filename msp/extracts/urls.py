from django.urls import path

from msp.extracts import views

app_name = "extracts"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/status/", views.job_status, name="job_status"),
    path("<int:pk>/columns/", views.columns, name="columns"),
    path("<int:pk>/values/", views.values, name="values"),
    path("<int:pk>/import/", views.start_import, name="import"),
    path("<int:pk>/delete/", views.abandon, name="abandon"),
    path("mappings/add/", views.profile_upload, name="profile_upload"),
    path("mappings/<int:pk>.<str:kind>", views.profile_download, name="profile_download"),
]
