"""The board follows the call log written by other processes, and announces every call and recall."""

from __future__ import annotations

import time

import pytest

from kiosk.board.notice import Notice
from kiosk.board.texts import DB_LOST


def test_call_from_another_process_appears_on_the_board(qtbot, db, make_board, waiting_tickets, run_counter) -> None:
    first, second = waiting_tickets(db, 2)
    board = make_board(db.url)
    assert board.now_calling.shown_number == "—"
    queued: list[str] = []
    board.voice.call_queued.connect(queued.append)

    run_counter(db.url, "call-next", "Loket 1")
    committed = time.monotonic()
    qtbot.waitUntil(lambda: board.now_calling.shown_number == first)
    assert time.monotonic() - committed < 3.0
    assert board.now_calling.blinking
    assert board.counts.waiting_shown()["P"] == "1"

    run_counter(db.url, "call-next", "Loket 1")
    qtbot.waitUntil(lambda: board.now_calling.shown_number == second)
    assert board.recent.shown_numbers == [first]
    assert board.counts.waiting_shown()["P"] == "0"
    assert [q.split()[0] for q in queued] == [first, second]
    assert board.notice.notice(Notice.DB) is None


@pytest.mark.slow  # waits for both announcements to be played, one after the other
def test_a_recall_is_announced_again(qtbot, db, make_board, waiting_tickets, run_counter) -> None:
    (number,) = waiting_tickets(db, 1)
    board = make_board(db.url)
    queued: list[str] = []
    started: list[str] = []
    board.voice.call_queued.connect(queued.append)
    board.voice.announcement_started.connect(started.append)

    run_counter(db.url, "call-next", "Loket 1")
    qtbot.waitUntil(lambda: len(queued) == 1)
    run_counter(db.url, "recall", "Loket 1")
    qtbot.waitUntil(lambda: len(queued) == 2)

    assert [q.split()[0] for q in queued] == [number, number]
    assert queued[0] != queued[1]  # two call_event rows: two announcements
    assert board.now_calling.shown_number == number
    assert board.now_calling.recall_shown  # "PANGGILAN ULANG / RECALL"
    assert board.recent.shown_numbers == []  # one number is shown once
    qtbot.waitUntil(lambda: len(started) == 2, timeout=30_000)  # one after the other


def test_a_board_started_mid_day_announces_nothing_old(qtbot, db, make_board, waiting_tickets, run_counter) -> None:
    waiting_tickets(db, 3)
    run_counter(db.url, "call-next", "Loket 1")
    run_counter(db.url, "call-next", "Loket 1")
    board = make_board(db.url)
    queued: list[str] = []
    board.voice.call_queued.connect(queued.append)
    qtbot.waitUntil(lambda: board.now_calling.shown_number == "P-002")
    assert board.recent.shown_numbers == ["P-001"]
    board.feed.refresh()
    time.sleep(0.3)
    assert queued == []
    assert board.notice.notice(Notice.DB) != DB_LOST
