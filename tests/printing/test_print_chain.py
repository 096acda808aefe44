"""PrintChain with the real task runner, a real SQLite file and the loopback printer: db lane -> printer lane ->
db lane -> on_update on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from printing.service import TicketPrinter
from shared.qt.print_chain import PrintChain
from shared.qt.tasks import TaskRunner
from shared.services import print_jobs
from shared.services.print_jobs import PrintOutcome
from shared.text import Text

from .conftest import NOW, add_queue, with_printer
from .test_print_loopback import jobs_of

DAY = NOW.date()


@pytest.fixture
def printer(config, loopback) -> TicketPrinter:
    return TicketPrinter(with_printer(config, loopback.url, timeout_seconds=0.3))


class Updates(list):
    """Every outcome the chain delivers, with the thread it arrived on."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[str] = set()

    def __call__(self, outcome: PrintOutcome) -> None:
        self.threads.add(threading.current_thread().name)
        self.append(outcome)


def views(db, config, ids: list[int]):
    return [db.run(print_jobs.view_by_id, config, tid, NOW) for tid in ids]


def unprinted(db) -> list[str]:
    return [u.number for u in db.run(print_jobs.unprinted_tickets, DAY, NOW)]


def test_printed_tickets_are_recorded_and_reported_on_the_gui_thread(qtbot, sqlite_db, config, loopback,
                                                                    runner, printer):
    ids = add_queue(sqlite_db, config, 2)
    updates = Updates()
    PrintChain(runner, printer, config).print_views(views(sqlite_db, config, ids), NOW, updates)
    qtbot.waitUntil(lambda: len(updates) == 2, timeout=5000)
    assert [(u.ok, u.number, u.short.en, u.message.en) for u in updates] == [
        (True, "A-001", "Printed", "Ticket printed"),
        (True, "A-002", "Printed", "Ticket printed"),
    ]
    assert updates.threads == {threading.main_thread().name}
    assert [jobs_of(sqlite_db, tid) for tid in ids] == [[("printed", 1, None)]] * 2
    assert [job.decoded().lines_with(n)[0].width for job, n in zip(loopback.ticket_jobs(), ("A-001", "A-002"),
                                                                   strict=True)] == [5, 5]
    assert unprinted(sqlite_db) == []


def test_paper_out_is_a_failed_outcome_a_failed_job_and_an_unprinted_ticket(qtbot, sqlite_db, config, loopback,
                                                                           runner, printer):
    [tid] = add_queue(sqlite_db, config, 1)
    loopback.set_state("paper_out")
    updates = Updates()
    PrintChain(runner, printer, config).print_views(views(sqlite_db, config, [tid]), NOW, updates)
    qtbot.waitUntil(lambda: len(updates) == 1, timeout=5000)
    [outcome] = updates
    assert not outcome.ok and outcome.fault == "paper_out" and outcome.number == "A-001"
    assert outcome.short == Text("Kertas habis", "Paper out")
    assert outcome.message.en == "Paper out — replace the paper roll, then reprint"
    [(status, attempts, reason)] = jobs_of(sqlite_db, tid)
    assert (status, attempts) == ("failed", 1) and reason.startswith("paper_out")
    assert unprinted(sqlite_db) == ["A-001"]
    assert loopback.ticket_jobs() == []  # nothing was sent to a printer without paper


def test_without_a_printer_nothing_prints_and_nothing_is_recorded(qtbot, sqlite_db, config, loopback, runner):
    ids = add_queue(sqlite_db, config, 2)
    updates = Updates()
    chain = PrintChain(runner, None, config)
    chain.print_views(views(sqlite_db, config, ids[:1]), NOW, updates)
    assert len(updates) == 1  # at once: there is nothing to wait for
    chain.reprint(ids[1], NOW, False, updates)
    qtbot.waitUntil(lambda: len(updates) == 2, timeout=5000)
    assert [(u.ok, u.number, u.fault, u.message.en) for u in updates] == [
        (False, "A-001", "unavailable", "No printer configured"),
        (False, "A-002", "unavailable", "No printer configured"),
    ]
    assert updates[0].message.id == "Printer belum diatur"
    assert [jobs_of(sqlite_db, tid) for tid in ids] == [[], []] and loopback.jobs == []
    assert unprinted(sqlite_db) == ["A-001", "A-002"]

    problem = Text("Printer tidak bisa dipakai: x", "Printer unusable: x")
    PrintChain(runner, None, config, problem).print_views(views(sqlite_db, config, ids[:1]), NOW, updates)
    assert updates[-1].message == problem and updates[-1].fault == "unavailable"


def test_reprint_only_if_unprinted_prints_nothing_for_a_printed_ticket(qtbot, sqlite_db, config, loopback,
                                                                      runner, printer):
    ids = add_queue(sqlite_db, config, 2)
    chain = PrintChain(runner, printer, config)
    updates = Updates()
    chain.print_views(views(sqlite_db, config, ids[:1]), NOW, updates)
    qtbot.waitUntil(lambda: len(updates) == 1, timeout=5000)
    chain.reprint(ids[0], NOW, True, updates)  # "print what did not print" pressed late
    chain.reprint(ids[1], NOW, True, updates)
    qtbot.waitUntil(lambda: len(updates) == 3, timeout=5000)
    assert [(u.ok, u.number, u.message.en) for u in updates[1:]] == [
        (True, "A-001", "Already printed"),
        (True, "A-002", "Ticket printed"),
    ]
    assert len(loopback.ticket_jobs()) == 2
    assert jobs_of(sqlite_db, ids[0]) == [("printed", 1, None)]
    assert jobs_of(sqlite_db, ids[1]) == [("printed", 1, None)]

    chain.reprint(ids[0], NOW, False, updates)  # an explicit reprint prints again, as a new job
    qtbot.waitUntil(lambda: len(updates) == 4, timeout=5000)
    assert updates[-1].ok and len(loopback.ticket_jobs()) == 3
    assert jobs_of(sqlite_db, ids[0]) == [("printed", 1, None), ("printed", 1, None)]


def test_a_failed_print_then_a_reprint_retries_the_same_job(qtbot, sqlite_db, config, loopback, runner, printer):
    [tid] = add_queue(sqlite_db, config, 1)
    chain = PrintChain(runner, printer, config)
    updates = Updates()
    loopback.set_state("cover_open")
    chain.print_views(views(sqlite_db, config, [tid]), NOW, updates)
    qtbot.waitUntil(lambda: len(updates) == 1, timeout=5000)
    loopback.set_state("ok")
    chain.reprint(tid, NOW, True, updates)
    qtbot.waitUntil(lambda: len(updates) == 2, timeout=5000)
    assert [(u.ok, u.fault) for u in updates] == [(False, "cover_open"), (True, None)]
    assert updates[0].job_id == updates[1].job_id
    assert jobs_of(sqlite_db, tid) == [("printed", 2, None)]


def test_reprint_of_an_unknown_ticket(qtbot, sqlite_db, config, runner, printer):
    updates = Updates()
    PrintChain(runner, printer, config).reprint(999_999, NOW, False, updates, number="Z-999")
    qtbot.waitUntil(lambda: len(updates) == 1, timeout=5000)
    assert not updates[0].ok and updates[0].fault == "ticket_not_found" and updates[0].number == "Z-999"


class BrokenPrinter:
    """A printer whose print_view raises (a bug, not a printer fault): the chain must still report and record."""

    def __init__(self, url: str) -> None:
        self.url = url

    def print_view(self, view, job_id=None):
        raise ValueError("layout bug")


def test_an_exception_on_the_printer_lane_is_a_failed_outcome_and_a_failed_job(qtbot, sqlite_db, config, runner):
    [tid] = add_queue(sqlite_db, config, 1)
    updates = Updates()
    PrintChain(runner, BrokenPrinter("network://192.0.2.7:9100"), config).print_views(
        views(sqlite_db, config, [tid]), NOW, updates)
    qtbot.waitUntil(lambda: len(updates) == 1, timeout=5000)
    [outcome] = updates
    assert not outcome.ok and outcome.fault == "error" and outcome.number == "A-001"
    assert outcome.short.en == "Print failed" and "layout bug" in outcome.message.en
    [(status, attempts, reason)] = jobs_of(sqlite_db, tid)
    assert (status, attempts) == ("failed", 1) and "layout bug" in reason
    assert unprinted(sqlite_db) == ["A-001"]


def test_a_runner_without_database_is_a_failed_outcome_not_an_exception(qtbot, sqlite_db, config, printer):
    [tid] = add_queue(sqlite_db, config, 1)
    no_db = TaskRunner(None)
    try:
        updates = Updates()
        PrintChain(no_db, printer, config).print_views(views(sqlite_db, config, [tid]), NOW, updates)
        PrintChain(no_db, printer, config).reprint(tid, NOW, False, updates, number="A-001")
        assert [(u.ok, u.number, u.fault) for u in updates] == [(False, "A-001", "error")] * 2
    finally:
        no_db.shutdown()


def test_the_printer_lane_never_opens_a_database_session(qtbot, sqlite_db, config, loopback, runner, printer):
    ids = add_queue(sqlite_db, config, 3)
    checkouts: list[str] = []
    event.listen(sqlite_db.engine, "checkout", lambda *_: checkouts.append(threading.current_thread().name))
    loopback.slow_seconds = 0.02  # the printer takes its time: a session held meanwhile would show up here
    chain = PrintChain(runner, printer, config)
    updates = Updates()
    chain.print_views(views(sqlite_db, config, ids[:2]), NOW, updates)
    chain.reprint(ids[2], NOW, False, updates)
    qtbot.waitUntil(lambda: len(updates) == 3, timeout=5000)
    assert all(u.ok for u in updates)
    on_lanes = [name for name in checkouts if name != threading.main_thread().name]
    assert on_lanes and all(name.startswith("antrian-db") for name in on_lanes), checkouts
    assert not any(name.startswith("antrian-printer") for name in checkouts)
