"""What the case views share: the stale-save message, error plumbing and the audit of views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.shortcuts import redirect, render

from msp.accounts.audit import audit
from msp.accounts.models import User
from msp.cases.scope import RECORDERS, can
from msp.core.stale import STALE_MESSAGE, StaleEditError, keep_typed  # noqa: F401 (STALE_MESSAGE: tests)


def require(user, roles) -> None:
    """After the object is fetched (404 for other councils), the stricter role check: 403."""
    if not can(user, roles):
        raise PermissionDenied


def add_errors(form: Form, error: ValidationError, field_names: dict[str, str] | None = None) -> None:
    """A service's ValidationError onto the form: on the field when the form has it, else at the top.

    `field_names` maps a model field to the form field that edits it, where their names differ.
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = (field_names or {}).get(field, field)
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


mark_stale = keep_typed  # the name the case views call it by


def viewed(request, obj, summary: str = "") -> None:
    audit(user=request.user, action="view", obj=obj, summary=summary)


def viewed_on_get(request, obj, page: str) -> None:
    """Form pages show the record too: opening one is a view (saving it is audited by the service)."""
    if request.method == "GET":
        viewed(request, obj, summary=f"Opened: {page}"[:300])


def council_staff(council):
    """Staff who can be lead workers, for the lead worker lists."""
    return User.objects.filter(council=council, role__in=RECORDERS, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def form_page(
    request,
    *,
    form: Form,
    save,
    done_url: str,
    context: dict,
    template: str = "cases/form_page.html",
    success: str = "",
    field_names: dict[str, str] | None = None,
):
    """The one-form page: on a valid POST call `save(cleaned_data)` (a service), say `success` in a banner
    on the next page and redirect; a stale save or a service's ValidationError re-renders the page with
    everything the user typed (`field_names`: see add_errors)."""
    shown = context.get("enquiry") or context.get("concern") or context.get("person")
    if shown is not None:
        viewed_on_get(request, shown, context.get("page_title", ""))
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
            messages.success(request, success or f"{context.get('page_title', 'Changes')}: saved")
            return redirect(done_url)
        except StaleEditError as stale:
            mark_stale(form, stale.current_revision)
        except ValidationError as error:
            add_errors(form, error, field_names)
    return render(request, template, {"form": form, "back_url": done_url, **context})
