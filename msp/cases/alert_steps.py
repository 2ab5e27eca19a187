"""The partner alert form as question pages: which questions each page asks, what is kept between pages
(in the session, raw as typed), and the check-answers summary."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format

from msp.cases.alert import HONEYPOT, AlertSubmission
from msp.core.templatetags.govuk import govuk_anchor
from msp.councils.models import Council
from msp.councils.resolver import record_of
from msp.councils.search import council_search

ANSWERS_KEY = "msp_alert_answers"  # {page slug: {field name: [values as typed]}}
BOT_KEY = "msp_alert_bot"  # the honeypot was filled on some page: the report is thanked and dropped
NOT_GIVEN = "Not given"
SUMMARY_KEYS = {"council": "Council area"}  # where the page's own label reads oddly out of context


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]
    outcomes: bool = False  # this page also has the outcome rows

    @property
    def url(self) -> str:
        return reverse("cases_alert:step", args=[self.slug])


STEPS = (
    Step("council", "Which council area did it happen in?", ("council",)),
    Step(
        "about-you",
        "About you",
        ("referrer_type", "referrer_name", "referrer_organisation", "referrer_phone", "referrer_email"),
    ),
    Step(
        "the-person",
        "The person you are worried about",
        (
            "given_name",
            "family_name",
            "known_as",
            "date_of_birth",
            "approximate_age",
            "address",
            "nhs_number",
        ),
    ),
    Step("telling-them", "Telling the person", ("knows_about_report", "knows_about_report_why")),
    Step("what-happened", "What happened", ("risk_types", "location", "source_of_risk", "what_happened")),
    Step(
        "what-they-want",
        "What the person wants",
        ("said_by", "wants_to_happen", "involvement_wishes"),
        outcomes=True,
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}
OUTCOME_KEYS = "outcome-"


def step_keys(step: Step, data) -> list[str]:
    """The posted keys that belong to a page (a date's three boxes, the outcome rows and their count)."""
    keys = []
    for key in data:
        base = key.rsplit("_", 1)[0] if key.endswith(("_day", "_month", "_year")) else key
        if base in step.fields or (step.outcomes and key.startswith(OUTCOME_KEYS)):
            keys.append(key)
    return keys


def saved(session) -> dict:
    return session.get(ANSWERS_KEY, {})


def save_step(session, step: Step, data) -> None:
    answers = dict(saved(session))
    answers[step.slug] = {key: data.getlist(key) for key in step_keys(step, data)}
    session[ANSWERS_KEY] = answers


def merged(session, step: Step | None = None, data=None) -> MultiValueDict:
    """Everything typed so far, with this page's new answers (if any) in place of its saved ones."""
    answers = dict(saved(session))
    if step is not None and data is not None:
        answers[step.slug] = {key: data.getlist(key) for key in step_keys(step, data)}
    result = MultiValueDict()
    for page in answers.values():
        for key, values in page.items():
            result.setlist(key, values)
    if data is not None and "add_outcome" in data:
        result["add_outcome"] = "1"
    return result


def forget(session) -> None:
    session.pop(ANSWERS_KEY, None)
    session.pop(BOT_KEY, None)


def judge(submission: AlertSubmission, step: Step) -> list:
    """Check everything, then keep only this page's errors: later pages are not judged before they're seen."""
    submission.is_valid()
    kept = {name: errors for name, errors in submission.form.errors.items() if name in step.fields}
    submission.form._errors.clear()
    submission.form._errors.update(kept)
    if not step.outcomes and submission.outcomes.is_bound:
        for row in submission.outcomes.forms:
            row._errors.clear()
        submission.outcomes._non_form_errors = submission.outcomes.error_class()
    return submission.errors(step.fields, outcomes=step.outcomes)


def first_unfinished(session) -> Step | None:
    """The first page not yet answered, or whose answers no longer pass (None: ready to check)."""
    answers = saved(session)
    submission = AlertSubmission(merged(session))
    submission.is_valid()
    bad = set(submission.form.errors)
    for step in STEPS:
        if step.slug not in answers or bad & set(step.fields):
            return step
        if step.outcomes and not submission.outcomes.is_valid():
            return step
    return None


def council_results(text: str) -> list[tuple[str, str]]:
    """(GSS code, short name) of today's councils matching a search."""
    councils = Council.objects.valid_on(timezone.localdate()).prefetch_related("aliases", "successors")
    return [(r.gss_code, r.short_name) for r in council_search(text, [record_of(c) for c in councils])]


def _shown(bound, value) -> str:
    if value in (None, "", []):
        return NOT_GIVEN
    if bound.name == "nhs_number" and len(value) == 10:
        return f"{value[:3]} {value[3:6]} {value[6:]}"  # as it is printed on NHS letters
    field = bound.field
    if hasattr(field, "choices"):
        labels = dict(field.choices)
        if isinstance(value, list):
            return "\n".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if hasattr(value, "strftime"):
        return date_format(value, "j F Y")
    return str(value)


def summary(submission: AlertSubmission) -> list[dict]:
    """Check-answers rows by page: question, answer as the person will recognise it, and its Change link."""
    data = submission.form.cleaned_data
    pages = []
    for step in STEPS:
        rows = []
        for name in step.fields:
            bound = submission.form[name]
            rows.append(
                {
                    "key": SUMMARY_KEYS.get(name, bound.label),
                    "value": _shown(bound, data.get(name)),
                    "href": f"{step.url}?change=1#{govuk_anchor(bound)}",
                }
            )
        if step.outcomes:
            forms = submission.outcomes.forms
            labels = dict(forms[0].fields["category"].choices) if forms else {}
            for number, outcome in enumerate(submission.outcome_rows(), start=1):
                rows.append(
                    {
                        "key": f"Outcome {number}",
                        "value": f"{labels.get(outcome.category, outcome.category)}: {outcome.own_words}",
                        "href": f"{step.url}?change=1#outcomes",
                    }
                )
        pages.append({"step": step, "rows": rows})
    return pages


def honeypot_filled(data) -> bool:
    return bool(data.get(HONEYPOT, "").strip())
