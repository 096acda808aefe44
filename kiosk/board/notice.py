"""A strip for problems the hall should know about: a lost database (red) and a missing voice (amber)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from . import style


class NoticeBar(QLabel):
    """Shows the most serious notice only; empty means hidden."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self._notices: dict[str, str] = {}  # kind ("db", "voice") -> text
        self._height = 1080
        self.hide()

    def set_notice(self, kind: str, text: str) -> None:
        if text:
            self._notices[kind] = text
        else:
            self._notices.pop(kind, None)
        self._refresh()

    def notice(self, kind: str) -> str:
        return self._notices.get(kind, "")

    def rescale(self, height: int) -> None:
        self._height = height
        self.setFont(style.font(height, 0.030, bold=True))
        self._refresh()

    def _refresh(self) -> None:
        kind = "db" if "db" in self._notices else next(iter(self._notices), "")
        if not kind:
            self.hide()
            return
        colour = style.NOTICE_ERROR if kind == "db" else style.NOTICE_WARN
        pad = style.px(self._height, 0.008)
        self.setStyleSheet(f"color: {style.TEXT}; background: {colour}; padding: {pad}px;")
        self.setText(self._notices[kind])
        self.show()
