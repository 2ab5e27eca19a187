"""Template filters for rendering Django form fields as GOV.UK components."""

from django import forms, template
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


ERROR_PREFIX = "Error: "


def _shows_errors(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    """'Error: ' for the page title when the page shows errors (GOV.UK error summary pattern).

    Any bound form or formset in the context with errors counts, so every form page gets it from base.html;
    a page whose errors come from elsewhere (an interview's problems) sets `has_errors`.
    """
    flat = context.flatten()
    if str(flat.get("page_title", "")).startswith(ERROR_PREFIX):
        return ""  # a view that still says it itself
    if flat.get("has_errors") or any(_shows_errors(value) for value in flat.values()):
        return ERROR_PREFIX
    return ""
