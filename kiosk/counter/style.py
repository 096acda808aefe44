"""The counter window's look: one stylesheet, colours by action so an officer finds a button without reading."""

from __future__ import annotations

from .actions import Act

ACT_COLOURS: dict[Act, str] = {
    Act.CALL_NEXT: "#1b873f",
    Act.RECALL: "#1565c0",
    Act.NO_SHOW: "#c62828",
    Act.DONE: "#00796b",
    Act.TRANSFER: "#6a1b9a",
    Act.CALL_NUMBER: "#455a64",
    Act.PAUSE: "#b26a00",
}

STYLESHEET = """
QWidget#counterRoot { background: #eef1f5; }
QFrame#header { background: #0d2b4e; border-radius: 0px; }
QLabel#counterName { color: white; font-size: 30px; font-weight: 700; }
QLabel#servicesLine { color: #c9d7ea; font-size: 16px; }
QLabel#clock { color: white; font-size: 24px; font-weight: 600; }
QLabel#statePill { color: white; font-size: 16px; font-weight: 700; padding: 6px 14px; border-radius: 14px; }
QFrame#panel { background: white; border: 1px solid #d5dbe3; border-radius: 10px; }
QLabel#panelTitle { color: #51606f; font-size: 15px; font-weight: 600; }
QLabel#bigNumber { color: #0d2b4e; font-size: 120px; font-weight: 800; }
QLabel#bigNumber[empty="true"] { color: #a8b3bf; font-size: 64px; }
QLabel#fieldName { color: #6b7785; font-size: 15px; }
QLabel#fieldValue { color: #15202b; font-size: 19px; font-weight: 600; }
QCheckBox { font-size: 15px; spacing: 10px; padding: 3px 0px; }
QCheckBox::indicator { width: 22px; height: 22px; }
QTableWidget { font-size: 16px; border: none; gridline-color: #e4e8ee; }
QHeaderView::section { background: #f4f6f9; color: #51606f; font-size: 14px; font-weight: 600;
                       border: none; border-bottom: 1px solid #d5dbe3; padding: 6px; }
QPushButton[act] { color: white; font-size: 17px; font-weight: 700; border: none; border-radius: 10px;
                   padding: 8px 10px; min-height: 64px; text-align: center; }
QPushButton[act]:disabled { background: #c3cad3; color: #eef1f5; }
QComboBox { font-size: 17px; min-height: 40px; }
QLineEdit { font-size: 17px; padding: 6px 8px; min-height: 28px; border: 1px solid #b8c2cc;
            border-radius: 6px; background: white; }
QLabel#hint { color: #51606f; font-size: 14px; }
QLabel#message { font-size: 17px; font-weight: 600; padding: 8px 14px; border-radius: 8px; }
QLabel#message[tone="error"] { background: #fdecea; color: #b71c1c; border: 1px solid #f5c2bd; }
QLabel#message[tone="info"] { background: #e8f4ec; color: #1b5e20; border: 1px solid #b9dfc4; }
QLabel#message[tone="idle"] { background: transparent; color: #6b7785; }
"""


def button_style(act: Act) -> str:
    colour = ACT_COLOURS[act]
    # The button's own sheet wins over the window's, so the disabled look is repeated here.
    return (
        f"QPushButton[act] {{ background: {colour}; }}"
        " QPushButton[act]:pressed { background: #0d2b4e; }"
        " QPushButton[act]:disabled { background: #c3cad3; color: #f4f6f9; }"
    )
