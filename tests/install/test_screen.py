"""The board and the kiosk on a public screen: no pointer, no blanking; nothing is touched offscreen."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from shared.qt import screen


def test_offscreen_nothing_is_touched(qapp) -> None:
    calls = []
    awake = screen.keep_screen_awake("board", run=lambda *a, **k: calls.append(a))
    assert awake.done == [] and calls == []
    awake.release()


def test_on_x11_xset_turns_blanking_and_power_saving_off(monkeypatch, caplog) -> None:
    calls = []
    monkeypatch.setattr(screen.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(screen, "_inhibit", lambda role: (None, None))
    with caplog.at_level(logging.INFO, logger="shared.qt.screen"):
        awake = screen.keep_screen_awake("kiosk", environ={"DISPLAY": ":0"}, platform="xcb",
                                         run=lambda args, **_k: calls.append(args))
    assert calls == [["xset", "s", "off"], ["xset", "s", "noblank"], ["xset", "-dpms"]]
    assert awake.done == ["xset s off -dpms"]
    assert [r.getMessage() for r in caplog.records] == ["screen kept awake: xset s off -dpms"]


def test_nothing_available_is_one_log_line_not_an_error(monkeypatch, caplog) -> None:
    monkeypatch.setattr(screen.shutil, "which", lambda name: None)
    monkeypatch.setattr(screen, "_inhibit", lambda role: (None, None))
    with caplog.at_level(logging.INFO, logger="shared.qt.screen"):
        awake = screen.keep_screen_awake("board", environ={}, platform="wayland")
    assert awake.done == []
    (record,) = caplog.records
    assert record.levelno == logging.INFO and "not prevented" in record.getMessage()


def test_a_failing_xset_is_tolerated(monkeypatch) -> None:
    def broken(args, **_kwargs):
        raise OSError("xset: unable to open display")

    monkeypatch.setattr(screen.shutil, "which", lambda name: "/usr/bin/xset")
    monkeypatch.setattr(screen, "_inhibit", lambda role: (None, None))
    assert screen.keep_screen_awake("board", environ={"DISPLAY": ":0"}, platform="xcb", run=broken).done == []


def test_the_dbus_inhibit_is_released(monkeypatch) -> None:
    calls = []

    class Interface:
        def call(self, *args):
            calls.append(args)

    monkeypatch.setattr(screen.shutil, "which", lambda name: None)
    monkeypatch.setattr(screen, "_inhibit", lambda role: (Interface(), 42))
    awake = screen.keep_screen_awake("board", environ={}, platform="wayland")
    assert awake.done == ["D-Bus ScreenSaver.Inhibit"]
    awake.release()
    awake.release()  # once only
    assert calls == [("UnInhibit", 42)]


def test_without_a_session_bus_there_is_no_inhibit(qapp, monkeypatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    interface, cookie = screen._inhibit("board")
    assert cookie is None or isinstance(cookie, int)  # a desktop session on the test machine may answer


def test_hide_cursor_hides_it_over_every_window(qapp) -> None:
    screen.hide_cursor()
    try:
        assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    finally:
        QGuiApplication.restoreOverrideCursor()
