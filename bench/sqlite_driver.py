"""What the one-trip SQLite driver (bot/sqlite_driver.py) buys over SQLAlchemy's stock
aiosqlite adapter: transactions a second on one shared connection.

    python bench/sqlite_driver.py [--tasks 32] [--transactions 4000] [--rounds 3]

Each transaction is shaped like an update's: BEGIN IMMEDIATE, two reads (the person
and their conversation), an update and an insert, commit; `--tasks` of them run
concurrently, as updates do, on the single pooled connection both engines use. The
two drivers alternate round by round on fresh files, so a noisy neighbour hits both;
the figure to read is the ratio of the medians, measured in one run."""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.database import make_engine  # noqa: E402

PEOPLE = 256
metadata = sa.MetaData()
people = sa.Table("people", metadata, sa.Column("id", sa.Integer, primary_key=True),
                  sa.Column("name", sa.String), sa.Column("seen", sa.Integer))
talks = sa.Table("talks", metadata, sa.Column("person_id", sa.Integer, primary_key=True),
                 sa.Column("step", sa.String))
inbox = sa.Table("inbox", metadata, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("person_id", sa.Integer), sa.Column("body", sa.String))


def stock_engine(url: str) -> AsyncEngine:
    """The stock adapter, set up as make_engine sets up ours: one connection, WAL,
    and the write lock taken when a transaction begins."""
    engine = create_async_engine(url, connect_args={"timeout": 30}, pool_size=1,
                                 max_overflow=0, pool_timeout=60)

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


async def transaction(engine: AsyncEngine, person_id: int, n: int) -> None:
    async with engine.begin() as connection:
        await connection.execute(sa.select(people).where(people.c.id == person_id))
        await connection.execute(sa.select(talks).where(talks.c.person_id == person_id))
        await connection.execute(people.update().where(people.c.id == person_id)
                                 .values(seen=people.c.seen + 1))
        await connection.execute(inbox.insert().values(person_id=person_id, body=f"m{n}"))


async def one_round(engine: AsyncEngine, tasks: int, count: int) -> float:
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.execute(people.insert(), [{"id": i, "name": f"p{i}", "seen": 0}
                                                   for i in range(PEOPLE)])
        await connection.execute(talks.insert(), [{"person_id": i, "step": None}
                                                  for i in range(PEOPLE)])
    numbers = iter(range(count))

    async def worker() -> None:
        for n in numbers:
            await transaction(engine, n % PEOPLE, n)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(tasks)))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return count / elapsed


async def main(arguments: argparse.Namespace) -> None:
    rates: dict[str, list[float]] = {"stock aiosqlite adapter": [], "one-trip driver": []}
    with tempfile.TemporaryDirectory() as folder:
        for r in range(arguments.rounds):
            for name, build in (("stock aiosqlite adapter", stock_engine),
                                ("one-trip driver", make_engine)):
                url = f"sqlite+aiosqlite:///{folder}/{r}-{name[:5]}.sqlite3"
                rates[name].append(await one_round(build(url), arguments.tasks,
                                                   arguments.transactions))
    medians = {name: statistics.median(values) for name, values in rates.items()}
    print(f"{arguments.tasks} concurrent tasks, {arguments.transactions} transactions "
          f"of 4 statements, {arguments.rounds} rounds each")
    for name, values in rates.items():
        shown = ", ".join(f"{v:,.0f}" for v in values)
        print(f"{name:>24}: median {medians[name]:,.0f} transactions/s ({shown})")
    ratio = medians["one-trip driver"] / medians["stock aiosqlite adapter"]
    print(f"{'one-trip / stock':>24}: {ratio:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=32)
    parser.add_argument("--transactions", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
