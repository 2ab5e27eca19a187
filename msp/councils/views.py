"""Browse councils: a filtered list and a page per council."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msp.accounts.access import role_required
from msp.councils import selectors
from msp.councils.forms import CouncilFilterForm


@role_required()  # anyone signed in
@require_GET
def council_list(request):
    form = CouncilFilterForm(request.GET or None)
    filters = form.filters()
    councils = list(selectors.council_list(**filters))
    context = {"form": form, "councils": councils, "valid_on": filters["valid_on"], "page_title": "Councils"}
    return render(request, "councils/council_list.html", context)


@role_required()  # anyone signed in
@require_GET
def council_detail(request, gss_code: str):
    council = selectors.council_get(gss_code)
    if council is None:
        raise Http404("No council has that GSS code.")
    return render(request, "councils/council_detail.html", {"council": council, "page_title": council.name})
