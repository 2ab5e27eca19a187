"""GOV.UK conditional reveals: radios whose chosen answer shows the follow-up questions that apply to it.

Without JavaScript every follow-up shows (govuk-frontend hides them only once its script runs), labelled so
it reads as "if ..."; with it, only the chosen answer's follow-ups show."""

from __future__ import annotations

from django.forms import BoundField, Form

REVEAL_TEMPLATE = "govuk/radios_reveal.html"
REVEALED_TEMPLATE = "govuk/revealed.html"  # renders nothing where the field would stand on its own


class RevealBoundField(BoundField):
    @property
    def reveal_items(self) -> list[dict]:
        """Each radio with the bound fields its answer reveals and the id of the box holding them."""
        items = []
        for choice in self:
            nested = [self.form[name] for name in self.field.reveals.get(str(choice.data["value"]), ())]
            items.append(
                {
                    "choice": choice,
                    "fields": nested,
                    "id": f"conditional-{choice.id_for_label}" if nested else "",
                    "open": bool(nested) and choice.data["selected"],
                }
            )
        return items


def add_reveals(form: Form, name: str, reveals: dict[str, list[str]]) -> None:
    """Nest each answer's follow-up fields under that answer of the radio field `name`."""
    field = form.fields[name]
    field.reveals = reveals
    field.template_name = REVEAL_TEMPLATE
    field.bound_field_class = RevealBoundField
    for names in reveals.values():
        for nested in names:
            form.fields[nested].template_name = REVEALED_TEMPLATE
