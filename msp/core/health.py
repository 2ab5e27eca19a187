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
    """200 {"status": "ok"} when ready to serve; 503 with what is wrong. No sign-in, no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    try:
        pending = migrations_pending()
    except DatabaseError:
        log.exception("Health check: could not read the applied migrations")
        return JsonResponse({"status": "error", "database": "ok", "migrations": "unknown"}, status=503)
    if pending:
        return JsonResponse({"status": "error", "database": "ok", "migrations": "pending"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "ok"})
