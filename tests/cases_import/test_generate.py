"""`msp cases_generate`: invented cases for real councils, national-like proportions, the same for a seed."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases import selectors
from msp.cases.models import (
    Concern,
    ConcernRiskType,
    DesiredOutcome,
    Enquiry,
    EnquiryInvolvement,
    Feedback,
    OutcomeChange,
    Person,
)
from msp.cases.rules import asked_about_outcomes, is_repeat, nhs_number_is_valid, spoken_within_24_hours
from msp.cases.synthetic import choose_councils, plan_council, setting_for, yearly_volumes
from msp.councils.models import Council

START, END = datetime.date(2019, 4, 1), datetime.date(2020, 3, 31)


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("cases_generate", *args, stdout=out)
    return out.getvalue()


def share(counter: Counter, *keys) -> float:
    return sum(counter[k] for k in keys) / sum(counter.values())


@pytest.mark.django_db
def test_a_seeded_run_has_national_like_proportions():
    output = generate(
        "--councils", "1", "--years", "1", "--seed", "4", "--start-year", "2019", "--per-year", "3000"
    )

    concerns = Concern.objects.annotate(expressed=Count("outcomes"))
    assert 2800 <= concerns.count() <= 3300
    risks = Counter(ConcernRiskType.objects.values_list("code", flat=True))
    assert 0.28 <= share(risks, "neglect") <= 0.39  # about a third of risks
    locations = Counter(concerns.values_list("location", flat=True))
    assert 0.40 <= share(locations, "own_home") <= 0.50  # about 45%
    asked = Counter(asked_about_outcomes(c.outcomes_asked, c.expressed) for c in concerns)
    assert 0.70 <= share(asked, "asked_expressed") <= 0.80  # roughly three in four
    rated = Counter(DesiredOutcome.objects.exclude(achievement="").values_list("achievement", flat=True))
    assert share(rated, "fully", "partially") >= 0.85  # most fully or partially achieved
    decisions = Counter(concerns.exclude(decision="").values_list("decision", flat=True))
    assert 0.30 <= share(decisions, "s42", "other") <= 0.40  # conversion to enquiry
    assert decisions["s42"] > 2 * decisions["other"]  # most enquiries are Section 42
    spoken = Counter(
        spoken_within_24_hours(e.concern.received_at, e.first_contact_at)
        for e in Enquiry.objects.select_related("concern").exclude(first_contact_at=None)
    )
    assert share(spoken, True) > 0.6
    assert len(set(Enquiry.objects.exclude(capacity="").values_list("capacity", flat=True))) == 4
    assert Feedback.objects.exists() and EnquiryInvolvement.objects.exists()
    assert "concerns/s" in output


@pytest.mark.django_db
def test_the_derived_asked_answer_agrees_with_the_selector():
    generate("--councils", "1", "--years", "1", "--seed", "5", "--start-year", "2019", "--per-year", "150")

    for concern in Concern.objects.annotate(expressed=Count("outcomes"))[:150]:
        assert selectors.asked_answer(concern) == asked_about_outcomes(
            concern.outcomes_asked, concern.expressed
        )


@pytest.mark.django_db
def test_every_row_belongs_to_a_chosen_council_with_one_audit_event_each():
    generate("--councils", "3", "--years", "2", "--seed", "6", "--start-year", "2018", "--per-year", "60")

    chosen = set(Concern.objects.values_list("council", flat=True))
    assert len(chosen) == 3
    for model in (Person, Enquiry, DesiredOutcome, OutcomeChange, Feedback, ConcernRiskType):
        assert set(model.objects.values_list("council", flat=True)) <= chosen
    assert all(c.person.council_id == c.council_id for c in Concern.objects.select_related("person"))
    events = AuditEvent.objects.filter(action="import", object_type="cases.Concern")
    assert sorted(events.values_list("council", flat=True)) == sorted(chosen)
    assert all(e.changes["synthetic"] and e.changes["seed"] == 6 for e in events)


@pytest.mark.django_db
def test_the_same_seed_plans_the_same_cases():
    council = Council.objects.valid_on(START).order_by("gss_code").first()
    setting = setting_for(council, timezone.now())

    def fingerprint(seed: int):
        plan = plan_council(council, seed=seed, start_year=2019, years=1, setting=setting, per_year=300)
        return (
            [(p.given_name, p.family_name, p.date_of_birth, p.nhs_number) for p in plan.people],
            [(c.received_at, c.referrer_type, c.location, c.decision, c.decided_at) for c in plan.concerns],
            [(o.own_words, o.achievement) for o in plan.outcomes],
            [(e.first_contact_at, e.closed_at, e.risk_result) for e in plan.enquiries],
        )

    assert fingerprint(7) == fingerprint(7)
    assert fingerprint(7) != fingerprint(8)


@pytest.mark.django_db
def test_councils_are_chosen_by_seed_from_those_that_existed_throughout():
    first = choose_councils(5, seed=1, start=START, end=END)

    assert first == choose_councils(5, seed=1, start=START, end=END)
    assert first != choose_councils(5, seed=2, start=START, end=END)
    assert all(c.is_valid_on(START) and c.is_valid_on(END) for c in first)


@pytest.mark.django_db
def test_it_refuses_more_councils_than_existed():
    with pytest.raises(CommandError, match="councils asked for, but only"):
        generate("--councils", "400", "--years", "1", "--seed", "1")
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_people_are_invented_and_plausible():
    generate("--councils", "1", "--years", "2", "--seed", "9", "--start-year", "2019", "--per-year", "300")

    numbers = [n for n in Person.objects.values_list("nhs_number", flat=True) if n]
    assert numbers and all(n.startswith("999") and nhs_number_is_valid(n) for n in numbers)  # test range only
    for person in Person.objects.prefetch_related("concerns"):
        first = min(timezone.localtime(c.received_at).date() for c in person.concerns.all())
        assert 18 <= (first - person.date_of_birth).days // 365.25 <= 100
        moments = sorted(c.received_at for c in person.concerns.all())
        flags = {c.received_at: c.is_repeat for c in person.concerns.all()}
        assert [flags[m] for m in moments] == [is_repeat(m, moments[:i]) for i, m in enumerate(moments)]
    ages = Counter(selectors.age_band(p.date_of_birth, END) for p in Person.objects.all())
    assert ages.most_common(1)[0][0] in ("18-64", "85-94") and ages["95+"] < ages["85-94"]


@pytest.mark.django_db
def test_generated_records_keep_the_models_rules():
    generate("--councils", "1", "--years", "1", "--seed", "3", "--start-year", "2020", "--per-year", "200")

    for model in (Person, Concern, ConcernRiskType, Enquiry, EnquiryInvolvement, DesiredOutcome, Feedback):
        rows = list(model.objects.all()[:200])
        assert rows, model  # each kind was generated, so there was something to check
        for obj in rows:
            obj.full_clean()


def test_volume_follows_the_council_type():
    import random

    county = type("C", (), {"council_type": "County council"})()
    borough = type("C", (), {"council_type": "London borough"})()
    counties = [yearly_volumes(county, random.Random(n), 1, None)[0] for n in range(50)]
    boroughs = [yearly_volumes(borough, random.Random(n), 1, None)[0] for n in range(50)]
    assert 800 <= min(boroughs) < max(boroughs) <= 4000 and 800 <= min(counties) < max(counties) <= 4000
    assert sum(counties) > 1.5 * sum(boroughs)
    assert yearly_volumes(county, random.Random(1), 3, 250) == [250, 250, 250]
