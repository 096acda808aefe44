"""The counter's pure parts and its start-up: which actions make sense, numbers typed, the counter chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from kiosk.counter.action_bar import normalise_number
from kiosk.counter.actions import Act, CounterState, enabled_actions
from kiosk.counter.choices import transfer_targets
from kiosk.counter.chooser import SETTINGS_KEY, UnknownCounter, choose_counter, resolve_counter

ANY_TIME = (Act.REOPEN, Act.VOID)  # a supervisor's actions on a typed number: paused or not


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (CounterState(), set()),
        (CounterState(loaded=True), {Act.PAUSE, Act.CALL_NUMBER, *ANY_TIME}),
        (CounterState(loaded=True, waiting=3), {Act.PAUSE, Act.CALL_NUMBER, Act.CALL_NEXT, *ANY_TIME}),
        (CounterState(loaded=True, waiting=3, has_current=True),
         {Act.PAUSE, Act.CALL_NUMBER, Act.CALL_NEXT, Act.RECALL, Act.NO_SHOW, Act.DONE, Act.TRANSFER, *ANY_TIME}),
        (CounterState(loaded=True, waiting=3, has_current=True, paused=True),
         {Act.PAUSE, Act.RECALL, Act.NO_SHOW, Act.DONE, Act.TRANSFER, *ANY_TIME}),
        (CounterState(loaded=True, waiting=3, has_current=True, busy=True), set()),
        (CounterState(loaded=True, waiting=3, has_current=True, lost=True), set()),
    ],
)
def test_enabled_actions(state, expected):
    assert enabled_actions(state) == expected


@pytest.mark.parametrize(("typed", "number"), [("a12", "A-012"), ("C-4", "C-004"), (" p 007 ", "P-007"), ("", "")])
def test_typed_numbers_are_normalised(typed, number):
    assert normalise_number(typed) == number


def test_transfer_targets_default_to_the_next_stage(config):
    targets, default = transfer_targets(config, "Loket 1")
    assert [s.prefix for s in targets] == ["C", "I", "D"] and targets[default].prefix == "D"
    targets, default = transfer_targets(config, "Loket 4")  # the photo counter: no stage after it
    assert "D" not in [s.prefix for s in targets] and default == 0


def test_resolve_counter(config):
    assert resolve_counter(config, "loket 2", "Loket 1") == "Loket 2"
    assert resolve_counter(config, None, "Loket 3") == "Loket 3"
    assert resolve_counter(config, None, "Loket 99") is None  # removed from config: ask again
    with pytest.raises(UnknownCounter, match="Loket 1, Loket 2"):
        resolve_counter(config, "Loket 9", None)


def test_the_choice_is_remembered_per_pc(config, qapp, tmp_path):
    settings = QSettings(str(tmp_path / "counter.ini"), QSettings.Format.IniFormat)
    settings.setValue(SETTINGS_KEY, "Loket 3")
    assert choose_counter(config, settings, None) == "Loket 3"
    assert choose_counter(config, settings, "Loket 1") == "Loket 1"
    assert settings.value(SETTINGS_KEY) == "Loket 3"  # --counter does not overwrite the PC's choice


def test_main_refuses_an_unknown_counter(monkeypatch, tmp_path, qapp, capsys):
    from kiosk.counter_main import main

    monkeypatch.setenv("ANTRIAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert main(["--counter", "Loket 9"]) == 2
    assert "Loket 9" in capsys.readouterr().err
