"""URLs for coding open answers: /coding/<wave>/<question>/..."""

from django.urls import path

from msp.coding import views

app_name = "coding"
Q = "<str:wave>/<str:question>/"
urlpatterns = [
    path("", views.index, name="index"),
    path(Q, views.question, name="question"),
    path(Q + "codebook/", views.codebook, name="codebook"),
    path(Q + "codebook/add/", views.theme_edit, name="theme_add"),
    path(Q + "codebook/<int:theme_id>/", views.theme_edit, name="theme_edit"),
    path(Q + "codebook/<int:theme_id>/move/", views.theme_move, name="theme_move"),
    path(Q + "codebook/<int:theme_id>/delete/", views.theme_delete, name="theme_delete"),
    path(Q + "code/", views.code_start, name="code_start"),
    path(Q + "code/<int:answer_id>/", views.code_answer, name="code_answer"),
    path(Q + "results/", views.results_page, name="results"),
    path(Q + "quotes/<int:theme_id>/", views.quotes, name="quotes"),
]
