"""Template filters for the analysis pages: whole-number percentages and signed scores."""

from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """39 -> '39%'; no base (None) -> an en dash."""
    return "–" if value is None else f"{value}%"


@register.filter
def signed(value) -> str:
    """An improvement score or change with its sign: +12, -3, 0; None -> 'Not available'."""
    if value is None:
        return "Not available"
    number = int(value) if value == int(value) else value
    return f"+{number}" if number > 0 else str(number)
