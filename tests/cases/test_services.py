"""Case services: validation, history, stale saves, repeats, closure prompts and the derived answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases import services
from msp.cases.models import Concern, CouncilCaseSettings, OutcomeChange
from msp.cases.selectors import age_band, asked_answer
from msp.cases.services import ClosureBlocked, PossibleDuplicateError
from msp.core.stale import StaleEditError
from tests.cases.conftest import make_concern, make_enquiry, make_person, received

pytestmark = pytest.mark.django_db


def test_a_possible_duplicate_must_be_confirmed_past(council, practitioner):
    first = make_person(council, practitioner, given="Thaddeus", family="Wrenfield")
    with pytest.raises(PossibleDuplicateError) as caught:
        services.person_create(
            council=council,
            user=practitioner,
            given_name="Thadeus",
            family_name="Wrenfeld",
            date_of_birth=first.date_of_birth,
        )
    assert caught.value.candidates == [first]
    second = services.person_create(
        council=council,
        user=practitioner,
        given_name="Thadeus",
        family_name="Wrenfeld",
        date_of_birth=first.date_of_birth,
        confirmed_not_duplicate=True,
    )
    assert second.pk != first.pk


def test_the_same_nhs_number_is_a_possible_duplicate_whatever_the_name(council, practitioner):
    make_person(council, practitioner, nhs_number="943 476 5919")
    with pytest.raises(PossibleDuplicateError):
        services.person_create(
            council=council,
            user=practitioner,
            given_name="Orla",
            family_name="Penhallow",
            nhs_number="9434765919",
        )


def test_another_councils_person_is_not_a_duplicate(council, other_council, practitioner, outsider):
    make_person(other_council, outsider, given="Thaddeus", family="Wrenfield")
    person = services.person_create(
        council=council,
        user=practitioner,
        given_name="Thaddeus",
        family_name="Wrenfield",
        date_of_birth=datetime.date(1938, 5, 14),
    )
    assert person.council == council


def test_an_invalid_nhs_number_is_refused(council, practitioner):
    with pytest.raises(ValidationError) as caught:
        make_person(council, practitioner, nhs_number="9434765918")
    assert "nhs_number" in caught.value.message_dict


def test_a_concern_within_12_months_of_another_is_a_repeat(council, practitioner):
    person = make_person(council, practitioner)
    first = make_concern(council, practitioner, person, received_at=received(24 * 300))
    second = make_concern(council, practitioner, person, received_at=received(1))
    assert not first.is_repeat
    assert second.is_repeat


def test_a_concern_more_than_12_months_after_the_last_is_not_a_repeat(council, practitioner):
    person = make_person(council, practitioner)
    make_concern(council, practitioner, person, received_at=received(24 * 400))
    assert not make_concern(council, practitioner, person, received_at=received(1)).is_repeat


def test_the_decision_is_due_after_the_councils_configured_time(council, practitioner):
    CouncilCaseSettings.objects.create(council=council, decision_hours=72)
    concern = make_concern(council, practitioner)
    assert concern.decision_due_at - concern.received_at == datetime.timedelta(hours=72)


def test_a_section_42_enquiry_needs_all_three_criteria(council, practitioner, manager):
    concern = make_concern(council, practitioner)
    with pytest.raises(ValidationError) as caught:
        services.concern_decide(
            concern=concern,
            user=manager,
            expected_revision=concern.revision,
            decision="s42",
            criterion_a=True,
            criterion_b=True,
            criterion_c=False,
        )
    assert "decision" in caught.value.message_dict


def test_no_enquiry_says_what_happened_instead_and_why(council, practitioner, manager):
    concern = make_concern(council, practitioner)
    with pytest.raises(ValidationError) as caught:
        services.concern_decide(
            concern=concern,
            user=manager,
            expected_revision=concern.revision,
            decision="none",
            criterion_a=True,
            criterion_b=False,
            criterion_c=False,
        )
    assert set(caught.value.message_dict) == {"no_enquiry_outcome", "decision_reason"}
    services.concern_decide(
        concern=concern,
        user=manager,
        expected_revision=concern.revision,
        decision="none",
        criterion_a=True,
        criterion_b=False,
        criterion_c=False,
        no_enquiry_outcome="signposted",
        reason="A befriending service suits what she wants.",
    )
    concern.refresh_from_db()
    assert concern.status == "closed"
    assert (
        not hasattr(concern, "enquiry")
        or Concern.objects.filter(pk=concern.pk, enquiry__isnull=True).exists()
    )


def test_a_stale_decision_is_refused(council, practitioner, manager):
    concern = make_concern(council, practitioner)
    opened_at = concern.revision
    services.concern_record_asked(
        concern=Concern.objects.get(pk=concern.pk),
        user=practitioner,
        expected_revision=opened_at,
        outcomes_asked="asked",
    )
    with pytest.raises(StaleEditError):
        services.concern_decide(
            concern=concern,
            user=manager,
            expected_revision=opened_at,
            decision="s42",
            criterion_a=True,
            criterion_b=True,
            criterion_c=True,
        )
    assert Concern.objects.get(pk=concern.pk).decision == ""


def test_outcome_changes_keep_their_history(council, practitioner, manager):
    enquiry = make_enquiry(council, practitioner, manager)
    outcome = enquiry.concern.outcomes.first()
    services.outcome_change(
        outcome=outcome,
        user=practitioner,
        expected_revision=outcome.revision,
        category="feel_safe",
        own_words="Feel safe when my nephew visits",
        reason="She said so",
    )
    services.outcome_withdraw(
        outcome=outcome,
        user=practitioner,
        expected_revision=outcome.revision,
        reason="No longer wanted once the locks were changed",
    )
    kinds = list(OutcomeChange.objects.filter(outcome=outcome).values_list("kind", flat=True))
    assert kinds == ["added", "changed", "withdrawn"]
    change = OutcomeChange.objects.get(outcome=outcome, kind="changed")
    assert change.changes["own_words"] == [
        "I want to feel safe in my own flat",
        "Feel safe when my nephew visits",
    ]
    assert change.reason == "She said so"


def test_a_change_without_a_reason_is_refused(council, practitioner, manager):
    outcome = make_enquiry(council, practitioner, manager).concern.outcomes.first()
    with pytest.raises(ValidationError):
        services.outcome_change(
            outcome=outcome,
            user=practitioner,
            expected_revision=outcome.revision,
            category="feel_safe",
            own_words="Something else",
            reason=" ",
        )


def _ready_to_close(enquiry, user):
    enquiry = services.enquiry_record_contact(
        enquiry=enquiry,
        user=user,
        expected_revision=enquiry.revision,
        first_contact_at=timezone.now(),
        involvement=["home_visit"],
        capacity="had",
    )
    return services.enquiry_record_risk(
        enquiry=enquiry,
        user=user,
        expected_revision=enquiry.revision,
        risk_result="identified_action",
        risk_outcome="reduced",
    )


def test_closure_is_blocked_while_an_outcome_is_unrated(council, practitioner, manager):
    enquiry = _ready_to_close(make_enquiry(council, practitioner, manager), practitioner)
    first, second = enquiry.concern.outcomes.all()
    with pytest.raises(ClosureBlocked) as caught:
        services.enquiry_close(
            enquiry=enquiry,
            user=manager,
            expected_revision=enquiry.revision,
            achievements={first.pk: "fully"},
        )
    assert [p.code for p in caught.value.prompts] == ["outcome_unrated"]
    first.refresh_from_db()
    assert first.achievement == ""  # nothing half-saved
    services.enquiry_close(
        enquiry=enquiry,
        user=manager,
        expected_revision=enquiry.revision,
        achievements={first.pk: "fully", second.pk: "partially"},
    )
    enquiry.refresh_from_db()
    assert enquiry.closed_at and enquiry.closure_override_reason == ""
    assert enquiry.concern.status == "closed"


def test_closure_is_blocked_when_outcomes_were_never_asked(council, practitioner, manager):
    enquiry = _ready_to_close(
        make_enquiry(
            council,
            practitioner,
            manager,
            outcomes=False,
            outcomes_asked="not_asked",
            outcomes_not_asked_reason="She was in hospital",
        ),
        practitioner,
    )
    with pytest.raises(ClosureBlocked) as caught:
        services.enquiry_close(
            enquiry=enquiry, user=manager, expected_revision=enquiry.revision, achievements={}
        )
    assert [p.code for p in caught.value.prompts] == ["outcomes_not_asked"]


def test_closure_is_blocked_when_only_the_referrer_gave_the_outcomes(council, practitioner, manager):
    enquiry = _ready_to_close(
        make_enquiry(council, practitioner, manager, outcomes_asked="", said_by="referrer"), practitioner
    )
    achievements = {o.pk: "fully" for o in enquiry.concern.outcomes.all()}
    with pytest.raises(ClosureBlocked) as caught:
        services.enquiry_close(
            enquiry=enquiry, user=manager, expected_revision=enquiry.revision, achievements=achievements
        )
    assert [p.code for p in caught.value.prompts] == ["outcomes_not_asked"]


def test_closure_with_an_override_reason_keeps_the_reason(council, practitioner, manager):
    enquiry = make_enquiry(council, practitioner, manager)
    services.enquiry_close(
        enquiry=enquiry,
        user=manager,
        expected_revision=enquiry.revision,
        achievements={},
        override_reason="She moved away and could not be reached.",
    )
    enquiry.refresh_from_db()
    assert enquiry.closure_override_reason == "She moved away and could not be reached."


def test_prompts_switched_off_by_the_council_do_not_block(council, practitioner, manager):
    CouncilCaseSettings.objects.create(
        council=council, require_outcomes_rated=False, require_capacity=False, require_risk_result=False
    )
    enquiry = make_enquiry(council, practitioner, manager)
    services.enquiry_close(enquiry=enquiry, user=manager, expected_revision=enquiry.revision, achievements={})
    enquiry.refresh_from_db()
    assert enquiry.closed_at is not None
    assert enquiry.closure_override_reason == ""  # nothing blocked, so there was nothing to override


def test_the_asked_answer_is_derived_from_the_record(council, practitioner, manager):
    assert asked_answer(make_concern(council, practitioner)) == "asked_expressed"
    assert asked_answer(make_concern(council, practitioner, outcomes=False)) == "asked_none"
    assert (
        asked_answer(make_concern(council, practitioner, outcomes=False, outcomes_asked="")) == "not_recorded"
    )
    later = make_enquiry(council, practitioner, manager, outcomes=False, outcomes_asked="")
    services.outcome_add(concern=later.concern, user=practitioner, category="stay_home", own_words="Stay put")
    assert asked_answer(later.concern) == "asked_expressed"


def test_outcomes_given_by_the_referrer_are_not_recorded_as_asked_until_staff_say_so(
    council, practitioner, manager
):
    concern = make_concern(council, practitioner, outcomes_asked="", said_by="referrer")
    assert concern.outcomes.count() == 2
    assert asked_answer(concern) == "not_recorded"
    services.concern_record_asked(
        concern=concern, user=practitioner, expected_revision=concern.revision, outcomes_asked="asked"
    )
    assert asked_answer(concern) == "asked_expressed"


def test_an_approximate_age_and_address_are_kept_until_a_date_of_birth_is_known(council, practitioner):
    person = make_person(council, practitioner, dob=None, approximate_age=80, address=" 12 Example Street ")
    assert (person.date_of_birth, person.approximate_age, person.address) == (None, 80, "12 Example Street")
    services.person_update(
        person=person,
        user=practitioner,
        expected_revision=person.revision,
        date_of_birth=datetime.date(1944, 2, 1),
        approximate_age=80,
    )
    person.refresh_from_db()
    assert (person.date_of_birth, person.approximate_age) == (datetime.date(1944, 2, 1), None)
    event = AuditEvent.objects.filter(object_type="cases.Person", action="change").get()
    assert event.changes["approximate_age"] == ["80", None]


@pytest.mark.parametrize("age", [17, 121])
def test_an_approximate_age_must_be_an_adult_age(council, practitioner, age):
    with pytest.raises(ValidationError) as caught:
        make_person(council, practitioner, dob=None, approximate_age=age)
    assert "approximate_age" in caught.value.message_dict


def test_a_date_of_birth_wins_over_an_approximate_age(council, practitioner):
    person = make_person(council, practitioner, approximate_age=80)
    assert (person.date_of_birth, person.approximate_age) == (datetime.date(1938, 5, 14), None)


def test_whether_the_person_knows_about_the_report_is_kept_on_the_concern(council, practitioner):
    concern = make_concern(
        council, practitioner, person_aware="does_not_agree", person_aware_reason=" Afraid of her son "
    )
    assert (concern.person_aware, concern.person_aware_reason) == ("does_not_agree", "Afraid of her son")
    assert make_concern(council, practitioner).person_aware == ""
    with pytest.raises(ValidationError) as caught:
        make_concern(council, practitioner, person_aware="maybe")
    assert "person_aware" in caught.value.message_dict


def test_the_age_band_uses_the_approximate_age_only_without_a_date_of_birth():
    on = datetime.date(2024, 6, 1)
    assert age_band(None, on, approximate_age=80) == "75-84"
    assert age_band(None, on, approximate_age=95) == "95+"
    assert age_band(None, on) == "Not known"
    assert age_band(datetime.date(1960, 1, 1), on, approximate_age=80) == "18-64"


def test_every_change_is_audited(council, practitioner, manager):
    _ready_to_close(make_enquiry(council, practitioner, manager), practitioner)
    actions = set(AuditEvent.objects.filter(council=council).values_list("object_type", "action"))
    assert {
        ("cases.Person", "create"),
        ("cases.Concern", "create"),
        ("cases.Concern", "change"),
        ("cases.Enquiry", "create"),
        ("cases.Enquiry", "change"),
        ("cases.DesiredOutcome", "create"),
    } <= actions
    event = AuditEvent.objects.filter(object_type="cases.Enquiry", action="change").first()
    assert event.user == practitioner and event.changes


def test_feedback_is_recorded_with_who_and_how(council, practitioner, manager):
    enquiry = make_enquiry(council, practitioner, manager)
    services.enquiry_close(
        enquiry=enquiry,
        user=manager,
        expected_revision=enquiry.revision,
        achievements={},
        override_reason="Testing",
    )
    feedback = services.feedback_record(
        enquiry=enquiry,
        user=practitioner,
        respondent="person",
        method="independent",
        answers={
            "listened_to": "yes",
            "treated_with_respect": "yes",
            "kept_informed": "partly",
            "feels_safer": "yes",
            "made_difference": "not_asked",
        },
        answered_on=timezone.localdate(),
    )
    assert feedback.kept_informed == "partly"
