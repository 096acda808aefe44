"""Qt-free parts: Indonesian dates and sentences, and which calls the board shows and announces."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kiosk.board.state import BoardState
from kiosk.board.texts import call_headline, call_sentence, format_date_id
from shared.domain import CallEventView
from shared.text import Text

DAY = date(2026, 11, 28)
T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def call(id_: int, number: str, counter: str = "Loket 1", kind: str = "call") -> CallEventView:
    return CallEventView(id_, number, counter, kind, T0 + timedelta(minutes=id_))


def test_indonesian_date_whatever_the_locale() -> None:
    assert format_date_id(date(2026, 11, 28)) == "Sabtu, 28 November 2026"
    assert format_date_id(date(2026, 8, 17)) == "Senin, 17 Agustus 2026"
    assert format_date_id(date(2027, 1, 3)) == "Minggu, 3 Januari 2027"


def test_call_words_indonesian_first() -> None:
    assert call_headline("A-042", "Loket 3") == "A-042 → LOKET 3"
    assert call_sentence("A-042", "Loket 3") == Text("Nomor A-042 silakan ke LOKET 3", "please go to counter 3")


def test_first_read_fills_the_screen_without_announcing() -> None:
    state = BoardState(recent_limit=2)
    assert state.apply(DAY, [call(3, "A-003"), call(2, "A-002"), call(1, "A-001")]) == []
    assert state.newest.number == "A-003"
    assert [c.number for c in state.previous] == ["A-002", "A-001"]
    assert state.last_seen == 3


def test_new_calls_are_announced_oldest_first_and_a_recall_moves_to_the_top() -> None:
    state = BoardState(recent_limit=3)
    state.apply(DAY, [call(2, "A-002"), call(1, "A-001")])
    fresh = state.apply(DAY, [call(5, "A-001", kind="recall"), call(4, "B-001", "Loket 2")])
    assert [(c.id, c.number) for c in fresh] == [(4, "B-001"), (5, "A-001")]
    assert [c.number for c in state.calls] == ["A-001", "B-001", "A-002"]  # each number once
    assert state.newest.kind == "recall"
    assert state.apply(DAY, [call(5, "A-001", kind="recall")]) == []  # already seen: not again


def test_a_new_day_starts_an_empty_board() -> None:
    state = BoardState(recent_limit=3)
    state.apply(DAY, [call(1, "A-001")])
    assert state.apply(DAY + timedelta(days=1), []) == []
    assert state.newest is None
    assert state.last_seen == 1


def test_freshness_follows_blink_seconds() -> None:
    state = BoardState(recent_limit=3)
    c = call(1, "A-001")
    assert state.is_fresh(c, c.at + timedelta(seconds=5), 6)
    assert not state.is_fresh(c, c.at + timedelta(seconds=7), 6)
