"""The "Today" page: the alert banner, the by-hour chart, a tile per service, the lokets and the workstations.

It is told what to show (`show(view)`, a `TodayView`) and which alerts the banner lists; it reads nothing.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.palette import AMBER, GREEN, MUTED, NAVY, RED, colour
from shared.services.supervisor_view import PAUSED, SERVING, Alert, ServiceNow, TodayView
from shared.text import Text

from . import texts
from .chart import BarChart

BOOKED_COLOUR, ARRIVED_COLOUR, SERVED_COLOUR = "#9fb3c8", NAVY, GREEN


def minutes_text(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:.1f} {texts.MINUTES.line()}"


class AlertBanner(QFrame):
    """The unacknowledged alerts, one line each; stays until "Mengerti / Acknowledge" is pressed."""

    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.label = QLabel("", self)
        self.label.setObjectName("alertText")
        self.label.setWordWrap(True)
        self.button = QPushButton(texts.ACKNOWLEDGE.line(), self)
        self.button.setObjectName("ackButton")
        self.button.clicked.connect(self.acknowledged.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def show_alerts(self, alerts: list[Alert]) -> None:
        self.label.setText("\n".join("⚠ " + a.text.line() for a in alerts))
        self.setVisible(bool(alerts))

    def lines(self) -> list[str]:
        return [] if self.isHidden() else self.label.text().splitlines()


class ServiceTile(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceTile")
        self.title = QLabel("", self)
        self.title.setObjectName("tileTitle")
        self.title.setWordWrap(True)
        self.count = QLabel("0", self)
        self.count.setObjectName("tileCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.detail = QLabel("", self)
        self.detail.setObjectName("tileDetail")
        self.detail.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.count, 0, 1)
        grid.addWidget(self.detail, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def show_service(self, s: ServiceNow) -> None:
        self.title.setText(f"{s.prefix} · {s.name.id}\n{s.name.en}")
        self.count.setText(str(s.waiting))
        longest = "—" if s.longest_wait_min is None else f"{s.longest_wait_min:.0f} {texts.MINUTES.line()}"
        level = "—" if s.service_level_pct is None else f"{s.service_level_pct:.0f}%"
        self.detail.setText(
            f"{texts.WAITING.line()}\n{texts.LONGEST.line()}: {longest} "
            f"({texts.TARGET.line()} {s.target_min})\n{texts.SERVICE_LEVEL.line()}: {level}")
        edge = RED if s.over_target else (AMBER if s.waiting else MUTED)
        self.setStyleSheet(f"#serviceTile {{ border-left: 6px solid {edge}; }}")


def _table(headers: tuple[Text, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([h.lines() for h in headers])  # two lines: the columns stay narrow
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[tuple[str, str | None]]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, (value, fg) in enumerate(cells):
            item = QTableWidgetItem(value)
            if fg:
                item.setForeground(Qt.GlobalColor.white if fg == "white" else _qcolour(fg))
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def _qcolour(hex_colour: str):
    from PySide6.QtGui import QColor

    return QColor(hex_colour)


def _section(title: Text) -> QLabel:
    label = QLabel(title.line())
    label.setObjectName("sectionTitle")
    return label


class TodayPage(QWidget):
    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.banner = AlertBanner(self)
        self.chart = BarChart(texts.BY_HOUR, self)
        self.tiles_row = QHBoxLayout()
        self.tiles_row.setSpacing(8)
        self.tiles: dict[str, ServiceTile] = {}
        self.lokets = _table(texts.LOKET_HEADERS)
        self.stations = _table(texts.STATION_HEADERS)
        self.status = QLabel("")
        self.status.setObjectName("statusLine")
        tables = QHBoxLayout()
        tables.setSpacing(12)
        for title, table, stretch in ((texts.LOKETS, self.lokets, 4), (texts.WORKSTATIONS, self.stations, 3)):
            box = QVBoxLayout()
            box.addWidget(_section(title))
            box.addWidget(table, 1)
            tables.addLayout(box, stretch)
        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 8)
        root.setSpacing(8)
        root.addWidget(self.banner)
        root.addWidget(self.chart, 3)
        root.addLayout(self.tiles_row)
        root.addLayout(tables, 3)
        root.addWidget(self.status)

    def _local(self, when: datetime | None, empty: str = "—") -> str:
        return empty if when is None else when.astimezone(self.tz).strftime("%H:%M")

    def show(self, view: TodayView) -> None:  # noqa: A003 - the page's one entry point
        self.chart.set_data(tuple(f"{h.hour:02d}" for h in view.hours), (
            (texts.BOOKED, BOOKED_COLOUR, tuple(float(h.booked) for h in view.hours)),
            (texts.ARRIVED, ARRIVED_COLOUR, tuple(float(h.arrived) for h in view.hours)),
            (texts.SERVED, SERVED_COLOUR, tuple(float(h.served) for h in view.hours)),
        ))
        for s in view.services:
            tile = self.tiles.get(s.prefix)
            if tile is None:
                tile = self.tiles[s.prefix] = ServiceTile(self)
                self.tiles_row.addWidget(tile, 1)
            tile.show_service(s)
        state_colour = {SERVING: GREEN, PAUSED: AMBER}
        _fill(self.lokets, [[
            (lk.name, None), (lk.officer, None), (lk.state_text.line(), state_colour.get(lk.state, MUTED)),
            (self._local(lk.since, texts.DAY_START.line()), None), (lk.serving or "—", None),
            (str(lk.served), None), (minutes_text(lk.median_service_s), None),
        ] for lk in view.lokets])
        _fill(self.stations, [[
            (w.name, None), (w.role, None), (w.host, None), (self._local(w.heartbeat_at), None),
            (w.detail.line(), colour(w.level)),
        ] for w in view.workstations])
        self.status.setText(f"{texts.UPDATED.line()}: {view.now.astimezone(self.tz).strftime('%H:%M:%S')}"
                            + ("" if view.workstations else f" · {texts.NO_STATIONS.line()}"))

    def set_error(self, text: Text) -> None:
        self.status.setText(text.line())
        self.status.setStyleSheet(f"color: {RED};")

    def clear_error(self) -> None:
        self.status.setStyleSheet("")
