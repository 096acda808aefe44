"""The counter's waiting list: minutes waited (what matters most) and the estimated wait per ticket, short
("10–20", "≤5"), the full words in the tooltip, a range past closing time in red; readable at 1280x800."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from PySide6.QtGui import QFontMetrics

from kiosk.counter.waiting_list import LATE_TEXT, WaitingList, estimate_cell, row_texts, tooltip_text
from shared.domain import TicketView, WaitEstimate
from shared.services.counter_ops import waiting_list
from shared.services.wait_estimate import wait_text

VIEW = TicketView(id=3, number="A-003", day=date(2026, 11, 28), service_prefix="A", service_name="Paspor Baru",
                  service_name_en="New passport", status="waiting", issued_at=datetime(2026, 11, 28, 0, 30),
                  applicant_name="LESTARI KURNIAWAN", minutes_waited=34)


def with_wait(view: TicketView, wait: WaitEstimate) -> TicketView:
    return dataclasses.replace(
        view, people_ahead=wait.people_ahead, estimated_wait_minutes=wait.minutes,
        estimated_wait_low_minutes=wait.low_minutes, estimated_wait_high_minutes=wait.high_minutes,
        may_not_be_served_today=wait.may_not_be_served_today)


def test_the_cells():
    assert estimate_cell(WaitEstimate(15, 10, 20)) == "10–20"
    assert estimate_cell(WaitEstimate(2, 0, 5)) == "≤5"  # "soon" only when the estimator says so
    assert estimate_cell(WaitEstimate(4, 0, 8)) == "0–8"
    assert estimate_cell(WaitEstimate(110, 80, 150, may_not_be_served_today=True)) == "80–150"
    view = with_wait(VIEW, WaitEstimate(15, 10, 20, 2))
    assert row_texts(view) == ("A-003", "LESTARI KURNIAWAN", "34", "10–20")
    assert tooltip_text(view) == ("A-003 · Paspor Baru / New passport\n"
                                  "Perkiraan tunggu: 10–20 menit / Estimated wait: 10–20 min")


def test_the_table_shows_waited_and_estimate(qtbot):
    table = WaitingList()
    qtbot.addWidget(table)
    table.show()
    names = ["LESTARI KURNIAWAN", "SLAMET KURNIAWAN", "WULAN SANTOSO"]
    waits = [WaitEstimate(2, 0, 5), WaitEstimate(40, 10, 120), WaitEstimate(110, 80, 150, may_not_be_served_today=True)]
    views = tuple(with_wait(dataclasses.replace(VIEW, id=i, number=f"A-00{i}", applicant_name=name), wait)
                  for i, (name, wait) in enumerate(zip(names, waits, strict=True), start=1))
    table.show_tickets(views)
    header = [table.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert header == ["No.", "Nama / Name", "Tunggu\nWaited", "Perkiraan\nEstimate"]
    cells = [[table.table.item(r, c).text() for c in range(4)] for r in range(3)]
    assert [row[2:] for row in cells] == [["34", "≤5"], ["34", "10–120"], ["34", "80–150"]]
    assert table.table.item(2, 3).foreground().color() == LATE_TEXT  # past closing time: red
    assert table.table.item(0, 3).foreground().color() != LATE_TEXT
    assert "mungkin tidak terlayani hari ini" in table.table.item(2, 1).toolTip()


@pytest.mark.parametrize("counter", ["Loket 1"])
def test_the_real_waiting_list_carries_each_tickets_estimate(db, config, counter):
    """On SQLite and PostgreSQL: the service's views carry the range the list shows, later tickets wait longer."""
    from .conftest import seed_tickets

    seed_tickets(db, config)
    now = datetime(2026, 11, 28, 8, 30, tzinfo=config.office.tz)
    views = db.run(waiting_list, config, counter, now)
    assert len(views) > 3
    highs = [v.estimated_wait_high_minutes for v in views]
    assert highs[0] <= highs[-1] and highs[-1] > 5
    for view in views:
        assert view.estimated_wait_low_minutes <= view.estimated_wait_minutes <= view.estimated_wait_high_minutes
        assert row_texts(view)[3] == estimate_cell(view.wait)
        assert wait_text(view.wait, label=True).line() in tooltip_text(view)


def test_the_counter_window_shows_the_estimates_and_the_names_fit(seeded, make_window, qtbot):
    """At 1280x800 (the window's size in the fixture) a long demo name is not cut: "LESTARI KURNIAWAN"."""
    window = make_window(seeded, "Loket 1")
    table = window.waiting.table
    assert table.rowCount() > 3
    estimates = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert all(e == "≤5" or "–" in e for e in estimates), estimates
    waited = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert all(w.isdigit() for w in waited)
    qtbot.wait(50)  # the layout settles
    metrics = QFontMetrics(table.font())
    assert metrics.height() >= 16  # the counter's 16 px table font, not a default
    padding = 12
    assert metrics.horizontalAdvance("LESTARI KURNIAWAN") + padding <= table.columnWidth(1), table.columnWidth(1)
