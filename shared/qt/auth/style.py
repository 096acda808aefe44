"""The sign-in and lock screens' look: plain, large, high contrast (an officer reads it from a step away)."""

from __future__ import annotations

from shared.palette import LINE, MUTED, NAVY, PAPER, SLATE, WHITE

from .strip import strip_rules

STYLESHEET = f"""
QWidget#signInRoot {{ background: {PAPER}; }}
QLabel#place {{ color: {NAVY}; font-size: 40px; font-weight: 800; }}
QLabel#roleLine {{ color: {SLATE}; font-size: 17px; }}
QFrame#card {{ background: {WHITE}; border: 1px solid {LINE}; border-radius: 14px; }}
QLabel#title {{ color: {NAVY}; font-size: 26px; font-weight: 700; }}
QLabel#hint {{ color: {SLATE}; font-size: 15px; }}
QLabel#fieldLabel {{ color: {SLATE}; font-size: 16px; font-weight: 600; }}
QLineEdit {{ font-size: 26px; padding: 8px 12px; min-height: 36px; border: 2px solid #b8c2cc;
            border-radius: 8px; background: {WHITE}; color: {NAVY}; }}
QLineEdit:focus {{ border-color: {NAVY}; }}
QLineEdit:disabled {{ background: {PAPER}; color: {MUTED}; }}
QPushButton#signIn {{ background: {NAVY}; color: {WHITE}; font-size: 22px; font-weight: 700; border: none;
                      border-radius: 10px; min-height: 60px; }}
QPushButton#signIn:pressed {{ background: #1c4a7e; }}
QPushButton#signIn:disabled {{ background: #9aa8b8; }}
QPushButton#link {{ color: #1565c0; font-size: 16px; text-decoration: underline; border: none;
                    background: transparent; padding: 6px; }}
QPushButton#link:disabled {{ color: {MUTED}; }}
QLabel#messageStrip {{ font-size: 17px; font-weight: 600; padding: 8px 12px; border-radius: 8px; }}
""" + strip_rules("QLabel#messageStrip")
