"""A one-line message strip coloured by `Level` (the sign-in screen's refusals), from `shared.palette.STRIP`."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from shared.palette import STRIP, Level
from shared.text import Text


def strip_rules(selector: str) -> str:
    """One rule per level: `selector[tone="error"] { background: …; color: …; border: … }`."""
    return "".join(
        f'{selector}[tone="{level.value}"] {{ background: {bg}; color: {fg}; border: 1px solid {border}; }}\n'
        for level, (bg, fg, border) in STRIP.items()
    )


def set_tone(widget: QWidget, level: Level) -> None:
    """Qt does not restyle on a property change: set it, then polish again."""
    widget.setProperty("tone", level.value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class MessageStrip(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageStrip")
        self.setWordWrap(True)
        self.shown_text: Text | None = None
        self.say(None)

    def say(self, text: Text | None, level: Level = Level.ERROR) -> None:
        """Two lines, Indonesian over English; None: the strip is hidden."""
        self.shown_text = text
        self.setText(text.lines() if text is not None else "")
        set_tone(self, level if text is not None else Level.IDLE)
        self.setVisible(text is not None)  # no empty box where nothing is said

    @property
    def level(self) -> Level:
        return Level(self.property("tone"))
