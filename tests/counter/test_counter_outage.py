"""The office database goes away under a counter and comes back: one short bilingual line (never the driver's
words), one log line each way, and the line clears by itself at the first good read; a real SQLite file or
PostgreSQL database taken away and brought back."""

from __future__ import annotations

import logging

from kiosk.counter.actions import Act
from kiosk.counter.messages import DB_DOWN, NOT_SAVED, READY

from .conftest import seed_tickets

LOGGER = "kiosk.counter.window"


def lines(caplog, words: str) -> int:
    return sum(1 for r in caplog.records if r.name == LOGGER and words in r.getMessage())


def test_the_database_going_away_is_one_short_message_cleared_when_it_is_back(outage, config, make_window, press,
                                                                               qtbot, caplog):
    seed_tickets(outage.db, config)
    window = make_window(outage.db, "Loket 1", refresh_ms=150)
    caplog.set_level(logging.INFO)

    outage.down()
    qtbot.waitUntil(lambda: window.message.text() == DB_DOWN.line(), timeout=5000)
    text = window.message.text()
    assert " / " in text and len(text) < 80  # Indonesian / English, one short line
    assert "Error" not in text and "sqlalchemy" not in text.lower() and "connection" not in text
    qtbot.wait(1200)  # eight polls or so, all failing
    assert window.database_down and lines(caplog, "database unreachable") == 1

    press(window, Act.CALL_NEXT)  # the officer tries anyway: told that nothing was saved
    assert window.message.text() == NOT_SAVED.line()
    qtbot.wait(600)
    assert window.message.text() == NOT_SAVED.line()  # the polls do not hide it
    assert lines(caplog, "database unreachable") == 1

    outage.up()
    qtbot.waitUntil(lambda: not window.database_down, timeout=10_000)
    assert window.message.text() == READY.line() and lines(caplog, "database back") == 1
    qtbot.wait(500)
    assert lines(caplog, "database back") == 1 and lines(caplog, "database unreachable") == 1

    head = window.waiting.numbers()[0]
    press(window, Act.CALL_NEXT)  # and it works again
    assert window.panel.number.text() == head and head in window.message.text()


def test_an_action_refused_by_the_counter_is_not_cleared_by_a_good_read(outage, config, make_window, press, qtbot):
    """Only the database's own message clears by itself; a refusal the officer must read stays."""
    seed_tickets(outage.db, config)
    window = make_window(outage.db, "Loket 1", refresh_ms=150)
    outage.down()
    qtbot.waitUntil(lambda: window.database_down, timeout=5000)
    outage.up()
    qtbot.waitUntil(lambda: not window.database_down, timeout=10_000)
    window.actions.number.setText("C-999")
    press(window, Act.CALL_NUMBER)
    refused = window.message.text()
    assert "C-999" in refused
    qtbot.wait(500)
    assert window.message.text() == refused
