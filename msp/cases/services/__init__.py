"""Services that write case records; every one is keyword-only, atomic, validated and audited."""

from msp.cases.selectors import settings_for
from msp.cases.services.closure import (
    ClosureBlocked,
    FeedbackInput,
    case_settings_update,
    closure_check,
    enquiry_close,
    enquiry_close_with_feedback,
    feedback_record,
    outcome_category_add,
)
from msp.cases.services.concerns import (
    OutcomeInput,
    concern_create,
    concern_decide,
    concern_record_asked,
    new_reference,
)
from msp.cases.services.enquiries import (
    enquiry_action_add,
    enquiry_action_done,
    enquiry_assign,
    enquiry_record_contact,
    enquiry_record_risk,
    enquiry_start,
)
from msp.cases.services.outcomes import (
    outcome_add,
    outcome_category,
    outcome_change,
    outcome_withdraw,
    outcomes_reviewed,
)
from msp.cases.services.people import PossibleDuplicateError, person_create, person_update, representative_add

__all__ = [
    "ClosureBlocked",
    "FeedbackInput",
    "OutcomeInput",
    "PossibleDuplicateError",
    "case_settings_update",
    "closure_check",
    "concern_create",
    "concern_decide",
    "concern_record_asked",
    "enquiry_action_add",
    "enquiry_action_done",
    "enquiry_assign",
    "enquiry_close",
    "enquiry_close_with_feedback",
    "enquiry_record_contact",
    "enquiry_record_risk",
    "enquiry_start",
    "feedback_record",
    "new_reference",
    "outcome_add",
    "outcome_category",
    "outcome_category_add",
    "outcome_change",
    "outcome_withdraw",
    "outcomes_reviewed",
    "person_create",
    "person_update",
    "representative_add",
    "settings_for",
]
