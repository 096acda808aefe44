"""The task runner: work runs off the GUI thread, results and errors come back on it."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from shared.qt.tasks import TaskRunner


@pytest.fixture
def runner(qapp, sqlite_db):
    r = TaskRunner(sqlite_db)
    yield r
    r.shutdown()


def test_work_runs_off_the_gui_thread_and_answers_on_it(qtbot, runner):
    gui = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(value):
        seen["done"] = (value, threading.get_ident())

    runner.run("io", work, on_done=done)
    qtbot.waitUntil(lambda: "done" in seen, timeout=5000)
    assert seen["worker"] != gui
    assert seen["done"] == (42, gui)


def test_errors_reach_on_error_on_the_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    caught = {}

    def boom():
        raise ValueError("printer on fire")

    runner.run("printer", boom, on_error=lambda exc: caught.update(exc=exc, thread=threading.get_ident()))
    qtbot.waitUntil(lambda: "exc" in caught, timeout=5000)
    assert isinstance(caught["exc"], ValueError) and caught["thread"] == gui


def test_db_lane_is_one_transaction_per_task(qtbot, runner, sqlite_db):
    failed, counted = [], []

    def write_then_fail(session):
        session.execute(text("insert into sync_state (key, value, updated_at) values ('k', 'v', '2026-11-28 01:00:00')"))
        raise RuntimeError("power cut")

    runner.db(write_then_fail, on_error=failed.append)
    qtbot.waitUntil(lambda: len(failed) == 1, timeout=5000)
    runner.db(lambda s: s.execute(text("select count(*) from sync_state")).scalar(), on_done=counted.append)
    qtbot.waitUntil(lambda: counted == [0], timeout=5000)  # the failed task's write was rolled back
    runner.db(lambda s: s.execute(text("insert into sync_state values ('k', 'v', '2026-11-28 01:00:00')")).rowcount,
              on_done=counted.append)
    qtbot.waitUntil(lambda: counted == [0, 1], timeout=5000)
    assert sqlite_db.read(lambda s: s.execute(text("select count(*) from sync_state")).scalar()) == 1


def test_after_shutdown_nothing_is_accepted(runner):
    runner.shutdown()
    with pytest.raises(RuntimeError):
        runner.run("io", lambda: 1)
