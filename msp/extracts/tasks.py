"""Background work (django-tasks: a database queue that `msp db_worker` runs; no other server needed)."""

from django_tasks import task


@task()
def run_extract_job(job_id: int) -> str:
    from msp.extracts.jobs import run

    return run(job_id).state
