"""The "Report" page: a date range, a grouping, the table of `build_report`'s rows with a chart, and exports.

The page owns its widgets; the window does the reading (db lane) and the writing (io lane) and tells it what to
show (`show_report`, `set_status`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.palette import GREEN, NAVY, RED, Level
from shared.services.reports import FIELD_TITLES, FIELDS, GROUP_TITLES, GROUPINGS, Figures, Report
from shared.text import Text

from . import texts
from .chart import BarChart

EXPORT_FORMATS = ("csv", "xlsx", "pdf")


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


class ReportPage(QWidget):
    show_requested = Signal()
    export_requested = Signal(str)  # the format

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        qday = QDate(today.year, today.month, today.day)
        self.date_from = QDateEdit(qday, self)
        self.date_to = QDateEdit(qday, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.grouping = QComboBox(self)
        for by in GROUPINGS:
            self.grouping.addItem(GROUP_TITLES[by].line(), by)
        self.grouping.setCurrentIndex(GROUPINGS.index("service"))
        self.show_button = QPushButton(texts.SHOW.line(), self)
        self.show_button.clicked.connect(self.show_requested.emit)
        self.grouping.currentIndexChanged.connect(lambda _i: self.show_requested.emit())
        self.export_buttons: dict[str, QPushButton] = {}
        controls = QHBoxLayout()
        for label, widget in ((texts.FROM, self.date_from), (texts.TO, self.date_to), (texts.GROUPING, self.grouping)):
            controls.addWidget(QLabel(label.line()))
            controls.addWidget(widget)
        controls.addWidget(self.show_button)
        controls.addStretch(1)
        controls.addWidget(QLabel(texts.EXPORT.line()))
        for fmt in EXPORT_FORMATS:
            button = QPushButton(fmt.upper(), self)
            button.clicked.connect(lambda _checked=False, f=fmt: self.export_requested.emit(f))
            self.export_buttons[fmt] = button
            controls.addWidget(button)
        headers = [texts.LABEL] + [FIELD_TITLES[f] for f in FIELDS]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels([h.lines() for h in headers])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = BarChart(Text("Terjadwal, datang, dilayani", "Booked, arrived, served"), self)
        self.status = QLabel("", self)
        self.status.setObjectName("statusLine")
        self.status.setWordWrap(True)
        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 8)
        root.addLayout(controls)
        root.addWidget(self.chart, 2)
        root.addWidget(self.table, 3)
        root.addWidget(self.status)

    def period(self) -> tuple[date, date, str]:
        return (self.date_from.date().toPython(), self.date_to.date().toPython(), self.grouping.currentData())

    def set_period(self, first: date, last: date, by: str | None = None) -> None:
        self.date_from.setDate(QDate(first.year, first.month, first.day))
        self.date_to.setDate(QDate(last.year, last.month, last.day))
        if by is not None:
            self.grouping.blockSignals(True)
            self.grouping.setCurrentIndex(GROUPINGS.index(by))
            self.grouping.blockSignals(False)

    def show_report(self, report: Report) -> None:
        rows: list[tuple[str, Figures]] = [(r.label.line(), r.figures) for r in report.rows]
        rows.append((texts.TOTAL.line(), report.total))
        self.table.setRowCount(len(rows))
        for r, (label, figures) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(label))
            for c, field in enumerate(FIELDS, start=1):
                self.table.setItem(r, c, QTableWidgetItem(_cell(getattr(figures, field))))
        labels = tuple(str(r.key) if report.by != "hour" else f"{r.key:02d}" for r in report.rows)
        self.chart.set_data(labels, (
            (texts.BOOKED, "#9fb3c8", tuple(float(r.figures.booked_applicants) for r in report.rows)),
            (texts.ARRIVED, NAVY, tuple(float(r.figures.arrived) for r in report.rows)),
            (texts.SERVED, GREEN, tuple(float(r.figures.served) for r in report.rows)),
        ))

    def set_busy(self, busy: bool) -> None:
        for button in (self.show_button, *self.export_buttons.values()):
            button.setEnabled(not busy)

    def set_status(self, text: Text, level: Level = Level.OK) -> None:
        self.status.setText(text.line())
        self.status.setStyleSheet(f"color: {RED};" if level is Level.ERROR else "")
