"""Template filters for rendering Django form fields as GOV.UK components."""

from django import template
from django.forms import widgets

register = template.Library()

_CLASS_BY_WIDGET = {
    widgets.Textarea: "govuk-textarea",
    widgets.Select: "govuk-select",
    widgets.ClearableFileInput: "govuk-file-upload",
    widgets.FileInput: "govuk-file-upload",
}


@register.filter
def widget_type(bound_field) -> str:
    from msp.core.forms import GovukDateInput

    widget = bound_field.field.widget
    if isinstance(widget, GovukDateInput):
        return "govukdate"
    return widget.__class__.__name__.lower()


@register.filter
def govuk_widget(bound_field):
    """Render the widget with the GOV.UK class, error state and aria-describedby for hint and error."""
    widget = bound_field.field.widget
    css = next((c for cls, c in _CLASS_BY_WIDGET.items() if isinstance(widget, cls)), "govuk-input")
    if bound_field.errors:
        css += f" {css}--error"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(filter(None, [css, widget.attrs.get("class", "")]))}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def govuk_anchor(bound_field) -> str:
    """Where an error-summary link should jump: the first input of the field."""
    from msp.core.forms import GovukDateInput

    widget = bound_field.field.widget
    if isinstance(widget, GovukDateInput):
        return f"{bound_field.auto_id}_day"
    if isinstance(widget, (widgets.RadioSelect, widgets.CheckboxSelectMultiple)):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
