"""The supervisor window on the scripted day (conftest.py), offscreen, on the real SQLite file."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from kiosk.supervisor.window import SupervisorWindow
from shared.services import counter_ops as ops

from .conftest import DAY, at


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def window(qtbot, day_db, runner, config):
    beeps = []
    clock = Clock(at(config, "09:00"))
    win = SupervisorWindow(config, runner, clock=clock, refresh_ms=60_000, beep=lambda: beeps.append(1))
    qtbot.addWidget(win)
    win.beeps, win.test_clock = beeps, clock
    qtbot.waitUntil(lambda: win.today.lokets.rowCount() == 4, timeout=5000)
    return win


def _refresh(qtbot, win):
    with qtbot.waitSignal(win.today_applied, timeout=5000) as blocker:
        win.refresh()
    return blocker.args[0]


def _cells(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_today_page_shows_the_figures(window):
    lokets = _cells(window.today.lokets)
    assert lokets[2][:6] == ["Loket 3", "—", "Melayani / Serving", "08:50", "I-001", "2"]
    assert lokets[2][6] == "7.0 mnt / min"
    assert lokets[1][2] == "Istirahat / Paused" and lokets[1][3] == "08:05"
    assert lokets[0][3] == "awal hari / start of day"
    stations = {row[0]: row for row in _cells(window.today.stations)}
    assert stations["GATE-1"][3] == "08:59" and "unprinted 4" in stations["GATE-1"][4]
    assert "No heartbeat" in stations["BOARD-1"][4]
    tile = window.today.tiles["C"]
    assert tile.count.text() == "1" and "40 mnt / min (target 15)" in tile.detail.text() and "33%" in tile.detail.text()
    assert window.today.chart.values()["Arrived"][window.today.chart.labels.index("08")] == 4
    assert window.today.chart.values()["Served"][window.today.chart.labels.index("08")] == 2


def test_alert_stays_until_acknowledged_and_comes_back(qtbot, window, day_db, config):
    banner = window.today.banner
    assert not banner.isHidden()
    assert len(banner.lines()) == 2 and "C Pengambilan Paspor" in banner.lines()[0]
    assert "Loket 2" in banner.lines()[1]
    assert window.beeps == [1]
    _refresh(qtbot, window)  # the same alerts: no second beep, the banner stays
    assert window.beeps == [1] and len(banner.lines()) == 2
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert banner.isHidden()
    _refresh(qtbot, window)  # still active, but acknowledged: quiet
    assert banner.isHidden() and window.beeps == [1]
    # Loket 2 resumes and C-003 gets called: both clear; later Loket 2 pauses again past the limit: raised again
    day_db.run(ops.set_paused, config, "Loket 2", False, at(config, "09:01"))
    day_db.run(ops.done, config, "Loket 3", at(config, "09:01"))
    day_db.run(ops.call_next, config, "Loket 3", at(config, "09:02"))
    window.test_clock.now = at(config, "09:03")
    view = _refresh(qtbot, window)
    assert view.alerts == () and banner.isHidden() and window.acknowledged == set()
    day_db.run(ops.set_paused, config, "Loket 2", True, at(config, "09:05"))
    window.test_clock.now = at(config, "09:05") + timedelta(minutes=21)
    _refresh(qtbot, window)
    assert banner.lines() == ["⚠ Loket 2 istirahat sudah 21 menit (batas 20) / Loket 2 paused for 21 min (limit 20)"]
    assert window.beeps == [1, 1]


def test_report_page_table_and_exports(qtbot, window, tmp_path):
    window.tabs.setCurrentWidget(window.report)
    window.report.set_period(DAY, DAY, "counter")
    with qtbot.waitSignal(window.report_applied, timeout=5000):
        window.load_report()
    rows = _cells(window.report.table)
    assert rows[-1][0] == "Total" and rows[-1][2] == "4"  # arrived
    loket3 = next(r for r in rows if r[0] == "Loket 3")
    assert loket3[3:5] == ["3", "2"]  # called, served

    with qtbot.waitSignal(window.export_finished, timeout=10_000) as done:
        window.export("csv", tmp_path / "r.csv")
    assert done.args[0] == tmp_path / "r.csv"
    text = (tmp_path / "r.csv").read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[-1][0] == "Total" and "Loket 3" in [r[0] for r in table]

    with qtbot.waitSignal(window.export_finished, timeout=20_000) as done:
        window.export("xlsx", tmp_path / "r.xlsx")
    assert done.args[0] == tmp_path / "r.xlsx"
    with zipfile.ZipFile(tmp_path / "r.xlsx") as book:  # opens back: a workbook with a sheet per grouping
        sheets = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        strings = book.read("xl/sharedStrings.xml").decode()
    assert len(sheets) >= 6 and "Loket 3" in strings
    assert window.report.export_buttons["xlsx"].isEnabled()
    assert "r.xlsx" in window.report.status.text()


def test_report_refused_period_is_shown(qtbot, window):
    window.report.set_period(DAY, DAY - timedelta(days=1))
    window.load_report()
    qtbot.waitUntil(lambda: "terbalik" in window.report.status.text(), timeout=5000)
    assert window.report.show_button.isEnabled()
