"""The board's look: a dark hall display with high-contrast colours, and sizes that follow the window height.

Every size is a fraction of the window height, so the same board fills a 720p TV and a 4K panel alike.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from shared.palette import DECISION_AMBER, RED, WHITE, Level

FAMILIES = ["Noto Sans", "Roboto", "Segoe UI", "Arial", "DejaVu Sans", "Nimbus Sans", "Sans Serif"]

BACKGROUND = "#070d1a"
PANEL = "#0f1b33"
PANEL_EDGE = "#1f3a66"
TEXT = WHITE
MUTED = "#9fb3d1"
NUMBER = "#ffd23f"  # the ticket numbers: warm yellow on navy reads from across the hall
WARNING = "#ffab6b"  # "may not be served today" under a wait: orange, apart from the yellow numbers
LIT_BACKGROUND = "#ffd23f"  # the blink's "on" phase: the whole panel lights up
LIT_TEXT = "#07101f"
HEADER = "#0a2a5c"
TICKER_BACKGROUND = "#ffd23f"
TICKER_TEXT = "#07101f"
# A notice strip's background by level: white text on the hall's dark board, so the bright amber
NOTICE_COLOURS: dict[Level, str] = {Level.ERROR: RED, Level.BUSY: DECISION_AMBER}
SERVICE_COLOURS = ("#1e88e5", "#43a047", "#e53935", "#8e24aa", "#00897b", "#f4511e", "#3949ab", "#6d4c41")


def font(height: int, fraction: float, bold: bool = False, condensed: bool = False) -> QFont:
    """A font whose pixel size is `fraction` of the window height (never below 8 px)."""
    f = QFont()
    f.setFamilies(FAMILIES)
    f.setPixelSize(max(8, round(height * fraction)))
    f.setBold(bold)
    if condensed:
        f.setStretch(QFont.Stretch.SemiCondensed)
    return f


def px(height: int, fraction: float) -> int:
    return max(1, round(height * fraction))


def service_colour(index: int) -> QColor:
    return QColor(SERVICE_COLOURS[index % len(SERVICE_COLOURS)])


def label_css(colour: str, background: str = "transparent") -> str:
    return f"color: {colour}; background: {background};"
