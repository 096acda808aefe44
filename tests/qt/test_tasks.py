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


def test_db_lane_is_one_transaction_per_task(qtbot, runner):
    results = []
    runner.db(lambda s: s.execute(text("select count(*) from ticket")).scalar(), on_done=results.append)
    qtbot.waitUntil(lambda: results == [0], timeout=5000)


def test_after_shutdown_nothing_is_accepted(runner):
    runner.shutdown()
    with pytest.raises(RuntimeError):
        runner.run("io", lambda: 1)
