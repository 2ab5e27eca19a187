"""URLs for importing and exporting a wave's interviews."""

from django.urls import path

from msp.tempcheck import io_views

urlpatterns = [
    path("wave/<str:code>/import/", io_views.wave_import, name="import"),
    path("wave/<str:code>/export/<str:fmt>/", io_views.wave_export, name="export"),
]
