"""The office database goes away while the gate scans, and comes back: every scan made meanwhile is in the
audit trail afterwards (as not decided, no ticket, never uploaded), written once; the real window, a real SQLite
file or PostgreSQL database taken away and brought back."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from demo.gate_scenario import build_scenario
from printing.service import TicketPrinter
from scanner.decode.debounce import SharedDebouncer
from scanner.gate.sounds import SoundBoard
from scanner.gate.window import GateWindow
from shared.db.models import CheckinEvent, Ticket
from shared.domain import Decision
from shared.qt.tasks import TaskRunner

from .conftest import Clock, printed_numbers


def type_code(qtbot, window: GateWindow, code: str) -> None:
    """A USB hand scanner: fast keys at the window, then Enter; the database refuses, the card says so."""
    with qtbot.waitSignal(window.flow.checkin_failed, timeout=10_000) as failed:
        qtbot.keyClicks(window, code)
        qtbot.keyClick(window, Qt.Key.Key_Return)
    text = failed.args[0]
    assert "No ticket was issued" in text.en and "Scan again" in text.en and "sqlalchemy" not in text.line().lower()


def refresh_status(qtbot, window: GateWindow) -> None:
    qtbot.waitUntil(lambda: not window.status.refreshing, timeout=10_000)
    window.status.refresh()
    qtbot.waitUntil(lambda: not window.status.refreshing, timeout=10_000)


def events(db) -> list[CheckinEvent]:
    with db.sessions.begin() as s:
        return list(s.scalars(select(CheckinEvent).order_by(CheckinEvent.at, CheckinEvent.id)))


def test_scans_during_an_outage_are_written_to_the_audit_trail_when_the_database_is_back(
        outage, gate_config, gate_journal, loopback, qtbot, caplog):
    db = outage.db
    scenario = build_scenario(db, gate_config, extra=3, background=10)
    clock = Clock(scenario.now)
    runner = TaskRunner(db)
    window = GateWindow(gate_config, runner, TicketPrinter(gate_config), clock=clock,
                        sounds=SoundBoard(enabled=False), debouncer=SharedDebouncer(0.0))
    qtbot.addWidget(window)
    window.show()
    valid = scenario.codes[Decision.VALID]
    before = len(events(db))
    try:
        refresh_status(qtbot, window)
        outage.down()
        caplog.set_level(logging.INFO)
        type_code(qtbot, window, valid)
        clock.now = scenario.now + timedelta(minutes=1)
        type_code(qtbot, window, "not a code")
        clock.now = scenario.now + timedelta(minutes=2)
        with qtbot.waitSignal(window.flow.checkin_failed, timeout=10_000):
            window.flow.submit_camera(scenario.extra[0], "QRCODE")  # what the decode thread hands the gate
        for _ in range(3):  # the status read fails every round: said once in the log, the journal stays
            refresh_status(qtbot, window)
        kept = [json.loads(line) for line in gate_journal.read_text().splitlines()]
        assert [(k["code"], k["source"]) for k in kept] == [(valid, "keyboard"), ("not a code", "keyboard"),
                                                            (scenario.extra[0], "camera")]
        assert all(k["gate"] == gate_config.station.name and k["reason"] for k in kept)
        down_lines = [r for r in caplog.records if "database unreachable" in r.getMessage()]
        assert len(down_lines) == 1

        outage.up()
        with qtbot.waitSignal(window.flow.journal_replayed, timeout=15_000) as replayed:
            pass  # the status timer's next good read writes the journal in
        assert replayed.args[0].written == 3
        assert not gate_journal.exists() and not window.flow.journal.has_pending()
        assert [r.getMessage() for r in caplog.records].count("database back: the gate's status read works again") == 1

        audit = events(db)[before:]
        assert [(e.id, e.code, e.result) for e in audit] == [
            (kept[0]["id"], valid, Decision.DB_DOWN), (kept[1]["id"], "not a code", Decision.DB_DOWN),
            (kept[2]["id"], scenario.extra[0], Decision.DB_DOWN)]
        assert all(e.tickets == "" and e.upload_state is None and e.gate == gate_config.station.name for e in audit)
        assert "source=camera" in audit[2].detail and "unreachable" in audit[0].detail
        assert audit[0].booking_id is not None and audit[1].booking_id is None
        assert audit[0].at == scenario.now  # when it was scanned, not when it was written
        with db.sessions.begin() as s:
            assert s.scalars(select(Ticket).where(Ticket.booking_id == audit[0].booking_id)).all() == []
        assert printed_numbers(loopback) == []

        refresh_status(qtbot, window)  # another good read: nothing is written twice
        assert len(events(db)) == before + 3

        before_valid = len(window.recent.rows)  # the applicant scans again: now decided, and printed
        qtbot.keyClicks(window, valid)
        qtbot.keyClick(window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(window.recent.rows) > before_valid, timeout=10_000)
        assert window.card.decision is Decision.VALID
        qtbot.waitUntil(lambda: sorted(printed_numbers(loopback)) == ["A-003", "B-001", "P-001"], timeout=10_000)
    finally:
        window.close()
        runner.shutdown()


def test_a_journal_left_by_a_crash_is_written_in_at_start(sqlite_db, gate_config, gate_journal, qtbot,
                                                         monkeypatch):
    """The gate stopped (a power cut) while scans were still in the journal: the next start writes them in,
    a long journal batch after batch."""
    from shared.services import journal as journal_service

    monkeypatch.setattr(journal_service, "BATCH", 2)
    scenario = build_scenario(sqlite_db, gate_config, extra=5, background=0)
    journal = journal_service.Journal(gate_journal)
    kept = [journal.append(code, "GATE-1", scenario.now, "camera", "OperationalError: gone") for code in scenario.extra]
    runner = TaskRunner(sqlite_db)
    window = GateWindow(gate_config, runner, None, clock=Clock(scenario.now), sounds=SoundBoard(enabled=False))
    qtbot.addWidget(window)
    reports = []
    window.flow.journal_replayed.connect(reports.append)
    try:
        qtbot.waitUntil(lambda: not gate_journal.exists(), timeout=10_000)
        assert [len(r.ids) for r in reports] == [2, 2, 1]
        with sqlite_db.sessions.begin() as s:
            assert [s.get(CheckinEvent, e.id).result for e in kept] == [Decision.DB_DOWN] * 5
    finally:
        window.close()
        runner.shutdown()
