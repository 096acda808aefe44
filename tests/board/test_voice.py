"""The board's voice: without espeak-ng the chime still plays and the screen says so; voice off = chime only."""

from __future__ import annotations

import dataclasses

from kiosk.announce.speech import SpeechSettings
from kiosk.board.notice import Notice
from kiosk.board.texts import VOICE_UNAVAILABLE


def test_without_espeak_the_chime_plays_and_the_board_says_so(
    qtbot, sqlite_db, make_board, waiting_tickets, run_counter
) -> None:
    (number,) = waiting_tickets(sqlite_db, 1)
    board = make_board(sqlite_db.url, settings=SpeechSettings(executable="espeak-ng-not-installed"))
    started: list[str] = []
    board.voice.announcement_started.connect(started.append)
    run_counter(sqlite_db.url, "call-next", "Loket 1")
    qtbot.waitUntil(lambda: board.notice.notice(Notice.VOICE) == VOICE_UNAVAILABLE, timeout=10_000)
    qtbot.waitUntil(lambda: len(started) == 1, timeout=10_000)
    assert started[0].startswith(number)
    assert board.notice.isVisible() and board.notice.text() == VOICE_UNAVAILABLE.line()
    assert board.now_calling.shown_number == number


def test_voice_disabled_plays_the_chime_only(qtbot, config, sqlite_db, make_board, waiting_tickets, run_counter) -> None:
    quiet = dataclasses.replace(config, voice=dataclasses.replace(config.voice, enabled=False))
    waiting_tickets(sqlite_db, 1)
    board = make_board(sqlite_db.url, voice_config=quiet)
    started: list[str] = []
    board.voice.announcement_started.connect(started.append)
    run_counter(sqlite_db.url, "call-next", "Loket 1")
    qtbot.waitUntil(lambda: len(started) == 1, timeout=10_000)
    assert not board.voice.speaks
    assert board.notice.notice(Notice.VOICE) is None
