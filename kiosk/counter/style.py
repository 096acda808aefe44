"""The counter window's look: one stylesheet, colours by action so an officer finds a button without reading."""

from __future__ import annotations

from shared.palette import AMBER, GREEN, INK, LINE, MUTED, NAVY, PAPER, RED, SLATE, WHITE

from ..message_strip import strip_rules
from .actions import Act

ACT_COLOURS: dict[Act, str] = {
    Act.CALL_NEXT: GREEN,
    Act.RECALL: "#1565c0",
    Act.NO_SHOW: RED,
    Act.DONE: "#00796b",
    Act.TRANSFER: "#6a1b9a",
    Act.CALL_NUMBER: "#455a64",
    Act.PAUSE: AMBER,
    Act.REOPEN: "#37474f",
    Act.VOID: "#8e2424",
}
BACKGROUND = "#eef1f5"
DISABLED = "#c3cad3"

STYLESHEET = f"""
QWidget#counterRoot {{ background: {BACKGROUND}; }}
QFrame#header {{ background: {NAVY}; border-radius: 0px; }}
QLabel#counterName {{ color: {WHITE}; font-size: 30px; font-weight: 700; }}
QLabel#servicesLine {{ color: #c9d7ea; font-size: 16px; }}
QLabel#clock {{ color: {WHITE}; font-size: 24px; font-weight: 600; }}
QLabel#statePill {{ color: {WHITE}; font-size: 16px; font-weight: 700; padding: 6px 14px; border-radius: 14px; }}
QFrame#panel {{ background: {WHITE}; border: 1px solid {LINE}; border-radius: 10px; }}
QLabel#panelTitle {{ color: {SLATE}; font-size: 15px; font-weight: 600; }}
QLabel#bigNumber {{ color: {NAVY}; font-size: 120px; font-weight: 800; }}
QLabel#bigNumber[empty="true"] {{ color: #a8b3bf; font-size: 64px; }}
QLabel#fieldName {{ color: {MUTED}; font-size: 15px; }}
QLabel#fieldValue {{ color: {INK}; font-size: 19px; font-weight: 600; }}
QCheckBox {{ font-size: 15px; spacing: 10px; padding: 3px 0px; }}
QCheckBox::indicator {{ width: 22px; height: 22px; }}
QTableWidget {{ font-size: 16px; border: none; gridline-color: #e4e8ee; }}
QHeaderView::section {{ background: {PAPER}; color: {SLATE}; font-size: 14px; font-weight: 600;
                       border: none; border-bottom: 1px solid {LINE}; padding: 6px; }}
QPushButton[act] {{ color: {WHITE}; font-size: 17px; font-weight: 700; border: none; border-radius: 10px;
                   padding: 8px 10px; min-height: 64px; text-align: center; }}
QPushButton[act]:disabled {{ background: {DISABLED}; color: {BACKGROUND}; }}
QPushButton[act][compact="true"] {{ font-size: 14px; min-height: 26px; padding: 3px 8px; }}
QComboBox {{ font-size: 17px; min-height: 40px; }}
QLineEdit {{ font-size: 17px; padding: 6px 8px; min-height: 28px; border: 1px solid #b8c2cc;
            border-radius: 6px; background: {WHITE}; }}
QLabel#hint {{ color: {SLATE}; font-size: 14px; }}
QLabel#message {{ font-size: 17px; font-weight: 600; padding: 8px 14px; border-radius: 8px; }}
""" + strip_rules("QLabel#message")


def button_style(act: Act) -> str:
    colour = ACT_COLOURS[act]
    # The button's own sheet wins over the window's, so the disabled look is repeated here.
    return (
        f"QPushButton[act] {{ background: {colour}; }}"
        f" QPushButton[act]:pressed {{ background: {NAVY}; }}"
        f" QPushButton[act]:disabled {{ background: {DISABLED}; color: {PAPER}; }}"
    )
