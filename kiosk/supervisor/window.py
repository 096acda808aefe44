"""The supervisor window: two tabs, every read on the db lane, every file written on the io lane.

"Hari ini / Today" is read with `supervisor_view.today_view` every `refresh_ms` (one read transaction); a read
still on its way is not queued again. An alert shows in the banner and stays there, with a beep when a new one
comes, until "Mengerti / Acknowledge" is pressed; an acknowledged alert stays quiet while it lasts and is raised
again once it has cleared and comes back. "Laporan / Report" reads `reports.build_report` for its table and
`reports.all_groupings` for the XLSX and the PDF, and writes through `report_export` on `Lane.IO`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from shared.clock import now as office_now
from shared.config import Config
from shared.db.errors import DatabaseError
from shared.palette import INK, LINE, NAVY, PAPER, RED, SLATE, WHITE, Level
from shared.qt.tasks import Lane, TaskRunner
from shared.services import report_export
from shared.services.reports import Report, ReportError, all_groupings, build_report
from shared.services.supervisor_view import Alert, TodayView, today_view
from shared.text import Text

from . import texts
from .report_page import ReportPage
from .today_page import TodayPage

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
STYLESHEET = f"""
#supervisorRoot {{ background: {PAPER}; color: {INK}; }}
QTabWidget::pane {{ border: 1px solid {LINE}; background: {PAPER}; }}
QTabBar::tab {{ padding: 8px 18px; font-size: 15px; }}
QTabBar::tab:selected {{ color: {NAVY}; font-weight: bold; }}
#alertBanner {{ background: #fdecea; border: 2px solid {RED}; border-radius: 6px; }}
#alertText {{ color: #b71c1c; font-size: 15px; font-weight: bold; }}
#ackButton {{ background: {RED}; color: {WHITE}; font-weight: bold; padding: 8px 16px; border-radius: 4px; }}
#serviceTile {{ background: {WHITE}; border: 1px solid {LINE}; border-radius: 6px; }}
#tileTitle {{ color: {NAVY}; font-weight: bold; }}
#tileCount {{ color: {NAVY}; font-size: 28px; font-weight: bold; }}
#tileDetail {{ color: {SLATE}; font-size: 12px; }}
#sectionTitle {{ color: {NAVY}; font-weight: bold; font-size: 14px; }}
#statusLine {{ color: {SLATE}; }}
QTableWidget {{ background: {WHITE}; gridline-color: {LINE}; }}
"""


class SupervisorWindow(QWidget):
    today_applied = Signal(object)  # TodayView, once on screen
    report_applied = Signal(object)  # Report
    export_finished = Signal(object)  # Path written, or the exception
    alert_raised = Signal(object)  # the new Alerts (tuple) that made the banner beep

    def __init__(self, config: Config, runner: TaskRunner, clock: Clock | None = None, refresh_ms: int = 5000,
                 beep: Callable[[], None] | None = None, badge: QWidget | None = None) -> None:
        """`badge`: the signed-in supervisor's name and "Sign out" (shared.qt.auth.OfficerBadge), shown in a bar
        above the tabs."""
        super().__init__()
        self.config = config
        self.runner = runner
        self.clock: Clock = clock or (lambda: office_now(config.office.tz))
        self.beep = beep or QApplication.beep
        self._in_flight = False
        self.database_down = False
        self.banner_alerts: dict[str, Alert] = {}  # shown, not acknowledged yet
        self.acknowledged: set[str] = set()  # acknowledged and still active
        self.setObjectName("supervisorRoot")
        self.setWindowTitle(texts.TITLE.line())
        self.setStyleSheet(STYLESHEET)
        self.tabs = QTabWidget(self)
        self.today = TodayPage(config.office.tz)
        self.report = ReportPage(self.clock().date())
        self.tabs.addTab(self.today, texts.TODAY_TAB.line())
        self.tabs.addTab(self.report, texts.REPORT_TAB.line())
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        if badge is not None:
            root.addWidget(_officer_bar(config, badge))
        root.addWidget(self.tabs)
        self.today.banner.acknowledged.connect(self.acknowledge)
        self.report.show_requested.connect(self.load_report)
        self.report.export_requested.connect(self.export)
        self.refresh_timer = QTimer(self, interval=refresh_ms, timeout=self._on_refresh_timer_timeout)
        self.refresh_timer.start()
        self.refresh()

    # ---- today

    def refresh(self) -> None:
        self._in_flight = True
        self.runner.read(today_view, self.config, self.clock(), on_done=self._on_today_loaded,
                         on_error=self._on_today_failed)

    def _on_refresh_timer_timeout(self) -> None:
        if not self._in_flight:
            self.refresh()

    def _on_today_loaded(self, view: TodayView) -> None:
        self._in_flight = False
        if self.database_down:
            self.database_down = False
            log.warning("supervisor: database back")
        self.today.clear_error()
        self.today.show(view)
        self._update_alerts(view.alerts)
        self.today_applied.emit(view)

    def _on_today_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        if isinstance(exc, DatabaseError):
            if not self.database_down:
                self.database_down = True
                log.error("supervisor: database unreachable: %s", exc.detail)
            self.today.set_error(exc.text if isinstance(getattr(exc, "text", None), Text) else texts.DB_DOWN)
        else:
            log.error("supervisor: today's view failed", exc_info=exc)
            self.today.set_error(texts.FAILED + f": {exc}")

    def _update_alerts(self, alerts: tuple[Alert, ...]) -> None:
        active = {a.key for a in alerts}
        self.acknowledged &= active  # a cleared alert may be raised again when it comes back
        new = [a for a in alerts if a.key not in self.acknowledged and a.key not in self.banner_alerts]
        for a in alerts:
            if a.key in self.banner_alerts:
                self.banner_alerts[a.key] = a  # the latest figures of an alert still shown
        for a in new:
            self.banner_alerts[a.key] = a
        self.today.banner.show_alerts(list(self.banner_alerts.values()))
        if new:
            self.beep()
            self.alert_raised.emit(tuple(new))

    def acknowledge(self) -> None:
        self.acknowledged |= set(self.banner_alerts)
        self.banner_alerts.clear()
        self.today.banner.show_alerts([])

    # ---- report

    def load_report(self) -> None:
        first, last, by = self.report.period()
        self.report.set_busy(True)
        self.report.set_status(texts.READING, Level.BUSY)
        self.runner.read(build_report, self.config, first, last, by, self.clock(),
                         on_done=self._on_report_loaded, on_error=self._on_report_failed)

    def _on_report_loaded(self, report: Report) -> None:
        self.report.set_busy(False)
        self.report.show_report(report)
        self.report.set_status(report.title)
        self.report_applied.emit(report)

    def _on_report_failed(self, exc: BaseException) -> None:
        self.report.set_busy(False)
        self.report.set_status(_error_text(exc), Level.ERROR)

    def export(self, fmt: str, path: Path | None = None) -> None:
        """Ask where (a file dialog; tests pass `path`), read on the db lane, write on the io lane."""
        first, last, by = self.report.period()
        if path is None:
            suggested = f"laporan-{first.isoformat()}-{last.isoformat()}{'-' + by if fmt == 'csv' else ''}.{fmt}"
            chosen, _ = QFileDialog.getSaveFileName(self, texts.SAVE_AS.line(), suggested, f"{fmt.upper()} (*.{fmt})")
            if not chosen:
                return
            path = Path(chosen)
        self.report.set_busy(True)
        self.report.set_status(texts.SAVING, Level.BUSY)
        done = lambda written: self._on_export_done(written)  # noqa: E731
        if fmt == "csv":
            self.runner.read(build_report, self.config, first, last, by, self.clock(),
                             on_done=lambda rep: self.runner.run(Lane.IO, _write_csv, rep, path,
                                                                 on_done=done, on_error=self._on_export_failed),
                             on_error=self._on_export_failed)
        else:
            writer = report_export.report_xlsx if fmt == "xlsx" else report_export.report_pdf
            self.runner.read(all_groupings, self.config, first, last, self.clock(),
                             on_done=lambda reps: self.runner.run(Lane.IO, _write_all, writer, reps, self.config,
                                                                  path, on_done=done,
                                                                  on_error=self._on_export_failed),
                             on_error=self._on_export_failed)

    def _on_export_done(self, path: Path) -> None:
        self.report.set_busy(False)
        self.report.set_status(texts.SAVED + f": {path}")
        self.export_finished.emit(path)

    def _on_export_failed(self, exc: BaseException) -> None:
        self.report.set_busy(False)
        self.report.set_status(_error_text(exc), Level.ERROR)
        self.export_finished.emit(exc)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.refresh_timer.stop()
        super().closeEvent(event)


def _error_text(exc: BaseException) -> Text:
    if isinstance(exc, (DatabaseError, ReportError)):
        return exc.text
    return texts.FAILED + f": {exc.__class__.__name__}: {exc}"


def _write_csv(report: Report, path: Path) -> Path:
    path.write_bytes(report_export.report_csv(report))
    return path


def _write_all(writer: Callable[[dict[str, Report], Config, Path], None], reports: dict[str, Report], config: Config,
               path: Path) -> Path:
    writer(reports, config, path)
    return path


def _officer_bar(config: Config, badge: QWidget) -> QWidget:
    """A navy bar: the office's name on the left, who is signed in on the right."""
    bar = QWidget()
    bar.setObjectName("officerBar")
    bar.setStyleSheet(f"#officerBar {{ background: {NAVY}; }} #officerBar QLabel#officeName {{ color: {WHITE}; "
                      "font-size: 13pt; font-weight: bold; }")
    row = QHBoxLayout(bar)
    row.setContentsMargins(16, 6, 16, 6)
    name = QLabel(config.office.name)
    name.setObjectName("officeName")
    row.addWidget(name)
    row.addStretch(1)
    row.addWidget(badge)
    return bar
