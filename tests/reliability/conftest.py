"""The fault suite's counts and a database shared by a module's fuzz examples.

Every test adds what it tried and what it found to the tally; the terminal summary prints them as
`reliability: ...` lines (CI runs pytest without -s, so print() alone would not show them).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest

from shared.db.engine import Database

from ..conftest import fresh_pg_database

_LINES: dict[str, str | Callable[[], str]] = {}


class Tally:
    """Count lines for the summary, by key; `add` also hands the line to the test's record_property.
    `later` registers a line computed at the end (a fuzz test's totals over all its examples and params)."""

    def add(self, line: str, record_property=None, key: str | None = None) -> str:  # noqa: ANN001
        _LINES[key or line] = line
        if record_property is not None:
            record_property("reliability", line)
        return line

    def later(self, key: str, line: Callable[[], str]) -> None:
        _LINES.setdefault(key, line)


@pytest.fixture
def config():
    """The repo's config.toml with this PC's station name (the template names none)."""
    from .harness import load_test_config

    return load_test_config()


@pytest.fixture(scope="session")
def zygote():
    """One forking parent for the whole run's killable workers (it imports SQLAlchemy once)."""
    from .harness import Zygote

    with Zygote() as z:
        yield z


@pytest.fixture
def fresh_sqlite(tmp_path, tmp_path_factory) -> Iterator[Database]:
    """A SQLite file at the current schema, copied from one migrated once (a migration per test is slow)."""
    template = tmp_path_factory.getbasetemp() / "reliability-template.sqlite3"
    if not template.exists():
        db = Database(f"sqlite:///{template}")
        db.upgrade()
        db.dispose()
    path = tmp_path / "antrian.sqlite3"
    shutil.copyfile(template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def tally() -> Tally:
    return Tally()


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's hook
    if not _LINES:
        return
    terminalreporter.section("reliability: counts tried and found")
    for line in _LINES.values():
        terminalreporter.write_line(f"reliability: {line() if callable(line) else line}")


def pg_database() -> Iterator[Database]:
    """A fresh database on the test PostgreSQL server, dropped afterwards (skips where there is none)."""
    yield from fresh_pg_database("antrian_rel")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def module_db(request, tmp_path_factory) -> Iterator[Database]:
    """A SQLite file or a PostgreSQL database shared by every example of a module's property tests."""
    if request.param == "postgres":
        yield from pg_database()
        return
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('reliability') / 'antrian.sqlite3'}")
    db.upgrade()
    yield db
    db.dispose()
