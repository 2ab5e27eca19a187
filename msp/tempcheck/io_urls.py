"""URLs for importing and exporting a wave's interviews."""

urlpatterns: list = []
