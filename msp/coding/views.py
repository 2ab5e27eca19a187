"""Pages for coding open answers: codebook editor, coding one answer at a time, quote choice and results.

Analysts and superusers edit codebooks and choose quotes; interviewers may code and read results. Only
analysts (and superusers) see which council gave an answer while coding.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from msp.accounts.access import ANALYSTS, PROGRAMME_TEAM, role_required
from msp.coding import results, selectors, services
from msp.coding.analysis import highlight, matched_keywords
from msp.coding.forms import CodingForm, QuoteChoiceForm, TermForm, ThemeForm

CODERS = PROGRAMME_TEAM
EDITORS = ANALYSTS


def _posted(request):
    """The posted data, or None for a GET: an empty POST (nothing ticked) must still bind the form."""
    return request.POST if request.method == "POST" else None


def _context(request, wave_code: str, question_code: str) -> dict:
    wave = selectors.wave_get(wave_code)
    question = selectors.question_get(wave, question_code)
    return {
        "wave": wave,
        "question": question,
        "can_edit": request.user.has_role(*EDITORS),
    }


@role_required(*CODERS)
def index(request):
    waves = [
        (wave, [(q, selectors.progress(wave, q.code, request.user)) for q in selectors.open_questions(wave)])
        for wave in selectors.coding_waves()
    ]
    return render(request, "coding/index.html", {"waves": waves, "page_title": "Open answers"})


@role_required(*CODERS)
def question(request, wave, question):
    context = _context(request, wave, question)
    answers = list(selectors.answers_queryset(context["wave"], question))
    done = selectors.coded_by([a.pk for a in answers], request.user)
    context.update(
        page_title=f"Open answers: {context['question'].text}",
        progress=selectors.progress(context["wave"], question, request.user),
        answers=[(a, a.pk in done) for a in answers],
        show_council=request.user.has_role(*EDITORS),
    )
    return render(request, "coding/question.html", context)


# --- Codebook -----------------------------------------------------------------------------------------------


@role_required(*CODERS)
def codebook(request, wave, question):
    context = _context(request, wave, question)
    context.update(
        page_title=f"Codebook: {context['question'].text}",
        themes=[(t, t.codings.exists()) for t in selectors.codebook(context["wave"], question)],
    )
    return render(request, "coding/codebook.html", context)


@role_required(*EDITORS)
def theme_edit(request, wave, question, theme_id=None):
    context = _context(request, wave, question)
    theme = selectors.theme_get(context["wave"], question, theme_id) if theme_id else None
    initial = (
        {"name": theme.name, "description": theme.description, "keywords": theme.keywords} if theme else None
    )
    form = ThemeForm(
        _posted(request), initial=initial, wave=context["wave"], question_code=question, theme=theme
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if theme is None:
            theme = services.theme_create(
                wave=context["wave"], question_code=question, user=request.user, **data
            )
            messages.success(request, f"Theme '{theme.name}' added")
        else:
            services.theme_update(theme=theme, user=request.user, **data)
            messages.success(request, f"Theme '{theme.name}' saved")
        return redirect("coding:codebook", wave, question)
    context.update(
        form=form,
        theme=theme,
        page_title=f"{'Edit' if theme else 'Add'} a theme",
        in_use=bool(theme and theme.codings.exists()),
    )
    return render(request, "coding/theme_form.html", context)


@require_POST
@role_required(*EDITORS)
def theme_move(request, wave, question, theme_id):
    context = _context(request, wave, question)
    theme = selectors.theme_get(context["wave"], question, theme_id)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.theme_move(theme=theme, direction=direction, user=request.user)
    return redirect(reverse("coding:codebook", args=[wave, question]) + f"#theme-{theme.pk}")


@require_POST
@role_required(*EDITORS)
def theme_delete(request, wave, question, theme_id):
    context = _context(request, wave, question)
    theme = selectors.theme_get(context["wave"], question, theme_id)
    try:
        services.theme_delete(theme=theme, user=request.user)
    except services.ThemeInUseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Theme '{theme.name}' deleted")
    return redirect("coding:codebook", wave, question)


# --- Coding -------------------------------------------------------------------------------------------------


@role_required(*CODERS)
def code_start(request, wave, question):
    """Go to the first answer this person has not coded yet."""
    context = _context(request, wave, question)
    order = list(selectors.answers_queryset(context["wave"], question).values_list("id", flat=True))
    next_id = selectors.next_to_code(order, selectors.coded_by(order, request.user))
    if next_id is None:
        messages.success(request, "You have coded every answer to this question")
        return redirect("coding:question", wave, question)
    return redirect("coding:code_answer", wave, question, next_id)


@role_required(*CODERS)
def code_answer(request, wave, question, answer_id):
    context = _context(request, wave, question)
    answer = selectors.answer_get(context["wave"], question, answer_id)
    themes = selectors.codebook(context["wave"], question)
    done, mine = selectors.coder_state(answer, request.user)
    suggested = {t.pk: matched_keywords(answer.text, t.keyword_list) for t in themes}
    if done:
        initial = {"themes": [str(pk) for pk in mine] or [CodingForm.NO_THEME]}
    else:
        initial = {"themes": [str(pk) for pk, found in suggested.items() if found]}
    form = CodingForm(_posted(request), initial=initial, themes=themes)
    order = list(selectors.answers_queryset(context["wave"], question).values_list("id", flat=True))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_code(
                answer=answer,
                coder=request.user,
                themes=form.cleaned_data["theme_objects"],
                no_theme=form.cleaned_data["no_theme"],
            )
        except ValidationError as error:
            form.add_error("themes", error)
        else:
            next_id = selectors.next_to_code(order, selectors.coded_by(order, request.user), after=answer.pk)
            if next_id is None:
                messages.success(request, "Coding saved. You have coded every answer to this question")
                return redirect("coding:question", wave, question)
            messages.success(request, "Coding saved")
            return redirect("coding:code_answer", wave, question, next_id)
    context.update(_answer_page(answer, form, themes, suggested, order, done))
    context["show_council"] = request.user.has_role(*EDITORS)
    return render(request, "coding/code_answer.html", context)


def _answer_page(answer, form, themes, suggested, order, done) -> dict:
    """What the coding page shows: where the answer is in the walk, its marked keywords and the checkboxes."""
    ticked = set(form["themes"].value() or [])
    at = order.index(answer.pk)
    return {
        "page_title": f"Code answer {at + 1} of {len(order)}",
        "answer": answer,
        "form": form,
        "done": done,
        "position": at + 1,
        "total": len(order),
        "previous_id": order[at - 1] if at > 0 else None,
        "next_id": order[at + 1] if at + 1 < len(order) else None,
        "pieces": highlight(answer.text, [k for t in themes for k in t.keyword_list]),
        "choices": [
            {"theme": t, "checked": str(t.pk) in ticked, "suggested": suggested[t.pk]} for t in themes
        ],
        "no_theme_checked": CodingForm.NO_THEME in ticked,
        "no_theme_value": CodingForm.NO_THEME,
    }


# --- Quotes and results -------------------------------------------------------------------------------------


@role_required(*EDITORS)
def quotes(request, wave, question, theme_id):
    context = _context(request, wave, question)
    theme = selectors.theme_get(context["wave"], question, theme_id)
    candidates = results.quote_candidates(context["wave"], question, theme)
    form = QuoteChoiceForm(
        _posted(request),
        initial={"answers": [str(i) for i, _, chosen in candidates if chosen]},
        answer_ids=[i for i, _, _ in candidates],
    )
    if request.method == "POST" and form.is_valid():
        services.quotes_choose(theme=theme, answer_ids=form.cleaned_data["answers"], user=request.user)
        messages.success(request, f"Quotes for '{theme.name}' saved")
        return redirect(reverse("coding:results", args=[wave, question]) + "#quotes")
    ticked = set(form["answers"].value() or [])
    context.update(
        page_title=f"Choose quotes: {theme.name}",
        theme=theme,
        form=form,
        candidates=[(i, quote, str(i) in ticked) for i, quote, _ in candidates],
    )
    return render(request, "coding/quotes.html", context)


@role_required(*CODERS)
def results_page(request, wave, question):
    context = _context(request, wave, question)
    wave_obj = context["wave"]
    term_form = TermForm(request.GET or None)
    if term_form.is_bound and term_form.is_valid() and term_form.cleaned_data["term"]:
        terms = [(term_form.cleaned_data["term"], term_form.cleaned_data["variants"])]
    else:
        terms = [(t, None) for t in results.DEFAULT_TERMS.get(question, [])]
    coded = results.theme_summary(wave_obj, question)
    context.update(
        page_title=f"Results: {context['question'].text}",
        progress=selectors.progress(wave_obj, question, request.user),
        themes=coded,
        suggested=results.theme_summary(wave_obj, question, basis=results.SUGGESTED, quotes_per_theme=0),
        breakdowns=[results.theme_breakdown(wave_obj, question, by) for by in ("region", "rating")],
        term_form=term_form,
        term_shares=[results.term_share_for(wave_obj, question, t, v) for t, v in terms],
        agreement=results.agreement(wave_obj, question),
    )
    return render(request, "coding/results.html", context)
