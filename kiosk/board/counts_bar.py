"""Waiting counts per service: one tile each, "A · Paspor Baru / New passport · 12 menunggu / waiting"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from shared.config import ServiceConfig
from shared.domain import ServiceCount

from . import style
from .texts import WAITING


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
        grid.setColumnStretch(1, 1)

    def set_count(self, waiting: int) -> None:
        self._count.setText(str(waiting))

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

    def waiting_shown(self) -> dict[str, str]:
        return {prefix: tile.count_text for prefix, tile in self._tiles.items()}

    def rescale(self, height: int) -> None:
        self.layout().setSpacing(style.px(height, 0.012))
        for tile in self._tiles.values():
            tile.rescale(height)
