"""URLs for waves and interview capture."""

from django.urls import path

from msp.tempcheck import views

urlpatterns = [
    path("", views.wave_list, name="waves"),
    path("wave/<str:code>/", views.wave_detail, name="wave"),
    path("wave/<str:code>/interview/new/<str:gss_code>/", views.interview_new, name="interview_new"),
    path("interview/<int:pk>/", views.interview_detail, name="interview"),
    path("interview/<int:pk>/section/<slug:section>/", views.interview_section, name="interview_section"),
    path("interview/<int:pk>/check/", views.interview_check, name="interview_check"),
    path("interview/<int:pk>/submitted/", views.interview_submitted, name="interview_submitted"),
    path("interview/<int:pk>/reopen/", views.interview_reopen, name="interview_reopen"),
]
