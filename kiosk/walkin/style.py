"""The kiosk's look: large type and large targets for a touch screen read from a step away."""

from __future__ import annotations

SERVICE_COLOURS = {"pickup": "#00695c", "info": "#1565c0", "priority": "#b26a00"}
DEFAULT_COLOUR = "#37474f"

STYLESHEET = """
QWidget#kioskRoot { background: #f3f5f8; }
QFrame#kioskHeader { background: #0d2b4e; }
QLabel#office { color: white; font-size: 26px; font-weight: 700; }
QLabel#clock { color: white; font-size: 26px; font-weight: 600; }
QLabel#headline { color: #0d2b4e; font-size: 46px; font-weight: 800; }
QLabel#headlineEn { color: #3a5a80; font-size: 28px; font-weight: 600; }
QLabel#subline { color: #51606f; font-size: 22px; }
QLabel#footer { color: #51606f; font-size: 19px; }
QPushButton[kind] { color: white; border: none; border-radius: 22px; text-align: left; padding: 0px; }
QPushButton[kind]:disabled { background: #b0bac4; }
QLabel#optPrefix { color: white; font-size: 64px; font-weight: 800; background: rgba(255,255,255,0.18);
                   border-radius: 16px; }
QLabel#optTitle { color: white; font-size: 34px; font-weight: 800; }
QLabel#optTitleEn { color: white; font-size: 22px; font-weight: 600; }
QLabel#optHint { color: #e8eef5; font-size: 19px; }
QLabel#yourNumber { color: #51606f; font-size: 30px; font-weight: 600; }
QLabel#ticketNumber { color: #0d2b4e; font-size: 200px; font-weight: 800; }
QLabel#ticketService { color: #0d2b4e; font-size: 30px; font-weight: 700; }
QLabel#ticketInfo { color: #15202b; font-size: 25px; }
QLabel#printState { font-size: 25px; font-weight: 700; padding: 16px 22px; border-radius: 14px; }
QLabel#printState[tone="busy"] { background: #e3ecf7; color: #0d2b4e; }
QLabel#printState[tone="ok"] { background: #e3f2e8; color: #1b5e20; }
QLabel#printState[tone="error"] { background: #fdecea; color: #b71c1c; border: 2px solid #ef9a9a; }
QLabel#countdown { color: #6b7785; font-size: 19px; }
"""


def option_style(kind: str) -> str:
    colour = SERVICE_COLOURS.get(kind, DEFAULT_COLOUR)
    return (f"QPushButton[kind] {{ background: {colour}; }} QPushButton[kind]:pressed {{ background: #0d2b4e; }}"
            " QPushButton[kind]:disabled { background: #b0bac4; }")
