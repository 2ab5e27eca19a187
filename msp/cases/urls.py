"""URLs for the cases app: people, concerns, enquiries, work queues and settings."""

from django.urls import path

from msp.cases.views import audit, concerns, enquiries, people, queues, retention

app_name = "cases"
urlpatterns = [
    path("", queues.queues, name="queues"),
    path("settings/", queues.case_settings, name="settings"),
    path("people/", people.person_search, name="people"),
    path("retention/", retention.retention_list, name="retention"),
    path("audit/", audit.audit_trail, name="audit_trail"),
    path("audit/trail.csv", audit.audit_trail_export, name="audit_trail_export"),
    path("people/<int:pk>/erase/", retention.person_erase, name="person_erase"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/change/", people.person_edit, name="person_edit"),
    path(
        "people/<int:pk>/subject-access.<str:fmt>",
        people.person_subject_access,
        name="person_subject_access",
    ),
    path("people/<int:pk>/representatives/new/", people.representative_new, name="representative_new"),
    path("people/<int:pk>/concerns/new/", concerns.concern_new, name="concern_new"),
    path("concerns/", concerns.concern_list, name="concerns"),
    path("concerns/export.csv", concerns.concern_export, name="concerns_export"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern"),
    path("concerns/<int:pk>/decide/", concerns.concern_decide, name="concern_decide"),
    path("concerns/<int:pk>/asked/", concerns.concern_asked, name="concern_asked"),
    path("enquiries/<int:pk>/", enquiries.enquiry_detail, name="enquiry"),
    path("enquiries/<int:pk>/lead-worker/", enquiries.enquiry_assign, name="enquiry_assign"),
    path("enquiries/<int:pk>/contact/", enquiries.enquiry_contact, name="enquiry_contact"),
    path("enquiries/<int:pk>/risk/", enquiries.enquiry_risk, name="enquiry_risk"),
    path("enquiries/<int:pk>/actions/new/", enquiries.action_new, name="action_new"),
    path("enquiries/<int:pk>/actions/<int:action_pk>/done/", enquiries.action_done, name="action_done"),
    path("enquiries/<int:pk>/outcomes/new/", enquiries.outcome_new, name="outcome_new"),
    path("enquiries/<int:pk>/outcomes/reviewed/", enquiries.outcomes_reviewed, name="outcomes_reviewed"),
    path("enquiries/<int:pk>/outcomes/<int:outcome_pk>/", enquiries.outcome_edit, name="outcome_edit"),
    path("enquiries/<int:pk>/close/", enquiries.enquiry_close, name="enquiry_close"),
    path("enquiries/<int:pk>/feedback/", enquiries.feedback_new, name="feedback_new"),
]
