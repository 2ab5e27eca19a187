"""Temperature check pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from msp.tempcheck.models import Wave


@login_required
def wave_list(request):
    return render(request, "tempcheck/wave_list.html", {"waves": Wave.objects.all(), "page_title": "Waves"})
