"""What the applicant reads on the "your number" page: plain, Indonesian first."""

from __future__ import annotations

import dataclasses
import html

from shared.domain import TicketView
from shared.services.wait_estimate import NOT_TODAY, WAIT_LABEL
from shared.services.wait_estimate import wait_text as estimate_text
from shared.text import Text

HEADING = Text("Nomor antrean Anda", "Your queue number")
PRINTING = Text("Mencetak tiket…", "Printing your ticket…")
TAKE_TICKET = Text("Silakan ambil tiket Anda", "Please take your ticket")
ISSUE_FAILED = Text("Maaf, nomor antrean tidak dapat dibuat. Minta bantuan petugas.",
                    "Sorry, no queue number could be issued. Please ask staff.")
NOBODY_AHEAD = Text("Tidak ada antrean di depan Anda", "Nobody is ahead of you")
AHEAD = Text("Di depan Anda: {n} orang", "People ahead: {n}")
KEPT = Text("Nomor Anda tetap {number}; minta bantuan petugas", "Your number {number} is kept; please ask staff")
PRINTER = Text("Printer: ")
COUNTDOWN = Text("Kembali ke awal dalam {seconds} detik", "Back to the start in {seconds} s")


def ahead_text(ticket: TicketView) -> Text:
    n = ticket.people_ahead
    return NOBODY_AHEAD if n == 0 else AHEAD.format(n=n)


def wait_text(ticket: TicketView) -> Text:
    """'Perkiraan tunggu: 10–20 menit / Estimated wait: 10–20 min', the same words as on the paper ticket;
    past closing time with '; mungkin tidak terlayani hari ini / ...; may not be served today' after the range,
    or only that when there is no range to give (no counter serves it, or the hall closes within minutes)."""
    wait = ticket.wait
    if wait.may_not_be_served_today and dataclasses.replace(wait, may_not_be_served_today=False).soon:
        return WAIT_LABEL + NOT_TODAY
    return estimate_text(wait, label=True)


def kept_text(number: str) -> Text:
    return KEPT.format(number=number)


def printer_failed_text(message: Text, number: str) -> str:
    """The number kept first (that is what the applicant needs), then the printer's own instruction for the
    staff (the technical cause stays in the outcome's `detail`, for the log). Rich text for the label."""
    printer = message if message.id.lower().startswith("printer") else PRINTER + message
    return (f"{html.escape(kept_text(number).line())}<br>"
            f"<span style='font-size:20px; font-weight:600'>{html.escape(printer.line())}</span>")


def countdown_text(seconds: int) -> Text:
    return COUNTDOWN.format(seconds=seconds)
