"""Pure rules for case records: NHS number check, derived measures and the closure prompts. No database."""

from __future__ import annotations

import datetime
import difflib
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError

SPOKEN_TO_WITHIN = datetime.timedelta(hours=24)
REPEAT_WINDOW_DAYS = 365  # "a concern in the last 12 months"
FEEDBACK_WINDOW = datetime.timedelta(weeks=8)  # MSP Outcomes Framework: independent follow-up within 8 weeks


# --- NHS number ---------------------------------------------------------------------------------------------


def nhs_number_is_valid(value: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (weights 10 down to 2)."""
    if len(value) != 10 or not value.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])


def normalise_nhs_number(value: str) -> str:
    """People write NHS numbers as '943 476 5919' or '943-476-5919'; store the ten digits."""
    return "".join(ch for ch in str(value or "") if not ch.isspace() and ch != "-")


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number_is_valid(value):
        raise ValidationError(
            "Enter a valid NHS number: 10 digits, for example 943 476 5919", code="invalid_nhs_number"
        )


# --- Names (for the possible-duplicate check) ---------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation removed: 'O'Brien-Smith' and 'obrien smith' compare equal."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().casefold()
    return "".join(ch for ch in text if ch.isalnum())


def names_similar(
    a_given: str, a_family: str, b_given: str, b_family: str, *, threshold: float = 0.8
) -> bool:
    """Similar enough to ask 'is this the same person?': family names close, and given names close or with the
    same initial. 'Bill'/'William' is not caught; the date of birth narrows the list.
    """
    fam_a, fam_b = normalise_name(a_family), normalise_name(b_family)
    giv_a, giv_b = normalise_name(a_given), normalise_name(b_given)
    if not fam_a or not fam_b:
        return False
    family_close = fam_a == fam_b or difflib.SequenceMatcher(None, fam_a, fam_b).ratio() >= threshold
    if not family_close:
        return False
    if not giv_a or not giv_b:
        return True
    # Same initial is enough: 'Marny'/'Marnie', 'Jon'/'Jonathan'; callers narrow by date of birth first.
    return giv_a[0] == giv_b[0] or difflib.SequenceMatcher(None, giv_a, giv_b).ratio() >= threshold


# --- Derived measures ---------------------------------------------------------------------------------------


def spoken_within_24_hours(received_at: datetime.datetime | None, first_contact_at: datetime.datetime | None):
    """True/False when first contact is recorded; None when not (unknown, never counted as 'no')."""
    if received_at is None or first_contact_at is None:
        return None
    return first_contact_at - received_at <= SPOKEN_TO_WITHIN


# The concern's one answer -> the SAC answer when no outcome counts as expressed; anything else: not recorded.
ASKED_EXPRESSED, NOT_RECORDED = "asked_expressed", "not_recorded"
ASKED_ANSWERS = {
    "asked": "asked_none",
    "declined": "asked_none",
    "not_asked": "not_asked",
    "unknown": "dont_know",
}


def asked_about_outcomes(outcomes_asked: str, outcomes_expressed: int, *, said_by: str = "") -> str:
    """The SAC 'asked about desired outcomes' answer, derived from the record (never typed twice).

    Any outcome item on the case means the person was asked and said something, whatever the concern's field
    says (outcomes can first be said during the enquiry). Otherwise the concern's one answer decides.
    Outcomes given by the referrer (`said_by` "referrer") are the referrer's view, not the person being asked:
    they count only once staff record that the person was asked.
    """
    if outcomes_expressed > 0 and not is_referrers_view(outcomes_asked, said_by):
        return ASKED_EXPRESSED
    return ASKED_ANSWERS.get(outcomes_asked, NOT_RECORDED)


def is_referrers_view(outcomes_asked: str, said_by: str) -> bool:
    return said_by == "referrer" and outcomes_asked != "asked"


def is_repeat(received_at: datetime.datetime, earlier_received: list[datetime.datetime]) -> bool:
    """A repeat: the same person had another concern in the 12 months before this one was received."""
    start = received_at - datetime.timedelta(days=REPEAT_WINDOW_DAYS)
    return any(start <= other < received_at for other in earlier_received)


def decision_due(received_at: datetime.datetime, hours: int) -> datetime.datetime:
    return received_at + datetime.timedelta(hours=hours)


# --- Closure prompts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """A mandatory prompt not met at closure: a stable code, the message, and where on the page to fix it."""

    code: str
    message: str
    anchor: str = ""


@dataclass(frozen=True)
class ClosureFacts:
    asked_answer: str  # from asked_about_outcomes()
    unrated_outcomes: list[tuple[int, str]]  # (id, words) of active outcomes not rated yet
    first_contact_at: datetime.datetime | None
    capacity: str
    capacity_support: str
    risk_result: str
    risk_outcome: str


@dataclass(frozen=True)
class PromptSettings:
    require_outcomes_asked: bool = True
    require_outcomes_rated: bool = True
    require_first_contact: bool = False
    require_capacity: bool = True
    require_risk_result: bool = True


def closure_prompts(facts: ClosureFacts, settings: PromptSettings) -> list[Prompt]:
    """The council's mandatory prompts that the record does not meet yet; empty means it may close."""
    prompts: list[Prompt] = []
    if settings.require_outcomes_asked and facts.asked_answer not in ("asked_expressed", "asked_none"):
        prompts.append(
            Prompt(
                "outcomes_not_asked",
                "The person was never asked about their desired outcomes: record that they were asked,"
                " or give a"
                " reason for closing without it",
                "outcomes-asked",
            )
        )
    if settings.require_outcomes_rated:
        prompts.extend(
            Prompt(
                "outcome_unrated",
                f"Say whether the outcome '{text}' was fully, partially or not achieved",
                f"outcome-{key}",
            )
            for key, text in facts.unrated_outcomes
        )
    if settings.require_first_contact and facts.first_contact_at is None:
        prompts.append(
            Prompt("no_first_contact", "Record when the person was first contacted", "first-contact")
        )
    if settings.require_capacity:
        if facts.capacity in ("", "not_recorded"):
            prompts.append(
                Prompt(
                    "capacity_not_recorded",
                    "Record whether the person lacked capacity for the enquiry's decisions",
                    "capacity",
                )
            )
        elif facts.capacity == "lacked" and not facts.capacity_support:
            prompts.append(
                Prompt(
                    "capacity_support_missing",
                    "The person lacked capacity: record whether an advocate, family member or friend"
                    " supported them",
                    "capacity",
                )
            )
    if settings.require_risk_result:
        if not facts.risk_result:
            prompts.append(Prompt("no_risk_result", "Record the risk assessment result", "risk"))
        elif facts.risk_result == "identified_action" and not facts.risk_outcome:
            prompts.append(
                Prompt(
                    "no_risk_outcome",
                    "Risk was identified and action taken: say whether it remained, was reduced or removed",
                    "risk",
                )
            )
    return prompts


# --- Decision on a concern ----------------------------------------------------------------------------------


# What to say when a Section 42 criterion (Care Act 2014, s42(1)) is not answered: the criterion in words.
CRITERIA = {
    "criterion_a": "Say whether the person has care and support needs",
    "criterion_b": "Say whether the person is experiencing, or at risk of, abuse or neglect",
    "criterion_c": "Say whether, because of those needs, the person is unable to protect themselves",
}


def decision_problems(
    *,
    decision: str,
    criterion_a: bool | None,
    criterion_b: bool | None,
    criterion_c: bool | None,
    no_enquiry_outcome: str,
    reason: str,
) -> dict[str, str]:
    """{field: message} for a decision that does not hold together; empty when it does."""
    problems: dict[str, str] = {}
    if decision not in ("s42", "other", "none"):
        return {"decision": "Select Section 42 enquiry, other enquiry or no enquiry"}
    criteria = {"criterion_a": criterion_a, "criterion_b": criterion_b, "criterion_c": criterion_c}
    for name, value in criteria.items():
        if value is None:
            problems[name] = CRITERIA[name]
    if problems:
        return problems
    all_met = all(criteria.values())
    if decision == "s42" and not all_met:
        problems["decision"] = (
            "A Section 42 enquiry needs all three criteria (a), (b) and (c) met;"
            " choose other enquiry or no enquiry"
        )
    if decision in ("other", "none") and all_met:
        problems["decision"] = "All three criteria are met, so the council must make a Section 42 enquiry"
    if decision == "none":
        if not no_enquiry_outcome:
            problems["no_enquiry_outcome"] = "Select what happened instead of an enquiry"
        if not reason.strip():
            problems["decision_reason"] = "Say why there is no enquiry"
    elif no_enquiry_outcome:
        problems["no_enquiry_outcome"] = "Only say what happened instead when there is no enquiry"
    if decision == "other" and not reason.strip():
        problems["decision_reason"] = (
            "Say why the council is making an enquiry although not all criteria are met"
        )
    return problems
