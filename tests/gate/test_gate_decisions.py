"""Each decision's screen, driven like a hand scanner (keys at the window + Enter), with office time fixed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from shared.db.models import CheckinEvent
from shared.domain import Decision, Tone
from shared.palette import Level

from .conftest import printed_numbers


def card_text(window) -> str:
    """Everything the card shows, as plain text (labels are rich text)."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication, QLabel

    QApplication.processEvents()  # new rows are shown on the next event loop turn
    doc = QTextDocument()
    parts = []
    for label in window.card.findChildren(QLabel):
        if label.isVisible():
            doc.setHtml(label.text())
            parts.append(doc.toPlainText())
    return "\n".join(parts)


def test_valid_shows_applicants_and_prints_every_ticket(gate, scan, scenario, loopback, qtbot):
    scan(gate, scenario.codes[Decision.VALID], Decision.VALID)
    text = card_text(gate)
    assert "SILAKAN MASUK" in text and "Welcome in" in text
    assert "SITI AMINAH" in text and "6104********0003" in text and "6104014101900003" not in text
    assert {"A-003", "B-001", "P-001"} <= set(text.split())
    qtbot.waitUntil(lambda: sorted(printed_numbers(loopback)) == ["A-003", "B-001", "P-001"], timeout=8000)
    qtbot.waitUntil(lambda: all("Tercetak" in s for s in gate.card.print_states.values()))
    assert gate.sounds.played[-1] is Tone.ACCEPT
    assert gate.card.palette() is not None and Decision.VALID.colour in gate.card.styleSheet()
    qtbot.waitUntil(lambda: gate.status_bar.printer_level is Level.OK)
    # The scenario's earlier check-in at GATE-2 never printed: it stays in the unprinted list.
    qtbot.waitUntil(lambda: [n for _, n in gate.status_bar.unprinted_items] == ["A-001", "A-002"])


def test_already_checked_in_shows_when_where_and_reprints(gate, scan, scenario, loopback, qtbot):
    scan(gate, scenario.codes[Decision.ALREADY_CHECKED_IN], Decision.ALREADY_CHECKED_IN)
    text = card_text(gate)
    assert "10:05" in text and "GATE-2" in text and "A-001" in text and "A-002" in text
    assert gate.card.reprint_button.isVisible() and not gate.card.override_button.isVisible()
    assert gate.sounds.played[-1] is Tone.WARN
    assert printed_numbers(loopback) == []
    qtbot.mouseClick(gate.card.reprint_button, _left())
    qtbot.waitUntil(lambda: sorted(printed_numbers(loopback)) == ["A-001", "A-002"], timeout=8000)
    qtbot.waitUntil(lambda: gate.status_bar.unprinted_items == [], timeout=8000)


def test_too_late_asks_a_supervisor_and_a_typed_reason_admits_nobody(gate, scan, scenario, sqlite_db, qtbot):
    code = scenario.codes[Decision.TOO_LATE]
    scan(gate, code, Decision.TOO_LATE)
    assert "08:00–09:00" in card_text(gate) and "09:30" in card_text(gate)
    assert gate.card.override_button.isVisible() and "Admit (supervisor)" in gate.card.override_button.text()
    assert not gate.card.findChildren(QLineEdit)  # no free-text "reason" on the card any more
    qtbot.mouseClick(gate.card.override_button, _left())
    dialog = gate.dialog
    assert dialog is not None and dialog.isVisible() and code in dialog.subject.text()
    qtbot.keyClicks(dialog.reason_field, "Bus dari Sukadana terlambat")
    qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)  # a reason without a supervisor's NIP and PIN
    assert dialog.refusal is not None and "NIP" in dialog.refusal.id
    dialog.reject()
    assert gate.dialog is None and gate.card.decision is Decision.TOO_LATE
    results = sqlite_db.run(lambda s: list(s.scalars(select(CheckinEvent.result).where(CheckinEvent.code == code))))
    assert results == ["TOO_LATE"]  # nobody was let in


def test_a_hand_scan_into_the_supervisor_dialog_admits_nobody(gate, scan, scenario, sqlite_db, qtbot):
    late = scenario.codes[Decision.TOO_LATE]
    scan(gate, late, Decision.TOO_LATE)
    qtbot.mouseClick(gate.card.override_button, _left())
    dialog = gate.dialog
    qtbot.keyClicks(dialog.nip_field, scenario.codes[Decision.VALID])  # the next applicant's phone
    qtbot.keyClick(dialog.nip_field, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.pin_field, "123456")
    qtbot.keyClicks(dialog.reason_field, "terlambat")
    qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.refusal is not None and not dialog.checking, timeout=5000)
    assert "18" in dialog.refusal.id and dialog.isVisible()  # not a NIP: refused inside the dialog
    assert dialog.pin_field.text() == ""
    results = sqlite_db.run(lambda s: list(s.scalars(select(CheckinEvent.result).where(CheckinEvent.code == late))))
    assert results == ["TOO_LATE"]  # the late booking was not let in, the scanned code admitted nobody


def test_too_early_says_from_what_time_and_clock_is_injectable(gate, scan, scenario, clock):
    code = scenario.codes[Decision.TOO_EARLY]
    scan(gate, code, Decision.TOO_EARLY)
    assert "12:00" in card_text(gate) and "May enter from" in card_text(gate)
    assert gate.sounds.played[-1] is Tone.WARN
    clock.now = scenario.now.replace(hour=12, minute=5)
    scan(gate, code, Decision.VALID)


@pytest.mark.parametrize("decision, shown", [
    (Decision.WRONG_DATE, "01-12-2026"),
    (Decision.WRONG_OFFICE, "KANIM-PONTIANAK"),
    (Decision.CANCELLED, "dibatalkan"),
    (Decision.WITHDRAWN, "M-Paspor"),
    (Decision.UNKNOWN, "12 menit lalu"),
    (Decision.MALFORMED, "HTTPS://X.ID/?B=1"),
])
def test_refusals_show_why_in_red_with_the_refuse_sound(gate, scan, scenario, loopback, decision, shown):
    scan(gate, scenario.codes[decision], decision)
    text = card_text(gate)
    assert decision.title.id in text and decision.title.en in text
    assert shown in text
    assert Decision.WRONG_DATE.colour in gate.card.styleSheet()  # the refuse red
    assert gate.sounds.played[-1] is Tone.REFUSE
    assert not gate.card.reprint_button.isVisible() and not gate.card.override_button.isVisible()
    assert printed_numbers(loopback) == []


def test_unknown_turns_amber_when_the_booking_list_is_stale(gate, scan, scenario, clock, qtbot):
    clock.now = scenario.now + timedelta(minutes=40)  # last sync 52 min before: past stale_minutes (30)
    scan(gate, scenario.codes[Decision.UNKNOWN], Decision.UNKNOWN)
    assert "52 menit lalu" in card_text(gate)
    gate.status.refresh()
    qtbot.waitUntil(lambda: gate.status_bar.sync_level is Level.BUSY)  # amber


def test_failed_print_names_the_reason_and_the_ticket_stays_unprinted(gate, scan, scenario, loopback, qtbot):
    loopback.set_state("paper_out")
    scan(gate, scenario.codes[Decision.VALID], Decision.VALID)
    qtbot.waitUntil(lambda: all("Kertas habis" in s for s in gate.card.print_states.values()), timeout=8000)
    assert gate.status_bar.printer_level is Level.ERROR
    qtbot.waitUntil(lambda: {"A-003", "B-001", "P-001"} <= {n for _, n in gate.status_bar.unprinted_items})
    loopback.set_state("ok")
    gate.status_bar.reprint_all_action.trigger()
    qtbot.waitUntil(lambda: gate.status_bar.unprinted_items == [], timeout=10000)
    assert {"A-001", "A-002", "A-003", "B-001", "P-001"} <= set(printed_numbers(loopback))


def test_same_code_twice_inside_the_debounce_window_is_one_checkin(make_gate, scan, scenario, sqlite_db, qtbot):
    gate = make_gate(debounce=30.0)
    code = scenario.codes[Decision.VALID]
    ignored = []
    gate.flow.scan_ignored.connect(ignored.append)
    scan(gate, code, Decision.VALID)
    scan(gate, code)
    qtbot.waitUntil(lambda: ignored == [code])
    events = sqlite_db.run(lambda s: len(list(s.scalars(select(CheckinEvent.id).where(CheckinEvent.code == code)))))
    assert events == 1


def test_manual_field_uses_the_same_path(gate, scenario, qtbot):
    from PySide6.QtCore import Qt

    gate.manual_field.setFocus()
    qtbot.keyClicks(gate.manual_field, scenario.codes[Decision.CANCELLED].lower())
    qtbot.keyClick(gate.manual_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gate.card.decision is Decision.CANCELLED)
    assert gate.manual_field.text() == ""


def test_a_new_scan_replaces_the_card_and_the_card_clears_by_itself(make_gate, scan, scenario, qtbot):
    gate = make_gate(card_seconds=1.5)
    scan(gate, scenario.codes[Decision.UNKNOWN], Decision.UNKNOWN)
    scan(gate, scenario.codes[Decision.WRONG_OFFICE], Decision.WRONG_OFFICE)
    qtbot.waitUntil(lambda: gate.card.decision is None, timeout=5000)
    assert "SIAP MEMINDAI" in card_text(gate)


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_database_failure_shows_a_system_error_and_issues_nothing(gate_config, tmp_path, qtbot):
    """The database's own words (shared.db.errors.DatabaseError.text), never SQLAlchemy's, on the card."""
    from scanner.decode.debounce import SharedDebouncer
    from scanner.gate.sounds import SoundBoard
    from scanner.gate.window import GateWindow
    from shared.db.engine import Database
    from shared.db.errors import UNREACHABLE
    from shared.qt.tasks import TaskRunner

    empty = Database(f"sqlite:///{tmp_path / 'no-tables.sqlite3'}")  # never upgraded: every query fails
    runner = TaskRunner(empty)
    window = GateWindow(gate_config, runner, None, sounds=SoundBoard(enabled=False), debouncer=SharedDebouncer(0.0))
    qtbot.addWidget(window)
    window.show()
    try:
        window.flow.submit_typed("K7Q2M9XA")
        qtbot.waitUntil(lambda: "GALAT SISTEM" in card_text(window), timeout=5000)
        text = card_text(window)
        assert UNREACHABLE.id in text and UNREACHABLE.en in text and "No ticket was issued" in text
        assert "sqlalchemy" not in text.lower() and "no such table" not in text
        assert window.card.decision is None and window.sounds.played[-1] is Tone.REFUSE
    finally:
        window.close()
        runner.shutdown()
        empty.dispose()
