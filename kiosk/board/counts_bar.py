"""Waiting counts per service: one tile each, "A · Paspor Baru / New passport · 12 menunggu / waiting", and
below a rule what a ticket of that service taken now would wait: "Perkiraan tunggu / Estimated wait", then
"10–20 menit" large with "10–20 min" after it, and "mungkin tidak terlayani hari ini / may not be served
today" on lines of their own when the range reaches past closing time (`texts.wait_parts`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from shared.config import ServiceConfig
from shared.domain import ServiceCount
from shared.services.wait_estimate import ServiceWait

from . import style
from .texts import WAIT_CAPTION, WAITING, wait_parts


class _ServiceTile(QFrame):
    def __init__(self, service: ServiceConfig, colour: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceTile")
        self._colour = colour
        self._prefix = QLabel(service.prefix, self)
        self._prefix.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._name = QLabel(service.name, self)
        self._name_en = QLabel(service.name_en, self)
        self._count = QLabel("0", self)
        self._count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._caption = QLabel(WAITING.line(), self)
        self._caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid = QGridLayout(self)
        grid.addWidget(self._prefix, 0, 0, 2, 1)
        grid.addWidget(self._count, 0, 1)
        grid.addWidget(self._caption, 1, 1)
        grid.addWidget(self._name, 2, 0, 1, 2)
        grid.addWidget(self._name_en, 3, 0, 1, 2)
        self._rule = QFrame(self)
        self._rule.setFixedHeight(1)
        self._wait_caption = QLabel(WAIT_CAPTION.line(), self)
        self._wait_caption.setWordWrap(True)
        self._wait = QLabel("", self)
        self._wait_en = QLabel("", self)
        self._wait_en.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self._wait.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self._value = value = QHBoxLayout()
        value.setContentsMargins(0, 0, 0, 0)
        value.addWidget(self._wait)
        value.addStretch(1)
        value.addWidget(self._wait_en)
        self._warning = QLabel("", self)
        self._warning.setWordWrap(True)
        grid.addWidget(self._rule, 4, 0, 1, 2)
        grid.addWidget(self._wait_caption, 5, 0, 1, 2)
        grid.addLayout(value, 6, 0, 1, 2)
        grid.addWidget(self._warning, 7, 0, 1, 2)
        grid.setRowStretch(8, 1)  # a taller neighbour (a warning) leaves this tile's lines where they are
        grid.setColumnStretch(1, 1)
        self._wait_shown: ServiceWait | None = None
        self.set_wait(None)

    def set_count(self, waiting: int) -> None:
        self._count.setText(str(waiting))

    def set_wait(self, wait: ServiceWait | None) -> None:
        """What a new ticket would wait; None: not read yet (the value stays empty)."""
        self._wait_shown = wait
        value, warning = wait_parts(wait) if wait is not None else (None, None)
        english = value.en if value is not None and value.en and value.en != value.id else ""
        self._wait.setText(value.id if value is not None else "")
        self._wait.setVisible(value is not None)
        self._wait_en.setText(english)
        self._wait_en.setVisible(bool(english))
        self._warning.setText(warning.lines() if warning is not None else "")
        self._warning.setVisible(warning is not None)

    def wait_lines(self) -> list[str]:
        """The estimated wait as shown, line by line (for tests and the snapshot's log)."""
        labels = (self._wait_caption, self._wait, self._wait_en, self._warning)
        return [line for label in labels if label.isVisibleTo(self) and label.text()
                for line in label.text().split("\n")]

    @property
    def wait(self) -> ServiceWait | None:
        return self._wait_shown

    @property
    def count_text(self) -> str:
        return self._count.text()

    def rescale(self, height: int) -> None:
        self._prefix.setFont(style.font(height, 0.042, bold=True))
        side = style.px(height, 0.062)
        self._prefix.setFixedSize(side, side)
        self._name.setFont(style.font(height, 0.021, bold=True))
        self._name_en.setFont(style.font(height, 0.018))
        self._count.setFont(style.font(height, 0.046, bold=True))
        self._caption.setFont(style.font(height, 0.015))
        self._wait_caption.setFont(style.font(height, 0.014))
        self._wait.setFont(style.font(height, 0.022, bold=True))
        self._wait_en.setFont(style.font(height, 0.015))
        self._warning.setFont(style.font(height, 0.014, bold=True))
        self._value.setSpacing(style.px(height, 0.01))
        margin = style.px(height, 0.008)
        self.layout().setContentsMargins(margin, margin, margin * 2, margin)
        self.layout().setHorizontalSpacing(style.px(height, 0.012))
        self.layout().setVerticalSpacing(style.px(height, 0.002))
        radius = style.px(height, 0.012)
        self.setStyleSheet(
            f"QFrame#serviceTile {{ background: {style.PANEL}; border: 1px solid {style.PANEL_EDGE};"
            f" border-radius: {radius}px; }} QLabel {{ background: transparent; }}"
        )
        self._prefix.setStyleSheet(
            f"color: {style.TEXT}; background: {self._colour}; border-radius: {style.px(height, 0.01)}px;"
        )
        self._name.setStyleSheet(f"color: {style.TEXT};")
        self._name_en.setStyleSheet(f"color: {style.MUTED};")
        self._count.setStyleSheet(f"color: {style.NUMBER};")
        self._caption.setStyleSheet(f"color: {style.MUTED};")
        self._rule.setStyleSheet(f"background: {style.PANEL_EDGE};")
        self._wait_caption.setStyleSheet(f"color: {style.MUTED};")
        self._wait.setStyleSheet(f"color: {style.NUMBER};")
        self._wait_en.setStyleSheet(f"color: {style.MUTED};")
        self._warning.setStyleSheet(f"color: {style.WARNING};")


class WaitingCountsBar(QWidget):
    def __init__(self, services: tuple[ServiceConfig, ...], parent=None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._tiles: dict[str, _ServiceTile] = {}
        for i, service in enumerate(services):
            tile = _ServiceTile(service, style.SERVICE_COLOURS[i % len(style.SERVICE_COLOURS)], self)
            layout.addWidget(tile, 1)
            self._tiles[service.prefix] = tile

    def show_counts(self, counts: tuple[ServiceCount, ...]) -> None:
        for count in counts:
            tile = self._tiles.get(count.prefix)
            if tile is not None:
                tile.set_count(count.waiting)

    def show_waits(self, waits: tuple[ServiceWait, ...]) -> None:
        for wait in waits:
            tile = self._tiles.get(wait.prefix)
            if tile is not None:
                tile.set_wait(wait)

    def waiting_shown(self) -> dict[str, str]:
        return {prefix: tile.count_text for prefix, tile in self._tiles.items()}

    def waits_shown(self) -> dict[str, list[str]]:
        return {prefix: tile.wait_lines() for prefix, tile in self._tiles.items()}

    def rescale(self, height: int) -> None:
        self.layout().setSpacing(style.px(height, 0.012))
        for tile in self._tiles.values():
            tile.rescale(height)
