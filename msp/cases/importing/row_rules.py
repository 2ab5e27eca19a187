"""Phase one, within a row: the rules across a row's columns, on its parsed values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from msp.cases import choices as ch
from msp.cases.importing.columns import ENQUIRY_DECISIONS, MAX_OUTCOMES, shown

ENQUIRY_COLUMNS = (
    "first_contact_at",
    "involvement",
    "capacity",
    "capacity_support",
    "risk_result",
    "risk_outcome",
    "closed_at",
)
FEEDBACK_ANSWERS = tuple(f"feedback_{name}" for name, _ in ch.FEEDBACK_QUESTIONS)
FEEDBACK_REQUIRED = ("feedback_respondent", "feedback_method", "feedback_answered_on", *FEEDBACK_ANSWERS)
FEEDBACK_COLUMNS = (*FEEDBACK_REQUIRED, "feedback_comments")
OUTCOME_COLUMNS = tuple(
    (n, f"outcome_{n}_category", f"outcome_{n}_words", f"outcome_{n}_achievement")
    for n in range(1, MAX_OUTCOMES + 1)
)
CRITERIA = tuple((x, f"criterion_{x}") for x in "abc")


@dataclass
class Facts:
    """A row's parsed values for the rules across columns; a rule stays silent about a cell that failed."""

    values: dict[str, Any]
    failed: set[str]

    def __post_init__(self) -> None:
        # The rules read a row's values dozens of times: straight from the dict, and no check of failed
        # cells when none failed.
        self.get = self.values.get  # type: ignore[method-assign]
        if not self.failed:
            self.known = _all_known  # type: ignore[method-assign]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def known(self, *names: str) -> bool:
        return not any(name in self.failed for name in names)


def _all_known(*names: str) -> bool:
    return True


RowProblem = tuple[str, str, str, str]  # rule, column, message, fix


def row_rules(f: Facts) -> Iterator[RowProblem]:
    for rules in (
        _decision_rules,
        _enquiry_rules,
        _date_rules,
        _asked_rules,
        _outcome_rules,
        _feedback_rules,
    ):
        yield from rules(f)


def _decision_rules(f: Facts) -> Iterator[RowProblem]:
    if not f.known(
        "decision", "decided_at", "criterion_a", "criterion_b", "criterion_c", "no_enquiry_outcome"
    ):
        return
    decision = f.get("decision", "")
    if decision and not f.get("decided_at"):
        yield (
            "decision_needs_date",
            "decided_at",
            "a decision needs the date and time it was made",
            "Give decided_at, for example 04/04/2019 10:00.",
        )
    if f.get("decided_at") and not decision:
        yield (
            "date_without_decision",
            "decision",
            "decided_at is given but there is no decision",
            "Give the decision, or leave decided_at blank for a concern awaiting a decision.",
        )
    criteria = {x: f.get(name) for x, name in CRITERIA}
    if decision == ch.Decision.S42:
        for x, met in criteria.items():
            if met is not True:
                yield (
                    "s42_needs_all_criteria",
                    f"criterion_{x}",
                    f"a Section 42 enquiry needs criteria (a), (b) and (c) all met; ({x}) is"
                    f" {'not met' if met is False else 'blank'}",
                    "Answer Yes to (a), (b) and (c), or record the decision as Other enquiry or No enquiry.",
                )
    elif decision and all(met is True for met in criteria.values()):
        yield (
            "criteria_met_needs_s42",
            "decision",
            "all three Section 42 criteria are met, so the decision must be a Section 42 enquiry",
            "Record the decision as Section 42 enquiry, or correct the criteria.",
        )
    if decision == ch.Decision.NONE and not f.get("no_enquiry_outcome"):
        yield (
            "no_enquiry_needs_outcome",
            "no_enquiry_outcome",
            "there is no enquiry, but not what happened instead",
            f"Give one of: {'; '.join(ch.NoEnquiryOutcome.labels)}.",
        )
    if f.get("no_enquiry_outcome") and decision != ch.Decision.NONE:
        yield (
            "only_without_enquiry",
            "no_enquiry_outcome",
            "what happened instead is given only when there is no enquiry",
            "Leave it blank, or record the decision as No enquiry.",
        )


def _enquiry_rules(f: Facts) -> Iterator[RowProblem]:
    if not f.known("decision"):
        return
    if f.get("decision") not in ENQUIRY_DECISIONS:
        for name in ENQUIRY_COLUMNS:
            if f.get(name):
                yield (
                    "only_with_enquiry",
                    name,
                    f"`{name}` is given but the concern has no enquiry",
                    "Leave it blank, or record the decision as Section 42 enquiry or Other enquiry.",
                )
        return
    if f.known("capacity") and f.get("capacity_support") and f.get("capacity") != "lacked":
        yield (
            "capacity_support_only_where_lacking",
            "capacity_support",
            "support where capacity was lacking is given, but capacity is not 'Yes, lacked capacity'",
            "Leave capacity_support blank, or set capacity to 'Yes, lacked capacity'.",
        )
    if f.known("risk_result") and f.get("risk_outcome") and f.get("risk_result") != "identified_action":
        yield (
            "risk_outcome_only_where_action",
            "risk_outcome",
            "a risk outcome is recorded only where risk was identified and action taken",
            "Leave risk_outcome blank, or set risk_result to 'Risk identified and action taken'.",
        )


def _date_rules(f: Facts) -> Iterator[RowProblem]:
    received, decided, closed = f.get("received_at"), f.get("decided_at"), f.get("closed_at")
    if received is None:
        return
    for name in ("decided_at", "first_contact_at", "closed_at"):
        moment = f.get(name)
        if moment is not None and moment < received:
            yield (
                f"{name.removesuffix('_at')}_before_received",
                name,
                f"{shown(moment)} is before the concern was received ({shown(received)})",
                "Check both dates: nothing can happen to a concern before it is received.",
            )
    if decided and closed and received <= closed < decided:
        yield (
            "closed_before_decided",
            "closed_at",
            f"the enquiry closed ({shown(closed)}) before the decision to make it ({shown(decided)})",
            "Check closed_at and decided_at.",
        )


def _asked_rules(f: Facts) -> Iterator[RowProblem]:
    if f.get("outcomes_asked") == ch.OutcomesAsked.NOT_ASKED and not f.get("outcomes_not_asked_reason"):
        yield (
            "not_asked_needs_reason",
            "outcomes_not_asked_reason",
            "the person was not asked about their desired outcomes, and no reason is given",
            "Say why they were not asked.",
        )


def _outcome_rules(f: Facts) -> Iterator[RowProblem]:
    closed = f.get("closed_at") is not None and f.get("decision") in ENQUIRY_DECISIONS
    for n, category, words, rated in OUTCOME_COLUMNS:
        if not (f.get(category) or f.get(words) or f.get(rated)):
            continue  # nothing given for this outcome: no rule applies
        if not f.known(category, words, rated):
            continue
        if f.get(words) and not f.get(category):
            yield (
                "outcome_needs_category",
                category,
                f"desired outcome {n} has words but no category",
                "Give its category ('Something else, in the person's own words' if none fits).",
            )
        if f.get(category) and not f.get(words):
            yield (
                "outcome_needs_words",
                words,
                f"desired outcome {n} has a category but no words",
                "Write the outcome in the person's own words.",
            )
        if f.get(rated) and not (f.get(words) or f.get(category)):
            yield (
                "achievement_without_outcome",
                rated,
                f"desired outcome {n} is rated but not given",
                f"Give outcome_{n}_category and outcome_{n}_words, or leave the rating blank.",
            )
        elif f.get(rated) and not closed and f.known("decision", "closed_at"):
            yield (
                "achievement_needs_closure",
                rated,
                "outcomes are rated when an enquiry closes, and this concern has no closed enquiry",
                "Leave the rating blank, or give the enquiry's closed_at.",
            )


def _feedback_rules(f: Facts) -> Iterator[RowProblem]:
    given = [n for n in FEEDBACK_COLUMNS if f.get(n) or not f.known(n)]
    if not given or not f.known("decision"):
        return
    if f.get("decision") not in ENQUIRY_DECISIONS:
        yield (
            "feedback_needs_enquiry",
            given[0],
            "feedback is given but the concern has no enquiry",
            "Leave the feedback columns blank for a concern without an enquiry.",
        )
        return
    for name in FEEDBACK_REQUIRED:
        if not f.get(name) and f.known(name):
            yield (
                "feedback_incomplete",
                name,
                f"feedback is given but `{name}` is blank",
                "Give who answered, how, when, and every answer ('Not asked' for a question not asked).",
            )
    answered, decided, closed = f.get("feedback_answered_on"), f.get("decided_at"), f.get("closed_at")
    if answered and decided and answered < timezone.localtime(decided).date():
        yield (
            "feedback_before_enquiry",
            "feedback_answered_on",
            f"the feedback ({answered:%d/%m/%Y}) is dated before the enquiry began ({shown(decided)})",
            "Check feedback_answered_on and decided_at.",
        )
    independent = f.get("feedback_method") == ch.FeedbackMethod.INDEPENDENT
    if (
        independent
        and answered
        and f.known("closed_at")
        and (closed is None or answered < timezone.localtime(closed).date())
    ):
        yield (
            "independent_after_closure",
            "feedback_answered_on",
            "independent feedback is asked after the enquiry has closed",
            "Give the enquiry's closed_at, or correct the date or the way of asking.",
        )
