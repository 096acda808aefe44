"""The kiosk's look: large type and large targets for a touch screen read from a step away."""

from __future__ import annotations

from shared.palette import AMBER, INK, MUTED, NAVY, SLATE, WHITE

from ..message_strip import strip_rules

SERVICE_COLOURS = {"pickup": "#00695c", "info": "#1565c0", "priority": AMBER}
DEFAULT_COLOUR = "#37474f"
DISABLED = "#b0bac4"

STYLESHEET = f"""
QWidget#kioskRoot {{ background: #f3f5f8; }}
QFrame#kioskHeader {{ background: {NAVY}; }}
QLabel#office {{ color: {WHITE}; font-size: 26px; font-weight: 700; }}
QLabel#clock {{ color: {WHITE}; font-size: 26px; font-weight: 600; }}
QLabel#headline {{ color: {NAVY}; font-size: 46px; font-weight: 800; }}
QLabel#headlineEn {{ color: #3a5a80; font-size: 28px; font-weight: 600; }}
QLabel#subline {{ color: {SLATE}; font-size: 22px; }}
QLabel#footer {{ color: {SLATE}; font-size: 19px; }}
QPushButton[kind] {{ color: {WHITE}; border: none; border-radius: 22px; text-align: left; padding: 0px; }}
QPushButton[kind]:disabled {{ background: {DISABLED}; }}
QLabel#optPrefix {{ color: {WHITE}; font-size: 64px; font-weight: 800; background: rgba(255,255,255,0.18);
                   border-radius: 16px; }}
QLabel#optTitle {{ color: {WHITE}; font-size: 34px; font-weight: 800; }}
QLabel#optTitleEn {{ color: {WHITE}; font-size: 22px; font-weight: 600; }}
QLabel#optHint {{ color: #e8eef5; font-size: 19px; }}
QLabel#yourNumber {{ color: {SLATE}; font-size: 30px; font-weight: 600; }}
QLabel#ticketNumber {{ color: {NAVY}; font-size: 200px; font-weight: 800; }}
QLabel#ticketService {{ color: {NAVY}; font-size: 30px; font-weight: 700; }}
QLabel#ticketInfo {{ color: {INK}; font-size: 25px; }}
QLabel#printState {{ font-size: 25px; font-weight: 700; padding: 16px 22px; border-radius: 14px; }}
QLabel#countdown {{ color: {MUTED}; font-size: 19px; }}
""" + strip_rules("QLabel#printState", border_px=2)


def option_style(kind: str) -> str:
    colour = SERVICE_COLOURS.get(kind, DEFAULT_COLOUR)
    return (f"QPushButton[kind] {{ background: {colour}; }} QPushButton[kind]:pressed {{ background: {NAVY}; }}"
            f" QPushButton[kind]:disabled {{ background: {DISABLED}; }}")
