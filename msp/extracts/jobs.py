"""An extract's way in: upload and survey, map, check (a dry run), import; as plain functions.

The file is kept (in the database, beside its job) only until its import ends or it is abandoned, and never
served back. Checking and importing run as a background task (`tasks.run_extract_job`); this module does the
work and records how far it has got on the job, so the page can show a progress bar while it runs.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import replace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent
from msp.cases.importing import FILE_WORDING, ImportReport, build_columns, import_table
from msp.cases.importing.columns import Column
from msp.core.reading import open_rows
from msp.core.tabular import ImportProblem, describe, headline, plural
from msp.extracts import mapping as mp
from msp.extracts.models import ExtractFile, ExtractJob, MappingProfile

PREVIEW_ROWS = 5
MAX_DISTINCT = 300  # a heading with more distinct values than this is free text, not a list
SHOWN_PROBLEMS = 1000  # kept on the job; the page pages through them
SAMPLE_ROWS = 10
KEEP_UNFINISHED = datetime.timedelta(days=2)  # an upload left half-mapped is deleted after this
PROGRESS_EVERY = 0.5  # seconds between progress writes


def columns_for(council) -> list[Column]:
    from msp.cases.models import OutcomeCategory

    return build_columns(list(OutcomeCategory.objects.filter(Q(council=None) | Q(council=council))))


# --- Upload and survey --------------------------------------------------------------------------------------


def survey(name: str, data: bytes) -> tuple[dict | None, ImportReport]:
    """Headings, the first rows, and each heading's distinct values with their counts; None if unreadable."""
    report = ImportReport(file=name, council=None)
    source = open_rows(name, data, report, FILE_WORDING)
    if source is None:
        return None, report
    header = [h.strip() for h in source.header]
    counters: list[Counter | None] = [Counter() if h else None for h in header]
    preview, rows = [], 0
    for _, cells in source.rows:
        rows += 1
        if len(preview) < PREVIEW_ROWS:
            preview.append([cells[i] if i < len(cells) else "" for i in range(len(header))])
        for i, counter in enumerate(counters):
            if counter is not None and i < len(cells) and (text := cells[i].strip()):
                counter[text] += 1
                if len(counter) > MAX_DISTINCT:
                    counters[i] = None  # free text: its values are not listed
    if not report.ok:
        return None, report
    if not rows:
        report.problem("no_rows", "the file has headings but no concerns", "Add one row per concern.")
        return None, report
    distinct = {h: dict(c.most_common()) for h, c in zip(header, counters, strict=True) if c is not None}
    return {"headings": header, "preview": preview, "rows": rows, "distinct": distinct}, report


def upload(*, user, council, name: str, data: bytes, profile: MappingProfile | None = None):
    """A new job for an uploaded file, surveyed; with a profile, its mapping applied. (job, report)."""
    found, report = survey(name, data)
    if found is None:
        return None, report
    delete_stale(council)
    with transaction.atomic():
        job = ExtractJob.objects.create(
            council=council,
            user=user,
            file_name=name[:255],
            file_size=len(data),
            survey=found,
            profile=profile,
            mapping=dict(profile.document) if profile else {},
        )
        ExtractFile.objects.create(job=job, data=data)
        audit(
            user=user,
            action=AuditEvent.Action.CREATE,
            obj=job,
            summary=f"Uploaded extract {name} ({plural(found['rows'], 'row')})"
            + (f" with mapping {profile}" if profile else ""),
        )
    return job, report


def delete_stale(council) -> int:
    """Uploads left unfinished for days are deleted with their files: nothing personal lies about."""
    cutoff = timezone.now() - KEEP_UNFINISHED
    stale = ExtractJob.objects.filter(
        council=council, updated_at__lt=cutoff, state__in=[ExtractJob.State.MAPPING, ExtractJob.State.CHECKED]
    )
    count = 0
    for job in stale:
        finish(job, ExtractJob.State.ABANDONED)
        count += 1
    return count


def finish(job: ExtractJob, state: str) -> None:
    """The end of a job: the file and what was read from it are deleted; the counts and outcome stay."""
    ExtractFile.objects.filter(job=job).delete()
    job.survey = {"headings": job.survey.get("headings", []), "rows": job.survey.get("rows", 0)}
    job.state = state
    job.save(update_fields=["survey", "state", "updated_at"])


# --- The mapping --------------------------------------------------------------------------------------------


def mapping_of(job: ExtractJob, columns: list[Column]) -> mp.Mapping:
    if not job.mapping:
        return mp.Mapping()
    return mp.from_document(job.mapping, columns)


def save_mapping(job: ExtractJob, mapping: mp.Mapping, *, user, what: str) -> None:
    job.mapping = mapping.to_document()
    job.state = ExtractJob.State.MAPPING
    job.save(update_fields=["mapping", "state", "updated_at"])
    audit(user=user, action=AuditEvent.Action.CHANGE, obj=job, summary=f"Mapped {what}")


def save_profile(*, council, name: str, mapping: mp.Mapping, user) -> MappingProfile:
    """The mapping saved under its name: a new version when it differs from the latest, else the latest."""
    mapping.name = name
    document = mapping.to_document()
    latest = MappingProfile.objects.filter(council=council, name=name).order_by("-version").first()
    if latest is not None and latest.document == document:
        return latest
    profile = MappingProfile.objects.create(
        council=council,
        name=name,
        version=(latest.version + 1) if latest else 1,
        document=document,
        created_by=user,
    )
    audit(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=profile,
        summary=f"Saved extract mapping {profile}",
    )
    return profile


def blockers(job: ExtractJob, mapping: mp.Mapping, columns: list[Column]) -> tuple[list[str], list[str]]:
    """What must be mapped before the file can be checked, in words: (in the columns, in the values)."""
    headings = job.survey.get("headings", [])
    in_columns = [problem.message for problem in mp.missing_headings(mapping, headings)]
    for column in columns:
        if column.required and column.name not in mapping.columns:
            in_columns.append(
                f"`{column.name}` ({column.description.rstrip('.')}) is required: choose its heading"
            )
    in_values = []
    for name, values in mp.unmapped_values(mapping, columns, job.survey.get("distinct", {})).items():
        listed = ", ".join(f"'{v}' ({plural(n, 'row')})" for v, n in list(values.items())[:20])
        more = f" and {len(values) - 20} more" if len(values) > 20 else ""
        in_values.append(f"`{name}`: {plural(len(values), 'value')} not mapped: {listed}{more}")
    return in_columns, in_values


# --- Checking and importing ---------------------------------------------------------------------------------


def queue(job: ExtractJob, *, writes: bool, user) -> None:
    """Start the check (writes False) or the import in the background."""
    from msp.extracts.tasks import run_extract_job

    job.state, job.writes, job.stage, job.done, job.total = ExtractJob.State.QUEUED, writes, "", 0, 0
    job.save(update_fields=["state", "writes", "stage", "done", "total", "updated_at"])
    if writes:
        audit(
            user=user,
            action=AuditEvent.Action.IMPORT,
            obj=job,
            summary=f"Started the import of {job.file_name}",
        )
    run_extract_job.enqueue(job.pk)


def run(job_id: int) -> ExtractJob:
    """Check the job's file through its mapping and, when asked and every row is right, import it."""
    job = ExtractJob.objects.select_related("council", "user").get(pk=job_id)
    if job.state != ExtractJob.State.QUEUED:
        return job  # already run, or abandoned meanwhile
    job.state = ExtractJob.State.RUNNING
    job.save(update_fields=["state", "updated_at"])
    data = ExtractFile.objects.get(job=job).data
    mapping = mapping_of(job, columns_for(job.council))
    report = import_mapped(
        name=job.file_name,
        data=bytes(data),
        council=job.council,
        mapping=mapping,
        dry_run=not job.writes,
        user=job.user,
        progress=_progress_writer(job),
    )
    job.result = result_of(report)
    if report.written:
        job.state = ExtractJob.State.IMPORTED
    elif report.ok and not job.writes:
        job.state = ExtractJob.State.CHECKED
    else:
        job.state = ExtractJob.State.FAILED
    job.stage = ""
    job.save(update_fields=["result", "state", "stage", "updated_at"])
    if job.writes:
        finish(job, job.state)
        audit(
            user=job.user,
            action=AuditEvent.Action.IMPORT,
            obj=job,
            summary=" ".join(job.result["summary"])[:300],
        )
    return job


def import_mapped(
    *, name: str, data, council, mapping: mp.Mapping, dry_run: bool, user=None, progress=None
) -> ImportReport:
    """The case import of a file read through a mapping; problems name the file's heading as well."""
    report = ImportReport(file=name, council=council, dry_run=dry_run)
    source = open_rows(name, data, report, FILE_WORDING)
    if source is not None:
        report.problems += [replace(p, file=name) for p in mp.missing_headings(mapping, source.header)]
    if source is not None and report.ok:
        import_table(
            mp.apply(mapping, columns_for(council), source),
            council=council,
            file=name,
            dry_run=dry_run,
            user=user,
            report=report,
            progress=progress,
        )
    report.problems = [located(p, mapping) for p in report.problems]
    report.warnings = [located(p, mapping) for p in report.warnings]
    return report


def _progress_writer(job: ExtractJob):
    shown = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - shown[0] < PROGRESS_EVERY and not (total and done >= total):
            return
        shown[0] = now
        ExtractJob.objects.filter(pk=job.pk).update(stage=stage, done=done, total=total)

    return progress


def located(problem: ImportProblem, mapping: mp.Mapping) -> ImportProblem:
    """A problem found in an MSP column, said of the file's heading too; a missing column said as unmapped."""
    headings = mapping.headings_of(problem.column) if problem.column else []
    if problem.rule == "missing_column":
        return replace(
            problem,
            message=f"no heading of the file is mapped to `{problem.column}`, which is required",
            fix="Choose its heading in the column mapping.",
        )
    if headings and not problem.heading:
        return replace(problem, heading=", ".join(headings))
    return problem


def result_of(report: ImportReport) -> dict:
    problems, warnings = report.problems, report.warnings
    return {
        "ok": report.ok,
        "written": report.written,
        "rows": report.rows_read,
        "summary": report.summary_lines(),
        "counts": report.counts,
        "problem_count": len(problems),
        "headline": headline(problems),
        "problems": [_said(p) for p in problems[:SHOWN_PROBLEMS]],
        "warnings": [_said(p) for p in warnings[:SHOWN_PROBLEMS]],
        "sample": sample_rows(report) if report.ok and not report.written else [],
    }


def _said(problem: ImportProblem) -> dict:
    return {
        "row": problem.row,
        "column": problem.column,
        "heading": problem.heading,
        "value": problem.value,
        "message": problem.message,
        "fix": problem.fix,
        "rule": problem.rule,
        "line": describe(problem),
    }


def sample_rows(report: ImportReport) -> list[dict]:
    """The first checked rows as MSP will hold them (a few columns, labels for codes), for the dry run."""
    shown = ("external_concern_id", "external_person_id", "received_at", "risk_types", "location", "decision")
    labels = {c.name: dict(mp.options_of(c)) for c in columns_for(report.council) if c.name in shown}
    sample = []
    for row in report.rows[:SAMPLE_ROWS]:
        entry = {"row": row[0]}
        for name in shown:
            if name in report.names:
                value = row[report.index(name)]
                if isinstance(value, datetime.datetime):
                    value = f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
                elif isinstance(value, datetime.date):
                    value = f"{value:%d/%m/%Y}"
                elif isinstance(value, tuple):
                    value = "; ".join(labels[name].get(v, v) for v in value)
                elif labels.get(name):
                    value = labels[name].get(value, value)
                entry[name] = "" if value is None else str(value)
        sample.append(entry)
    return sample
