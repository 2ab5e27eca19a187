"""Many synthetic people and concerns, made quickly for list tests: bulk inserts, no services, no audit."""

import datetime
import itertools

from django.utils import timezone

from msp.cases.models import Concern, Person

_numbers = itertools.count(1)


def reference(n: int) -> str:
    """A unique reference in the services' shape, from a number (letters only, so never a real pattern)."""
    letters = "ABCDEFGHJKMNPQRSTUVWXYZ"
    chars = ""
    for _ in range(8):
        n, r = divmod(n, len(letters))
        chars = letters[r] + chars
    return f"{chars[:4]}-{chars[4:]}"


def bulk_people(council, count: int, *, family="Quillfeather", **fields) -> list[Person]:
    people = [
        Person(council=council, given_name=f"Given{i:04d}", family_name=family, **fields)
        for i in range(count)
    ]
    return Person.objects.bulk_create(people)


def bulk_concerns(council, count: int, *, person=None, hours_ago=None, due_in_hours=48, **fields):
    """`count` concerns, one an hour back from now (or all at `hours_ago`), each about its own person unless
    one is given; awaiting a decision due `due_in_hours` after it was received."""
    now = timezone.now()
    people = [person] * count if person else bulk_people(council, count)
    rows = []
    for i, who in enumerate(people):
        received = now - datetime.timedelta(hours=hours_ago if hours_ago is not None else i + 1)
        rows.append(
            Concern(
                council=council,
                person=who,
                reference=reference(next(_numbers)),
                received_at=received,
                decision_due_at=received + datetime.timedelta(hours=due_in_hours),
                referrer_type="care_provider",
                what_happened="Synthetic.",
                **fields,
            )
        )
    return Concern.objects.bulk_create(rows)
