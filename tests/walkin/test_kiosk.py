"""The walk-in kiosk: a tap issues one ticket and prints it on a real ESC/POS printer; a dead printer keeps the number."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from kiosk.walkin.options import walk_in_options
from shared.db.models import Ticket
from shared.palette import Level
from shared.services.status import unprinted_numbers
from shared.text import Text

DAY = date(2026, 11, 28)


def _count(db, prefix: str) -> int:
    return db.run(lambda s: s.scalar(select(func.count(Ticket.id)).where(Ticket.day == DAY, Ticket.prefix == prefix)))


def _tap(qtbot, window, kind: str) -> None:
    qtbot.mouseClick(window.start_page.button_for(kind), Qt.MouseButton.LeftButton)


def test_the_buttons_come_from_the_config(config):
    options = walk_in_options(config)
    assert [(o.kind, o.prefix) for o in options] == [("pickup", "C"), ("info", "I"), ("priority", "P")]
    assert options[0].title == Text("Pengambilan Paspor", "Passport pickup")
    assert "lansia" in options[2].hint.id.lower()


def test_a_tap_issues_and_prints_the_ticket(db, config, make_kiosk, loopback, with_printer, qtbot):
    window = make_kiosk(db, with_printer(loopback.url), show_seconds=1)
    with qtbot.waitSignal(window.print_finished, timeout=15_000) as printed:
        _tap(qtbot, window, "pickup")
    outcome = printed.args[0]
    assert outcome.ok, outcome
    assert window.stack.currentWidget() is window.ticket_page
    assert window.ticket_page.number.text() == "C-001"
    assert "ambil tiket" in window.ticket_page.print_state.text()
    assert "Di depan Anda" in window.ticket_page.ahead.text() or "Tidak ada" in window.ticket_page.ahead.text()
    assert b"C-001" in bytes(loopback.last_job().data)
    assert "C-001" not in db.run(unprinted_numbers, DAY)
    with qtbot.waitSignal(window.returned_to_start, timeout=5_000):
        pass
    assert window.stack.currentWidget() is window.start_page
    assert all(b.isEnabled() for b in window.start_page.buttons)


def test_people_ahead_and_the_wait_are_shown(sqlite_db, config, make_kiosk, loopback, with_printer, qtbot):
    window = make_kiosk(sqlite_db, with_printer(loopback.url), show_seconds=1, debounce_seconds=0)
    for expected in ("I-001", "I-002"):
        with qtbot.waitSignal(window.returned_to_start, timeout=15_000):
            _tap(qtbot, window, "info")
        assert window.ticket_page.number.text() == expected
    assert "1 orang" in window.ticket_page.ahead.text()
    assert "menit" in window.ticket_page.wait.text()
    assert [b"I-001" in bytes(j.data) for j in loopback.ticket_jobs()] == [True, False]


def test_a_double_tap_issues_one_ticket(sqlite_db, config, make_kiosk, loopback, with_printer, qtbot):
    window = make_kiosk(sqlite_db, with_printer(loopback.url))
    with qtbot.waitSignal(window.print_finished, timeout=15_000):
        _tap(qtbot, window, "priority")
        window.start_page.kind_chosen.emit("priority")  # a second tap that beat the buttons going grey
    qtbot.wait(300)
    assert _count(sqlite_db, "P") == 1
    assert window.ticket_page.number.text() == "P-001"
    window.back_to_start()
    window.start_page.kind_chosen.emit("priority")  # lands as the start page comes back: ignored
    qtbot.wait(300)
    assert _count(sqlite_db, "P") == 1


def test_an_offline_printer_keeps_the_number(db, config, make_kiosk, dead_printer_url, with_printer, qtbot):
    window = make_kiosk(db, with_printer(dead_printer_url))
    with qtbot.waitSignal(window.print_finished, timeout=15_000) as printed:
        _tap(qtbot, window, "pickup")
    assert not printed.args[0].ok
    text = window.ticket_page.print_state.text()
    assert window.ticket_page.print_state.property("tone") == Level.ERROR
    assert printed.args[0].message.id in text  # the printer's own message, e.g. "Printer menolak sambungan ..."
    assert "Nomor Anda tetap C-001" in text and "Your number C-001 is kept" in text
    assert window.ticket_page.number.text() == "C-001"
    assert db.run(unprinted_numbers, DAY) == ("C-001",)
    assert _count(db, "C") == 1


def test_paper_out_is_named(sqlite_db, config, make_kiosk, loopback, with_printer, qtbot):
    loopback.set_state("paper_out")
    window = make_kiosk(sqlite_db, with_printer(loopback.url))
    with qtbot.waitSignal(window.print_finished, timeout=15_000):
        _tap(qtbot, window, "info")
    text = window.ticket_page.print_state.text()
    assert "Kertas habis" in text and "Paper out" in text and "I-001" in text


def test_main_stops_on_a_bad_printer_url(monkeypatch, tmp_path, qapp, capsys):
    from kiosk.kiosk_main import main

    monkeypatch.setenv("ANTRIAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.sqlite3'}")
    monkeypatch.setenv("ANTRIAN_PRINTER_URL", "lpt://nowhere")
    with pytest.raises(SystemExit) as stopped:  # like every start-up error: stderr, the log, the dialog, exit 2
        main([])
    assert stopped.value.code == 2
    out = capsys.readouterr()
    assert "printer.url" in out.err and "ERROR-DIALOG kiosk" in out.out  # the dialog (closed by itself offscreen)


def test_kiosk_never_imports_the_gate():
    """In a fresh interpreter: other tests in this session may have imported scanner themselves."""
    code = ("import sys, kiosk.kiosk_main, kiosk.walkin.window, kiosk.counter_main, kiosk.counter.window; "
            "print([m for m in sys.modules if m.split('.')[0] == 'scanner'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"


def test_the_shipped_roles_never_import_the_demo():
    """The demo drives the roles from outside (the pilot hook); nothing of it ships inside kiosk/."""
    code = ("import sys, kiosk.kiosk_main, kiosk.walkin.window, kiosk.counter_main, kiosk.counter.window, "
            "kiosk.board_main, kiosk.board.window; print([m for m in sys.modules if m.split('.')[0] == 'demo'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"
