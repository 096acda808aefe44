"""A public screen (the board's TV, the kiosk's touch screen): no mouse pointer, no blanking, no screensaver.

`hide_cursor()` hides the pointer over every window of the app (a touch still works).
`keep_screen_awake(role)` turns off X11 blanking and power saving (`xset s off -dpms`, when the display is X11
and xset exists) and asks the desktop's screensaver not to start (`org.freedesktop.ScreenSaver.Inhibit` over
the session D-Bus, when a desktop offers it); `release()` ends the inhibition. Whatever is missing is
tolerated silently, with one log line saying what was done. Offscreen (tests, the demo's autopilot) nothing is
touched.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)
SCREENSAVER = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver")
XSET_COMMANDS = (("s", "off"), ("s", "noblank"), ("-dpms",))
HEADLESS = ("offscreen", "minimal", "vnc")


def hide_cursor() -> None:
    """No mouse pointer over any window of this app (a TV in a hall, a touch kiosk)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)


class ScreenAwake:
    """What keep_screen_awake did; `release()` lets the screensaver work again (xset settings stay off)."""

    def __init__(self, done: list[str], interface: Any = None, cookie: int | None = None) -> None:
        self.done, self._interface, self._cookie = done, interface, cookie

    def release(self) -> None:
        if self._interface is not None and self._cookie is not None:
            try:
                self._interface.call("UnInhibit", self._cookie)
            except Exception:  # noqa: BLE001 - the bus may be gone already at logout
                pass
            self._cookie = None


def keep_screen_awake(role: str, environ: Mapping[str, str] = os.environ,
                      run: Callable[..., Any] = subprocess.run, platform: str | None = None) -> ScreenAwake:
    platform = QGuiApplication.platformName() if platform is None else platform
    if platform in HEADLESS:
        return ScreenAwake([])
    done: list[str] = []
    if platform == "xcb" and environ.get("DISPLAY") and shutil.which("xset"):
        try:
            for args in XSET_COMMANDS:
                run(["xset", *args], check=True, timeout=5, capture_output=True)
            done.append("xset s off -dpms")
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("xset failed: %s", exc)
    interface, cookie = _inhibit(role)
    if cookie is not None:
        done.append("D-Bus ScreenSaver.Inhibit")
    if done:
        log.info("screen kept awake: %s", ", ".join(done))
    else:
        log.info("screen blanking not prevented (platform %s: no xset, no D-Bus screensaver); "
                 "turn it off in the desktop's power settings", platform)
    return ScreenAwake(done, interface, cookie)


def _inhibit(role: str) -> tuple[Any, int | None]:
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage
    except ImportError:
        return None, None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None, None
    interface = QDBusInterface(*SCREENSAVER, bus)
    if not interface.isValid():
        return None, None
    reply = interface.call("Inhibit", f"antrian-{role}", "Antrian: layar publik / public display")
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None, None
    try:
        return interface, int(reply.arguments()[0])
    except (TypeError, ValueError):
        return None, None
