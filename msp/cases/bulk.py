"""Writing many new rows fast, their ids known first: COPY on PostgreSQL, batched INSERTs on SQLite.

The legacy import and the synthetic generator both write through `BulkWriter`. Inside the caller's
`transaction.atomic()` it reserves ids for the rows that other rows point at (`ids`), then writes each table
in dependency order (`write`) from tuples of plain values: text as `str` (a TextChoices member is one), aware
datetimes, dates, bools, ints, None, and JSON as a dict or already dumped to a `str`. Columns a caller leaves
out get their model default, the same on every row (`auto_now` and `auto_now_add` fields: the writer's
`now`); leaving out the primary key lets the database number the rows.

Ids: on PostgreSQL `nextval` of the table's sequence, n at once, so a concurrent writer can never get the same
id. On SQLite the transaction first takes the database's write lock (a write that changes nothing), so no
other connection can insert until it ends; the ids then follow the highest used (AUTOINCREMENT never reuses an
id), and the rows written with them move SQLite's own counter on. Rows go to PostgreSQL with one `COPY` per
table and to SQLite with INSERTs of 500 rows at a time.
"""

from __future__ import annotations

import datetime
import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db import connections, models
from django.db.transaction import TransactionManagementError
from django.utils import timezone

IN_BATCH = 10_000  # values in one `IN (...)` lookup; less where the database allows fewer variables
ROWS_PER_INSERT = 500  # SQLite: rows in one INSERT, fewer where it allows fewer variables


class UnsupportedDatabase(NotImplementedError):
    """Bulk writing knows PostgreSQL and SQLite, the databases MSP runs on."""


@dataclass(frozen=True)
class _Table:
    """How one model's rows are written: the SQL, and what is added to or changed in every row."""

    sql: str  # COPY ... FROM STDIN, or INSERT ... VALUES without its rows
    table: str
    pk: str
    width: int  # columns a row
    constants: tuple  # the values of the columns the caller leaves out, already adapted
    convert: tuple[tuple[int, Any], ...]  # (position, function) for values the database needs in another form


class BulkWriter:
    """Writes new rows of several tables, in one transaction, for one database connection."""

    def __init__(self, *, using: str = "default", now: datetime.datetime | None = None):
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        if self.vendor not in ("postgresql", "sqlite"):
            raise UnsupportedDatabase(f"Bulk writing needs PostgreSQL or SQLite, not {self.vendor}.")
        self.now = now or timezone.now()
        self._tables: dict[tuple, _Table] = {}
        self._locked = False
        self._issued: dict[str, int] = {}  # SQLite: the highest id handed out per table

    # --- Ids ------------------------------------------------------------------------------------------------

    def ids(self, model: type[models.Model], count: int) -> list[int]:
        """`count` new primary keys for `model`, never used before and never handed out again."""
        if count <= 0:
            return []
        self._require_transaction()
        table, pk = model._meta.db_table, model._meta.pk.column
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [quote(table), pk, count],
                )
                return [value for (value,) in cursor.fetchall()]
            self._lock_sqlite(cursor, quote(table), quote(pk))
            cursor.execute(f"SELECT max({quote(pk)}) FROM {quote(table)}")
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            counter = cursor.fetchone()
            start = max(highest, counter[0] if counter else 0, self._issued.get(table, 0)) + 1
        self._issued[table] = start + count - 1
        return list(range(start, start + count))

    def _require_transaction(self) -> None:
        if not self.connection.in_atomic_block:
            raise TransactionManagementError("Bulk writing runs inside transaction.atomic().")

    def _lock_sqlite(self, cursor, table: str, pk: str) -> None:
        if not self._locked:
            # A write that changes nothing still takes the write lock, even in a deferred transaction (MSP's
            # settings begin SQLite transactions IMMEDIATE, which takes it at once).
            cursor.execute(f"UPDATE {table} SET {pk} = {pk} WHERE 0")
            self._locked = True

    # --- Rows -----------------------------------------------------------------------------------------------

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Insert `rows` (tuples of plain values in the order of `columns`, attribute names such as
        `council_id`); every other column gets its default. Returns the number of rows written."""
        self._require_transaction()
        spec = self._table(model, tuple(columns))
        if self.vendor == "postgresql":
            return self._copy(spec, rows)
        return self._insert(spec, rows)

    def _copy(self, spec: _Table, rows: Iterable[tuple]) -> int:
        count = 0
        with self.connection.cursor() as wrapper, self.connection.wrap_database_errors:
            # The driver's own cursor: Django's wrapper has no COPY, and with DEBUG on would log every row.
            with wrapper.cursor.copy(spec.sql) as copy:
                write = copy.write_row
                for row in self._adapted(spec, rows):
                    write(row)
                    count += 1
        return count

    def _insert(self, spec: _Table, rows: Iterable[tuple]) -> int:
        """Multi-row INSERTs of up to ROWS_PER_INSERT rows (faster on SQLite than executemany of one row)."""
        import sqlite3

        count = 0
        one_row = f"({', '.join(['?'] * spec.width)})"
        per = max(1, min(ROWS_PER_INSERT, self._sqlite_variables() // spec.width))
        full = f"{spec.sql} {', '.join([one_row] * per)}"
        with self.connection.cursor() as wrapper, self.connection.wrap_database_errors:
            cursor = wrapper.cursor  # under Django's wrapper, which would log every batch with DEBUG on
            self._lock_sqlite(cursor, spec.table, spec.pk)
            for batch in _batches(self._adapted(spec, rows), per):
                sql = full if len(batch) == per else f"{spec.sql} {', '.join([one_row] * len(batch))}"
                # The driver's own execute: the SQL is already in its ? style, long, and one a batch.
                sqlite3.Cursor.execute(cursor, sql, list(chain.from_iterable(batch)))
                count += len(batch)
        return count

    def _sqlite_variables(self) -> int:
        import sqlite3

        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)

    @staticmethod
    def _adapted(spec: _Table, rows: Iterable[tuple]) -> Iterator[tuple]:
        constants, convert = spec.constants, spec.convert
        if not convert:
            for row in rows:
                yield row + constants
            return
        for row in rows:
            values = list(row)
            for position, function in convert:
                if values[position] is not None:
                    values[position] = function(values[position])
            yield (*values, *constants)

    def _table(self, model: type[models.Model], columns: tuple[str, ...]) -> _Table:
        key = (model, columns)
        if key not in self._tables:
            self._tables[key] = self._describe(model, columns)
        return self._tables[key]

    def _describe(self, model: type[models.Model], columns: tuple[str, ...]) -> _Table:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
        given = [fields[c] for c in columns]
        rest = [f for f in fields.values() if f.attname not in columns and not f.primary_key]
        adapt = {f.attname: self._adapter(f) for f in fields.values()}
        constants = []
        for field in rest:
            value = self._default(field)
            function = adapt[field.attname]
            constants.append(function(value) if function and value is not None else value)
        convert = tuple(
            (position, adapt[field.attname]) for position, field in enumerate(given) if adapt[field.attname]
        )
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(f.column) for f in [*given, *rest])
        table = quote(model._meta.db_table)
        if self.vendor == "postgresql":
            sql = f"COPY {table} ({names}) FROM STDIN"
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES"
        pk = quote(model._meta.pk.column)
        return _Table(sql, table, pk, len(given) + len(rest), tuple(constants), convert)

    def _default(self, field: models.Field) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        value = field.get_default()
        if isinstance(field, models.JSONField):
            return value if value is None else json.dumps(value)
        if isinstance(value, str):
            return str(value)  # a TextChoices default becomes its plain value
        return value

    def _adapter(self, field: models.Field):
        """The conversion a value of this field needs for this database, or None."""
        if isinstance(field, models.JSONField):
            return lambda value: value if isinstance(value, str) else json.dumps(value)
        if self.vendor == "postgresql":
            return None  # psycopg writes str, int, bool, date and aware datetimes as they are
        if isinstance(field, models.DateTimeField):
            return self._sqlite_datetime
        if isinstance(field, models.DateField):
            return str  # as Django's SQLite backend stores a date: 2019-03-31
        return None

    def _sqlite_datetime(self, value: datetime.datetime) -> str:
        """What Django's SQLite backend stores for an aware datetime (adapt_datetimefield_value): its time in
        the connection's zone (UTC), as text."""
        return str(value.astimezone(self.connection.timezone).replace(tzinfo=None))


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off during a bulk load. It would scan every row held again and again as
    more are made (a quarter of an import's time); rows and plans hold no reference cycles, and anything
    cyclic made meanwhile is collected once the load ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def select_in(sql: str, params: Sequence, values: Sequence, *, using: str = "default") -> Iterator[tuple]:
    """The rows of `sql` for every one of `values`: its `{in}`, which must come after every other parameter,
    stands for "is one of the values" (`= ANY(array)` on PostgreSQL, `IN (...)` in batches elsewhere).

    Set-based lookups of thousands of ids, without the ORM's work per value for `__in`."""
    connection = connections[using]
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        cursor = wrapper.cursor  # with DEBUG on, Django's wrapper would copy out every value to log it
        if connection.vendor == "postgresql":
            query = sql.replace("{in}", "= ANY(%s)")
            for start in range(0, len(values), 100_000):
                cursor.execute(query, [*params, list(values[start : start + 100_000])])
                yield from cursor.fetchall()
            return
        for batch in in_batches(values, using=using):
            cursor.execute(sql.replace("{in}", f"IN ({', '.join(['%s'] * len(batch))})"), [*params, *batch])
            yield from cursor.fetchall()


def in_batches(values: Sequence, *, using: str = "default") -> Iterator[Sequence]:
    """`values` in slices small enough for one `IN (...)` lookup on this database."""
    size = IN_BATCH
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        import sqlite3

        size = min(size, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - 10)
    for start in range(0, len(values), size):
        yield values[start : start + size]
