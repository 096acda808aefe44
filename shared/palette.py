"""How serious a state is, and the one set of colours every window uses for it (Qt-free: plain hex strings).

A `Level` is what a status line, a message strip or a card says about the thing it shows; windows map it
to colours here and nowhere else, so "amber" means the same on the gate, the counter, the kiosk and the board.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    OK = "ok"  # working, nothing to do
    BUSY = "busy"  # under way, or a warning that needs no action yet (paper nearly out, list getting stale)
    ERROR = "error"  # broken: somebody must act
    IDLE = "idle"  # nothing to say


# Signal colours: the gate's decisions, status dots, message strips.
GREEN = "#1b873f"
AMBER = "#b26a00"
RED = "#c62828"
DECISION_AMBER = "#d99a00"  # the warn card's background: a lighter amber reads as "stop and look"
DARK_RED = "#b71c1c"
DARK_GREEN = "#1b5e20"

# Text and surfaces.
NAVY = "#0d2b4e"  # headings, the numbers on tickets and the board
INK = "#15202b"
SLATE = "#51606f"  # secondary text
EN_GREY = "#5f6368"  # the English line under an Indonesian one
MUTED = "#6b7785"
WHITE = "#ffffff"
PAPER = "#f4f6f9"  # window backgrounds
LINE = "#d5dbe3"  # borders

LEVEL_COLOUR: dict[Level, str] = {Level.OK: GREEN, Level.BUSY: AMBER, Level.ERROR: RED, Level.IDLE: MUTED}

# Message strips (counter, kiosk): background, text, border.
STRIP: dict[Level, tuple[str, str, str]] = {
    Level.OK: ("#e3f2e8", DARK_GREEN, "#a5d6b4"),
    Level.BUSY: ("#e3ecf7", NAVY, "#b0c4de"),
    Level.ERROR: ("#fdecea", DARK_RED, "#f5c2bd"),
    Level.IDLE: ("transparent", MUTED, "transparent"),
}


def colour(level: Level | str) -> str:
    return LEVEL_COLOUR[Level(level)]
