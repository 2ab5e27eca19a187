"""Pages to import a wave's interviews from a file (check first, then import) and to download its exports.

The upload is held in memory for the one request and never written to disk. After a clean check, the cells
that were read travel back to the browser signed (not the file), so the import step imports exactly what was
checked, and runs every check again inside the import.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from msp.accounts.access import ANALYSTS, role_required
from msp.core.tabular import plural
from msp.tempcheck.exporting import export_download
from msp.tempcheck.importing import MAX_FILE_BYTES, ImportReport, Table, import_file, import_table
from msp.tempcheck.models import Wave

TOKEN_MAX_AGE = 2 * 60 * 60
# The signed cells go back in a form field; beyond this the request would pass Django's body limit.
TOKEN_MAX_CHARS = 8 * 1024 * 1024
SUMMARY_LIMIT = 10
EXPORTS = [
    ("csv", "CSV", "one row per interview, the same columns as the import"),
    ("xlsx", "Excel (XLSX)", "the same as the CSV, as a workbook"),
    ("long", "Long CSV with codebook (ZIP)", "one row per answer, for R or SPSS"),
]


class MemoryUploadHandler(FileUploadHandler):
    """Keep an upload in memory only, never in a temporary file, and skip any larger than 10 MB."""

    too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.size = io.BytesIO(), 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > MAX_FILE_BYTES:
            self.too_large = True
            raise SkipFile()
        self.buffer.write(raw_data)

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV (UTF-8) or Excel (.xlsx) file with one row per interview, smaller than 10MB.",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={"required": "Select a CSV or Excel file", "empty": "The selected file is empty"},
    )
    replace = forms.BooleanField(
        required=False, label="Replace the interview of any council that already has one in this wave"
    )


def _wave(code: str) -> Wave:
    return get_object_or_404(Wave.objects.select_related("instrument"), code=code, instrument__isnull=False)


def _salt(request, wave: Wave) -> str:
    return f"tempcheck-import:{wave.code}:{request.user.pk}"


@csrf_exempt  # CSRF is checked by _wave_import, once the in-memory upload handler is in place
@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def wave_import(request, code: str):
    wave = _wave(code)
    request.upload_handlers = [MemoryUploadHandler(request)]
    return _wave_import(request, wave)


@csrf_protect
def _wave_import(request, wave: Wave):
    if request.method != "POST":
        return _render(request, wave, ImportForm())
    if request.POST.get("action") == "import":
        return _import(request, wave)
    form = ImportForm(request.POST, request.FILES)
    form.is_valid()
    if request.upload_handlers[0].too_large:
        form.errors.pop("file", None)
        form.add_error("file", "The selected file must be smaller than 10MB")
    if not form.is_valid():
        return _render(request, wave, form)
    upload = form.cleaned_data["file"]
    try:
        report = import_file(
            name=upload.name,
            data=upload.read(),
            wave=wave,
            dry_run=True,
            replace=form.cleaned_data["replace"],
        )
    finally:
        upload.close()
    token = ""
    if report.ok and report.table is not None:
        payload = {
            "file": report.file,
            "replace": report.replace,
            "header": report.table.header,
            "rows": report.table.rows,
        }
        token = signing.dumps(payload, salt=_salt(request, wave), compress=True)
        if len(token) > TOKEN_MAX_CHARS:
            token = ""
            report.problem(
                "file_too_large",
                "the file is too large to import through this page",
                "Import it with the tempcheck_import command instead.",
            )
    return _render(request, wave, form, report=report, token=token)


def _import(request, wave: Wave):
    try:
        payload = signing.loads(
            request.POST.get("token", ""), salt=_salt(request, wave), max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        expired = "The check has expired or the page was changed. Upload the file and check it again"
        return _render(request, wave, ImportForm(), errors=[expired])
    table = Table(payload["header"], [(n, cells) for n, cells in payload["rows"]])
    report = import_table(
        table, wave=wave, file=payload["file"], replace=payload["replace"], user=request.user
    )
    if not report.ok:
        return _render(request, wave, ImportForm(), report=report)
    messages.success(
        request, f"{report.created} interviews imported and {report.replaced} replaced from {report.file}"
    )
    return redirect("tempcheck:import", code=wave.code)


def _render(
    request,
    wave: Wave,
    form: ImportForm,
    *,
    report: ImportReport | None = None,
    token: str = "",
    errors: list[str] | None = None,
):
    problems = report.problems if report else []
    extra_errors = [{"message": message, "anchor": "id_file"} for message in errors or []] + [
        {"message": _sentence(str(problem)), "anchor": f"problem-{n}"}
        for n, problem in enumerate(problems[:SUMMARY_LIMIT], start=1)
    ]
    if len(problems) > SUMMARY_LIMIT:
        extra_errors.append(
            {
                "message": f"and {plural(len(problems) - SUMMARY_LIMIT, 'more problem')}, listed below",
                "anchor": "problems",
            }
        )
    if report is not None and report.headline():
        extra_errors.insert(0, {"message": report.headline(), "anchor": "problems"})
    context = {
        "wave": wave,
        "form": form,
        "report": report,
        "token": token,
        "extra_errors": extra_errors,
        "exports": [
            (reverse("tempcheck:export", args=[wave.code, fmt]), label, hint) for fmt, label, hint in EXPORTS
        ],
        "page_title": f"{'Error: ' if extra_errors or form.errors else ''}Import interviews for {wave.name}",
    }
    return render(request, "tempcheck/io/import.html", context)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@role_required(*ANALYSTS)
@require_GET
def wave_export(request, code: str, fmt: str):
    wave = _wave(code)
    if fmt not in {f for f, _, _ in EXPORTS}:
        raise Http404("No such export format")
    download = export_download(wave, fmt, user=request.user)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
