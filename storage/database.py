"""What the SQL areas of a store ask of their database: typed reads, and writes inside one
transaction. `storage.sqlite.executor.Executor` (aiosqlite) and
`storage.postgres.executor.PgExecutor` (psycopg) both give it, so an area whose SQL both
engines speak is written once; parameters are `?` placeholders and rows are read by column
name."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence, Sized
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, TypeVar

Params = Sequence[object]
T = TypeVar("T")


class Row(Protocol):
    """One result row, read by column name (`sqlite3.Row`, or a dict)."""

    def __getitem__(self, key: str, /) -> Any: ...
    def keys(self) -> Iterable[str]: ...


class Reads(Protocol):
    async def fetchall(self, sql: str, params: Params = ()) -> list[Any]: ...
    async def fetchone(self, sql: str, params: Params = ()) -> Any | None: ...


class Writes(Reads, Protocol):
    """Inside one transaction: its reads see its own writes."""

    async def execute(self, sql: str, params: Params = ()) -> int: ...
    async def insert(self, sql: str, params: Params = ()) -> int: ...
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...


class Database(Reads, Protocol):
    async def execute(self, sql: str, params: Params = ()) -> int: ...
    def transaction(self) -> AbstractAsyncContextManager[Writes]: ...
    async def writes_settled(self) -> None: ...


def from_row(cls: type[T], row: Row, **extra: Any) -> T:
    """A dataclass from the columns named like its fields (`extra` fills or overrides)."""
    names = set(row.keys())
    values = {
        f.name: row[f.name]
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in names
    }
    return cls(**(values | extra))


def marks(values: Sized) -> str:
    """`?, ?, ?` for an IN (…) list of `values`."""
    return ",".join("?" * len(values))
