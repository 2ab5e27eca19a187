"""Browse councils and regions."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from msp.councils.models import Council


@login_required
def council_list(request):
    councils = Council.objects.select_related("region").order_by("region__name", "short_name")
    return render(request, "councils/council_list.html", {"councils": councils, "page_title": "Councils"})
