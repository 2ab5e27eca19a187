"""Django's database cache with an atomic `incr`, so a rate limit holds across every server process."""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now


class SharedDatabaseCache(DatabaseCache):
    """The cache table every gunicorn worker shares (created by msp/core/migrations/0001_cache_table.py).

    Django's own `incr` reads the value and writes it back as two statements and resets the expiry to the
    default timeout, so two workers counting at once can lose a count, and a ten-minute rate-limit window
    could be forgotten after five. Here the row is locked while it is read and rewritten (SELECT ... FOR
    UPDATE on PostgreSQL; SQLite's immediate transactions take the write lock on BEGIN), and its expiry is
    left alone.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')} FROM {table}"
                f" WHERE {quote_name('cache_key')} = %s AND {quote_name('expires')} >= %s{lock}",
                [key, connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s WHERE {quote_name('cache_key')} = %s",
                [encoded, key],
            )
        return value
