"""Temperature check pages: waves, and capturing an interview section by section, checking and submitting.

Views are thin: forms.py builds and words the forms, selectors.py reads, services.py writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from msp.accounts.access import PROGRAMME_TEAM, role_required
from msp.accounts.models import Role
from msp.core.stale import StaleEditError
from msp.tempcheck import selectors, services
from msp.tempcheck.forms import (
    CONTINUE,
    RETURN_TO_CHECK,
    STALE_MESSAGE,
    SUBMITTED_MESSAGE,
    InterviewDetailsForm,
    RevisionForm,
    SectionForm,
    field_anchor,
    problem_message,
)
from msp.tempcheck.models import Interview, Wave
from msp.tempcheck.services import (
    IncompleteInterviewError,
    SubmittedInterviewError,
    interview_answers,
    interview_problems,
    interview_save,
    interview_submit,
)


def can_reopen(user, interview: Interview) -> bool:
    return user.has_role(Role.ANALYST) or (
        user.role == Role.INTERVIEWER and interview.recorded_by_id == user.pk
    )


# --- Waves -------------------------------------------------------------------------------------------------


@require_GET
@role_required(*PROGRAMME_TEAM)
def wave_list(request):
    return render(
        request, "tempcheck/wave_list.html", {"waves": selectors.wave_list(), "page_title": "Waves"}
    )


@require_GET
@role_required(*PROGRAMME_TEAM)
def wave_detail(request, code):
    overview = selectors.wave_overview(selectors.wave_get(code))
    return render(
        request,
        "tempcheck/wave_overview.html",
        {"o": overview, "wave": overview.wave, "page_title": overview.wave.name},
    )


# --- Capture -----------------------------------------------------------------------------------------------


def _save(
    request, form, interview: Interview, *, answers: dict, facts: dict, stored: dict, title: str
) -> bool:
    """Save what changed; on a stale or submitted interview add the error to the form and save nothing."""
    if interview.status == Interview.Status.SUBMITTED:
        form.add_error(None, SUBMITTED_MESSAGE)
        return False
    changed = [code for code, value in answers.items() if value != stored.get(code, "")]
    changed += [name for name, value in facts.items() if value != getattr(interview, name)]
    if not changed:  # Nothing to write, so nothing anybody else saved can be overwritten.
        return True
    try:
        if form.cleaned_data.get("revision") is None:  # A page that does not say what it was read at.
            raise StaleEditError(interview.pk)
        interview_save(
            interview=interview,
            answers=answers,
            facts=facts,
            user=request.user,
            expected_revision=form.cleaned_data["revision"],
            summary=f"Saved ‘{title}’",
        )
    except SubmittedInterviewError:
        form.add_error(None, SUBMITTED_MESSAGE)
        return False
    except StaleEditError:
        form.add_error(None, STALE_MESSAGE)
        # The page now carries the current revision, so saving again after reviewing goes through.
        form.data = form.data.copy()
        form.data["revision"] = str(Interview.objects.values_list("revision", flat=True).get(pk=interview.pk))
        return False
    return True


def _returning(request) -> bool:
    """Opened from a 'Change' link on check answers: saving goes back there, not on through later sections."""
    return request.GET.get("from") == RETURN_TO_CHECK


def _next_url(interview: Interview, sections, current: str, action: str) -> str:
    if action == RETURN_TO_CHECK:
        return reverse("tempcheck:interview_check", args=[interview.pk])
    if action != CONTINUE:
        return reverse("tempcheck:interview", args=[interview.pk])
    codes = [selectors.DETAILS] + [s.code for s in sections]
    following = codes[codes.index(current) + 1 :]
    if following:
        return reverse("tempcheck:interview_section", args=[interview.pk, following[0]])
    return reverse("tempcheck:interview_check", args=[interview.pk])


def _render_details(request, form, *, wave, council, interview=None):
    title = selectors.DETAILS_TITLE
    return render(
        request,
        "tempcheck/interview_details.html",
        {
            "form": form,
            "wave": wave,
            "council": council,
            "interview": interview,
            "page_title": title,
            "return_to_check": interview is not None and _returning(request),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_TEAM)
def interview_new(request, code, gss_code):
    wave = selectors.wave_get(code)
    if wave.kind != Wave.Kind.INTERVIEWS or wave.instrument_id is None:
        raise Http404("This wave does not record interviews.")
    council = selectors.council_for_new_interview(wave, gss_code)
    existing = wave.interviews.filter(council=council).first()
    if existing is not None:
        return redirect("tempcheck:interview", existing.pk)
    if request.method == "POST":
        form = InterviewDetailsForm(request.POST, complete=request.POST.get("action") == CONTINUE)
        if form.is_valid():
            interview = Interview(wave=wave, council=council)
            try:
                interview_save(interview=interview, answers={}, facts=form.facts(), user=request.user)
            except (ValidationError, IntegrityError):  # Someone started this council's interview meanwhile.
                form.add_error(None, STALE_MESSAGE)
            else:
                sections = selectors.interview_sections(interview)
                return redirect(_next_url(interview, sections, selectors.DETAILS, request.POST.get("action")))
    else:
        form = InterviewDetailsForm(initial={"interviewer_name": request.user.display_name})
    return _render_details(request, form, wave=wave, council=council)


def _details(request, interview: Interview):
    facts = selectors.interview_facts(interview)
    if request.method == "POST":
        form = InterviewDetailsForm(request.POST, complete=request.POST.get("action") == CONTINUE)
        if form.is_valid() and _save(
            request, form, interview, answers={}, facts=form.facts(), stored={}, title=selectors.DETAILS_TITLE
        ):
            sections = selectors.interview_sections(interview)
            return redirect(_next_url(interview, sections, selectors.DETAILS, request.POST.get("action")))
    else:
        form = InterviewDetailsForm(initial=InterviewDetailsForm.initial_for(facts, interview.revision))
    return _render_details(request, form, wave=interview.wave, council=interview.council, interview=interview)


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_TEAM)
def interview_section(request, pk, section):
    interview = selectors.interview_get(pk)
    if request.method == "GET" and interview.status == Interview.Status.SUBMITTED:
        return redirect("tempcheck:interview", interview.pk)
    if section == selectors.DETAILS:
        return _details(request, interview)
    sections = selectors.interview_sections(interview)
    current = next((s for s in sections if s.code == section), None)
    if current is None:
        raise Http404("No such section.")
    items = [item for s in sections for item in s.items]
    stored = interview_answers(interview)
    kwargs = {"section": current, "items": items, "stored": stored}
    if request.method == "POST":
        action = request.POST.get("action")
        form = SectionForm(request.POST, complete=action == CONTINUE, **kwargs)
        if form.is_valid() and _save(
            request, form, interview, answers=form.answers(), facts={}, stored=stored, title=current.title
        ):
            return redirect(_next_url(interview, sections, current.code, action))
    else:
        form = SectionForm(initial=SectionForm.initial_for(current, stored, interview.revision), **kwargs)
    title = current.title
    return render(
        request,
        "tempcheck/interview_section.html",
        {
            "form": form,
            "interview": interview,
            "section": current,
            "page_title": title,
            "return_to_check": _returning(request),
        },
    )


def _problem_links(interview: Interview, state: selectors.InterviewState, problems) -> list[dict]:
    items = {item.code: item for s in state.sections for item in s.items}
    links = []
    for problem in problems:
        section = selectors.problem_section(problem, state.sections)
        url = reverse("tempcheck:interview_section", args=[interview.pk, section])
        links.append(
            {
                "message": problem_message(problem, items),
                "href": f"{url}?from={RETURN_TO_CHECK}#{field_anchor(problem.question, items)}",
            }
        )
    return links


def _summary_context(interview: Interview, state: selectors.InterviewState) -> dict:
    items = {item.code: item for s in state.sections for item in s.items}
    summaries = []
    for section in state.sections:
        blocks = selectors.summary_blocks(section.items, state.answers)
        for block in blocks:
            for row in block.rows:
                row.anchor = field_anchor(row.code, items)
        summaries.append({"section": section, "blocks": blocks})
    return {
        "interview": interview,
        "wave": interview.wave,
        "state": state,
        "summaries": summaries,
        "details_rows": _details_rows(interview),
    }


def _details_rows(interview: Interview) -> list[tuple[str, str, str]]:
    """(label, value shown, anchor of the field) for the interview facts."""
    consent = {True: "Yes", False: "No"}.get(interview.consent_to_attribution, "")
    return [
        (
            "Date of the interview",
            date_format(interview.interview_date) if interview.interview_date else "",
            field_anchor("interview_date", {}),
        ),
        ("Interviewer", interview.interviewer_name, field_anchor("interviewer", {})),
        (
            "Role of the main respondent",
            interview.get_respondent_role_display() if interview.respondent_role else "",
            field_anchor("respondent_role", {}),
        ),
        (
            "May the council be named where its practice is quoted?",
            consent,
            field_anchor("consent_to_attribution", {}),
        ),
    ]


@require_GET
@role_required(*PROGRAMME_TEAM)
def interview_detail(request, pk):
    """The task list of a draft; a submitted interview is shown read only."""
    interview = selectors.interview_get(pk)
    problems = interview_problems(interview, complete=True)
    state = selectors.interview_state(interview, problems)
    if interview.status == Interview.Status.SUBMITTED:
        context = _summary_context(interview, state) | {
            "readonly": True,
            "can_reopen": can_reopen(request.user, interview),
            "page_title": f"{interview.council} – submitted interview",
        }
        return render(request, "tempcheck/interview_check.html", context)
    done = sum(task.status == selectors.COMPLETED for task in state.tasks)
    return render(
        request,
        "tempcheck/interview_task_list.html",
        {"interview": interview, "state": state, "done": done, "page_title": str(interview.council)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_TEAM)
def interview_check(request, pk):
    interview = selectors.interview_get(pk)
    if interview.status == Interview.Status.SUBMITTED:
        return redirect("tempcheck:interview", interview.pk)
    stale = False
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                interview_submit(
                    interview=interview,
                    user=request.user,
                    expected_revision=form.cleaned_data["revision"],
                )
            except IncompleteInterviewError:
                pass  # The problems are listed below, from the same rules.
            except StaleEditError:
                stale = True
                interview.refresh_from_db()
            else:
                return redirect("tempcheck:interview_submitted", interview.pk)
    problems = interview_problems(interview, complete=True)
    state = selectors.interview_state(interview, problems)
    context = _summary_context(interview, state) | {
        "problems": _problem_links(interview, state, problems),
        "stale": stale,
        "stale_message": STALE_MESSAGE,
        "form": RevisionForm(initial={"revision": interview.revision}),
        "page_title": "Check answers and submit",
        "has_errors": bool(problems or stale),
    }
    return render(request, "tempcheck/interview_check.html", context)


@require_GET
@role_required(*PROGRAMME_TEAM)
def interview_submitted(request, pk):
    interview = selectors.interview_get(pk)
    if interview.status != Interview.Status.SUBMITTED:
        return redirect("tempcheck:interview", interview.pk)
    return render(
        request,
        "tempcheck/interview_submitted.html",
        {"interview": interview, "page_title": "Interview submitted"},
    )


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_TEAM)
def interview_reopen(request, pk):
    """GET asks 'Are you sure?'; only the POST from that page reopens."""
    interview = selectors.interview_get(pk)
    if not can_reopen(request.user, interview):
        raise PermissionDenied
    if request.method == "GET":
        if interview.status != Interview.Status.SUBMITTED:
            return redirect("tempcheck:interview", interview.pk)
        return render(
            request,
            "tempcheck/interview_reopen.html",
            {"interview": interview, "page_title": f"Reopen the interview with {interview.council}?"},
        )
    if interview.status == Interview.Status.SUBMITTED:
        services.interview_reopen(interview=interview, user=request.user)
        messages.success(
            request, "The interview has been reopened. Submit it again once it has been changed."
        )
    return redirect("tempcheck:interview", interview.pk)
