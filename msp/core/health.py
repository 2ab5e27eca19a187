"""Health check for load balancers and deploys: the database answers and every migration is applied."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)

# Once every migration is applied, this process's code and the database agree until the next deploy (which
# starts new processes), so the migration files are read only until then and each later check is one query.
_migrated = False


def migrations_pending() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return not _migrated


@never_cache
@require_safe
def health(request):
    """200 {"status": "ok"} when ready to serve, else 503 {"status": "error"}: nothing more to anyone who asks
    (no sign-in); what is wrong goes to the log."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        pending = migrations_pending()
    except DatabaseError:
        log.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error"}, status=503)
    if pending:
        log.error("Health check: migrations are pending")
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})
