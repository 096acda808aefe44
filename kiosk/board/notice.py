"""A strip for problems the hall should know about: a lost database (red) and a missing voice (amber)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from shared.palette import Level
from shared.text import Text

from . import style


class Notice(StrEnum):
    """What a notice is about, most serious first."""

    DB = "db"
    VOICE = "voice"

    @property
    def level(self) -> Level:
        return Level.ERROR if self is Notice.DB else Level.BUSY


class NoticeBar(QLabel):
    """Shows the most serious notice only; none means hidden."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self._notices: dict[Notice, Text] = {}
        self._height = 1080
        self.hide()

    def set_notice(self, kind: Notice, text: Text | None) -> None:
        if text is not None:
            self._notices[kind] = text
        else:
            self._notices.pop(kind, None)
        self._refresh()

    def notice(self, kind: Notice) -> Text | None:
        return self._notices.get(kind)

    def rescale(self, height: int) -> None:
        self._height = height
        self.setFont(style.font(height, 0.030, bold=True))
        self._refresh()

    def _refresh(self) -> None:
        kind = next((k for k in Notice if k in self._notices), None)
        if kind is None:
            self.hide()
            return
        colour = style.NOTICE_COLOURS[kind.level]
        pad = style.px(self._height, 0.008)
        self.setStyleSheet(f"color: {style.TEXT}; background: {colour}; padding: {pad}px;")
        self.setText(self._notices[kind].line())
        self.show()
