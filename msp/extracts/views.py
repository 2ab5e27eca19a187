"""Pages for a council's data officer or lead: upload an extract, map it, check it, import it.

Every page is scoped to the user's own council: another council's upload or mapping is a 404. The upload,
each mapping change, the check, the import and each mapping download are audited (in `jobs` or here).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msp.accounts.access import role_required
from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent, Role
from msp.core.tabular import describe
from msp.extracts import jobs
from msp.extracts import mapping as mp
from msp.extracts.forms import ColumnsForm, ProfileFileForm, UploadForm, ValuesForm
from msp.extracts.models import ExtractJob, MappingProfile
from msp.extracts.suggest import suggest_columns, suggest_values

IMPORTERS = (Role.DATA_OFFICER, Role.SAFEGUARDING_LEAD)  # import into their own council only
importer_required = role_required(*IMPORTERS, council=True)
MAX_MAPPING_BYTES = 512 * 1024


def _job(request, pk: int) -> ExtractJob:
    return get_object_or_404(ExtractJob, pk=pk, council_id=request.user.council_id)


@importer_required
@require_http_methods(["GET", "POST"])
def index(request):
    council = request.user.council
    form = UploadForm(council=council)
    problems = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, council=council)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            profile = form.cleaned_data["profile"]
            if upload.size > jobs.FILE_WORDING.max_bytes:
                form.add_error(
                    "file", f"The selected file must be smaller than {jobs.FILE_WORDING.max_bytes // 2**20}MB"
                )
            else:
                job, report = jobs.upload(
                    user=request.user,
                    council=council,
                    name=upload.name,
                    data=upload.read(),
                    profile=profile,
                )
                if job is not None:
                    return _after_mapping_change(request, job)
                problems = [describe(p) for p in report.problems]
                form.add_error("file", "The selected file cannot be read: " + report.problems[0].message)
    return render(
        request,
        "extracts/index.html",
        {
            "page_title": "Import records from another system",
            "form": form,
            "problems": problems,
            "profiles": MappingProfile.objects.filter(council=council).select_related("created_by"),
            "recent": ExtractJob.objects.filter(council=council).select_related("user")[:20],
            "profile_form": ProfileFileForm(),
        },
    )


def _after_mapping_change(request, job: ExtractJob):
    """Where a job goes next: the columns, then the values, then (all mapped) the check."""
    columns = jobs.columns_for(job.council)
    mapping = jobs.mapping_of(job, columns)
    in_columns, in_values = jobs.blockers(job, mapping, columns)
    if not mapping.columns or in_columns:
        return redirect("extracts:columns", job.pk)
    if in_values:
        return redirect("extracts:values", job.pk)
    jobs.queue(job, writes=False, user=request.user)
    return redirect("extracts:job", job.pk)


@importer_required
@require_http_methods(["GET", "POST"])
def columns(request, pk: int):
    job = _job(request, pk)
    if job.state not in (ExtractJob.State.MAPPING, ExtractJob.State.CHECKED, ExtractJob.State.FAILED) or (
        job.state == ExtractJob.State.FAILED and job.writes
    ):
        return redirect("extracts:job", job.pk)
    all_columns = jobs.columns_for(job.council)
    mapping = jobs.mapping_of(job, all_columns)
    suggestions = suggest_columns(all_columns, job.survey["headings"], job.survey.get("distinct", {}))
    kwargs = {"columns": all_columns, "survey": job.survey, "mapping": mapping, "suggestions": suggestions}
    form = ColumnsForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        new = form.mapping(mapping)
        jobs.save_mapping(job, new, user=request.user, what="the columns")
        return redirect("extracts:values", job.pk)
    return render(
        request,
        "extracts/columns.html",
        {
            "page_title": "Match the columns",
            "job": job,
            "form": form,
            "groups": [
                (title, [[form[name] for name in names] for names in fields])
                for title, fields in form.groups.items()
            ],
            "preview": job.survey.get("preview", []),
            "headings": job.survey.get("headings", []),
        },
    )


@importer_required
@require_http_methods(["GET", "POST"])
def values(request, pk: int):
    job = _job(request, pk)
    if job.busy or job.state in (ExtractJob.State.IMPORTED, ExtractJob.State.ABANDONED):
        return redirect("extracts:job", job.pk)
    all_columns = jobs.columns_for(job.council)
    mapping = jobs.mapping_of(job, all_columns)
    found = suggest_values(mapping, all_columns, job.survey.get("distinct", {}))
    name = mapping.name or (job.profile.name if job.profile else "")
    form = ValuesForm(request.POST or None, columns=all_columns, found=found, name=name)
    if request.method == "POST" and form.is_valid():
        mapping.values = form.values()
        jobs.save_mapping(job, mapping, user=request.user, what="the values")
        profile_name = form.cleaned_data["profile_name"].strip()
        if profile_name:
            job.profile = jobs.save_profile(
                council=job.council, name=profile_name, mapping=mapping, user=request.user
            )
            job.mapping = mapping.to_document()
            job.save(update_fields=["profile", "mapping", "updated_at"])
            messages.success(request, f"Mapping saved as {job.profile}.")
        return _after_mapping_change(request, job)
    return render(
        request,
        "extracts/values.html",
        {
            "page_title": "Match the values",
            "job": job,
            "form": form,
            "groups": [(column, [form[n] for n in names]) for column, names in form.groups.items()],
        },
    )


@importer_required
@require_GET
def job(request, pk: int):
    job = _job(request, pk)
    result = job.result or {}
    return render(
        request,
        "extracts/job.html",
        {
            "page_title": job.file_name,
            "job": job,
            "result": result,
            "headline": result.get("headline", ""),
            "columns_url": reverse("extracts:columns", args=[job.pk]),
        },
    )


@importer_required
@require_GET
def job_status(request, pk: int):
    job = _job(request, pk)
    return JsonResponse(
        {"state": job.state, "busy": job.busy, "stage": job.stage, "percent": job.percent, "done": job.done}
    )


@importer_required
@require_POST
def start_import(request, pk: int):
    job = _job(request, pk)
    if job.state != ExtractJob.State.CHECKED:
        messages.error(request, "Only a checked file can be imported: check it first.")
        return redirect("extracts:job", job.pk)
    jobs.queue(job, writes=True, user=request.user)
    return redirect("extracts:job", job.pk)


@importer_required
@require_POST
def abandon(request, pk: int):
    job = _job(request, pk)
    if not job.busy and job.state != ExtractJob.State.IMPORTED:
        jobs.finish(job, ExtractJob.State.ABANDONED)
        audit(
            user=request.user,
            action=AuditEvent.Action.DELETE,
            obj=job,
            summary=f"Deleted the upload {job.file_name}",
        )
        messages.success(request, f"{job.file_name} was deleted; nothing was imported.")
    return redirect("extracts:index")


@importer_required
@require_GET
def profile_download(request, pk: int, kind: str):
    profile = get_object_or_404(MappingProfile, pk=pk, council_id=request.user.council_id)
    columns = jobs.columns_for(profile.council)
    text = mp.from_document(profile.document, columns).dumps(kind)
    audit(
        user=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=profile,
        summary=f"Downloaded extract mapping {profile} as {kind.upper()}",
    )
    slug = "".join(ch if ch.isalnum() else "-" for ch in profile.name.lower()).strip("-") or "mapping"
    response = HttpResponse(
        text.encode("utf-8"), content_type="application/json" if kind == "json" else "application/yaml"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-v{profile.version}.{kind}"'
    return response


@importer_required
@require_POST
def profile_upload(request):
    form = ProfileFileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_MAPPING_BYTES:
            messages.error(request, "The mapping file must be smaller than 512KB.")
            return redirect("extracts:index")
        try:
            found = mp.loads(upload.read(), jobs.columns_for(request.user.council))
        except mp.MappingError as exc:
            messages.error(request, f"{upload.name} cannot be used: " + "; ".join(exc.problems[:10]))
            return redirect("extracts:index")
        name = found.name or upload.name.rsplit(".", 1)[0]
        profile = jobs.save_profile(council=request.user.council, name=name, mapping=found, user=request.user)
        messages.success(request, f"Mapping {profile} added.")
    else:
        messages.error(request, "Select a mapping file.")
    return redirect("extracts:index")
