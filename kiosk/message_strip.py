"""The message strip's colours per `Level`, as Qt style rules (the counter's message line, the kiosk's print state).

A strip widget carries its level in the `tone` property; these rules colour it from `shared.palette.STRIP`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from shared.palette import STRIP, Level


def strip_rules(selector: str, border_px: int = 1) -> str:
    """One rule per level: `selector[tone="error"] { background: …; color: …; border: … }`."""
    rules = []
    for level, (background, text, border) in STRIP.items():
        rules.append(f'{selector}[tone="{level.value}"] {{ background: {background}; color: {text}; '
                     f"border: {border_px}px solid {border}; }}")
    return "\n".join(rules) + "\n"


def set_tone(widget: QWidget, level: Level) -> None:
    """Set the strip's level and re-apply the style sheet (Qt does not restyle on a property change)."""
    widget.setProperty("tone", level.value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
