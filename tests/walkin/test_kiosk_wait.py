"""The kiosk's "your number" page shows the estimated wait as the ticket prints it: the range in `wait_text`'s
words, "segera / soon" only when the estimator says so, "may not be served today" when flagged."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from kiosk.walkin.messages import wait_text
from kiosk.walkin.ticket_page import TicketPage
from shared.domain import TicketView, WaitEstimate
from shared.services import counter_ops
from shared.services.tickets import issue_walk_in
from shared.services.wait_estimate import wait_text as estimate_text

VIEW = TicketView(id=7, number="I-007", day=date(2026, 11, 28), service_prefix="I", service_name="Informasi",
                  service_name_en="Information", status="waiting", issued_at=datetime(2026, 11, 28, 2, 0))


def with_wait(wait: WaitEstimate) -> TicketView:
    return dataclasses.replace(
        VIEW, people_ahead=wait.people_ahead, estimated_wait_minutes=wait.minutes,
        estimated_wait_low_minutes=wait.low_minutes, estimated_wait_high_minutes=wait.high_minutes,
        may_not_be_served_today=wait.may_not_be_served_today)


@pytest.mark.parametrize(("wait", "shown"), [
    (WaitEstimate(15, 10, 20, 3), "Perkiraan tunggu: 10–20 menit / Estimated wait: 10–20 min"),
    (WaitEstimate(2, 0, 5, 0), "Perkiraan tunggu: segera / Estimated wait: soon"),
    (WaitEstimate(4, 0, 8, 1), "Perkiraan tunggu: 0–8 menit / Estimated wait: 0–8 min"),
    (WaitEstimate(110, 80, 150, 17, may_not_be_served_today=True),
     "Perkiraan tunggu: 1–2,5 jam; mungkin tidak terlayani hari ini\nEstimated wait: 1–2.5 h; may not be served today"),
    (WaitEstimate(0, 0, 0, 0, may_not_be_served_today=True),  # no counter serves it at all: no "±0 menit"
     "Perkiraan tunggu: mungkin tidak terlayani hari ini\nEstimated wait: may not be served today"),
])
def test_the_page_shows_the_range(qtbot, wait, shown):
    page = TicketPage()
    qtbot.addWidget(page)
    page.show_ticket(with_wait(wait))
    assert page.wait.text() == shown
    assert "±" not in page.wait.text() and "about" not in page.wait.text()


def test_the_same_words_as_the_estimator():
    view = with_wait(WaitEstimate(25, 15, 35, 5))
    assert wait_text(view) == estimate_text(view.wait, label=True)


def test_a_tap_shows_and_prints_the_tickets_own_range(db, config, make_kiosk, loopback, with_printer, now, qtbot):
    """On SQLite and PostgreSQL: Loket 3 is serving, five information walk-ins wait; the new ticket's page shows
    its estimate (a range, not "soon") and the printed ticket carries the same range."""
    db.run(counter_ops.ensure_counters, config)
    for i in range(6):
        db.run(issue_walk_in, config, "info", now - timedelta(minutes=20 - i))
    db.run(counter_ops.call_next, config, "Loket 3", now - timedelta(minutes=2))
    window = make_kiosk(db, with_printer(loopback.url))
    with qtbot.waitSignal(window.ticket_issued, timeout=15_000) as issued:
        qtbot.mouseClick(window.start_page.button_for("info"), Qt.MouseButton.LeftButton)
    view: TicketView = issued.args[0]
    assert view.number == "I-007" and view.people_ahead == 5
    assert 5 < view.estimated_wait_high_minutes and not view.wait.soon
    assert view.estimated_wait_low_minutes <= view.estimated_wait_minutes <= view.estimated_wait_high_minutes
    words = estimate_text(view.wait, label=True)
    assert window.ticket_page.wait.text() == words.line()
    assert f"{view.estimated_wait_low_minutes}–{view.estimated_wait_high_minutes}" in window.ticket_page.wait.text()
    qtbot.waitUntil(lambda: len(loopback.ticket_jobs()) == 1, timeout=15_000)
    loopback.wait_closed(1)
    paper = loopback.ticket_jobs()[0].decoded().text.splitlines()
    low, high = view.estimated_wait_low_minutes, view.estimated_wait_high_minutes
    assert f"Perkiraan tunggu: {low}-{high} menit" in paper and f"Estimated wait: {low}-{high} min" in paper
