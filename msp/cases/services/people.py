"""Services for people: create with a possible-duplicate check, update, add representatives."""

from __future__ import annotations

import datetime

from django.db import transaction

from msp.cases.models import Person, Representative
from msp.cases.rules import normalise_nhs_number
from msp.cases.services._common import audit_change, audit_create, lock_and_check, snapshot

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "known_as",
    "date_of_birth",
    "approximate_age",
    "address",
    "nhs_number",
    "gender",
    "ethnicity",
    "support_reason",
    "area",
)


class PossibleDuplicateError(Exception):
    """People already recorded who may be the same person; the user must look and confirm past them."""

    def __init__(self, candidates: list[Person]):
        self.candidates = candidates
        super().__init__(f"{len(candidates)} possible duplicate(s)")


def person_create(
    *,
    council,
    user,
    given_name: str,
    family_name: str,
    known_as: str = "",
    date_of_birth: datetime.date | None = None,
    approximate_age: int | None = None,
    address: str = "",
    nhs_number: str = "",
    gender: str = "",
    ethnicity: str = "",
    support_reason: str = "",
    area: str = "",
    confirmed_not_duplicate: bool = False,
) -> Person:
    """Record an adult at risk. Raises PossibleDuplicateError unless `confirmed_not_duplicate`.

    An approximate age is kept only when the date of birth is not known (the date of birth wins).
    """
    from msp.cases.selectors import possible_duplicates

    person = Person(
        council=council,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        known_as=known_as.strip(),
        date_of_birth=date_of_birth,
        approximate_age=None if date_of_birth else approximate_age,
        address=address.strip(),
        nhs_number=normalise_nhs_number(nhs_number),
        gender=gender,
        ethnicity=ethnicity,
        support_reason=support_reason,
        area=area.strip(),
        created_by=user,
    )
    person.full_clean()
    if not confirmed_not_duplicate:
        candidates = possible_duplicates(
            council=council,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            nhs_number=person.nhs_number,
        )
        if candidates:
            raise PossibleDuplicateError(candidates)
    with transaction.atomic():
        person.save()
        audit_create(user=user, obj=person, fields=PERSON_FIELDS, summary="Person recorded")
    return person


def person_update(*, person: Person, user, expected_revision: int | None, **fields) -> Person:
    """Change the person's details; refuses a stale save (StaleEditError). A date of birth, once known,
    replaces the approximate age."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {', '.join(sorted(unknown))}")
    if "nhs_number" in fields:
        fields["nhs_number"] = normalise_nhs_number(fields["nhs_number"])
    if "address" in fields:
        fields["address"] = fields["address"].strip()
    with transaction.atomic():
        lock_and_check(person, expected_revision)
        before = snapshot(Person.objects.get(pk=person.pk), PERSON_FIELDS)
        for name, value in fields.items():
            setattr(person, name, value)
        if person.date_of_birth:
            person.approximate_age = None
        person.full_clean()
        person.save()
        audit_change(
            user=user,
            obj=person,
            before=before,
            fields=PERSON_FIELDS,
            summary="Person details changed",
        )
    return person


def representative_add(*, person: Person, user, kind: str, name: str, contact: str = "") -> Representative:
    rep = Representative(
        council=person.council, person=person, kind=kind, name=name.strip(), contact=contact.strip()
    )
    rep.full_clean()
    with transaction.atomic():
        rep.save()
        audit_create(
            user=user,
            obj=rep,
            fields=("person", "kind", "name", "contact"),
            summary=f"Representative added for person {person.pk}",
        )
    return rep
