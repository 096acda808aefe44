"""The supervisor in the demo: signs in (demo/pilots/sign_in.py), watches the day; at the autopilot's end it
exports the day's report as PDF and XLSX into DIR/reports (DIR = ANTRIAN_DEMO_OUTPUT), through the window's own
export buttons' code."""

from __future__ import annotations

from pathlib import Path

from demo import officers
from shared.qt.app import RoleLifecycle, demo_output, say
from shared.qt.auth import SignedInFrame

from .sign_in import SignInPilot


class SupervisorPilot:
    def __init__(self, window, out: Path) -> None:
        self.window, self.out = window, out
        self.pending = 0
        window.export_finished.connect(self._on_window_export_finished)

    def start(self) -> None:
        """Nothing to press while the morning runs: the window refreshes by itself."""

    def stop(self) -> None:
        """The morning is over: the day's report on paper and in a workbook."""
        self.out.mkdir(parents=True, exist_ok=True)
        for fmt in ("pdf", "xlsx"):
            self.pending += 1
            self.window.export(fmt, self.out / f"laporan-hari-ini.{fmt}")

    def idle(self) -> bool:
        return self.pending == 0

    def _on_window_export_finished(self, result: object) -> None:
        self.pending = max(0, self.pending - 1)
        say("EXPORT", result)


def start(window, lifecycle: RoleLifecycle) -> SupervisorPilot | SignInPilot | None:
    """The hook's factory; the window comes inside its sign-in frame: the demo supervisor signs in first."""
    out = demo_output()
    if not lifecycle.autopilot or out is None:
        return None  # with windows, the supervisor signs in and watches
    if isinstance(window, SignedInFrame):
        return SignInPilot(window, SupervisorPilot(window.content, out / "reports"), "supervisor",
                           officers.SUPERVISOR)
    return SupervisorPilot(window, out / "reports")
