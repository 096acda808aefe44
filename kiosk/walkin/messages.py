"""What the applicant reads on the "your number" page: plain, Indonesian first."""

from __future__ import annotations

import html
import re

from shared.domain import TicketView

PRINTING = "Mencetak tiket… / Printing your ticket…"
TAKE_TICKET = "Silakan ambil tiket Anda / Please take your ticket"
ISSUE_FAILED = ("Maaf, nomor antrean tidak dapat dibuat. Minta bantuan petugas. / "
                "Sorry, no queue number could be issued. Please ask staff.")


def ahead_text(ticket: TicketView) -> str:
    n = ticket.people_ahead
    if n == 0:
        return "Tidak ada antrean di depan Anda / Nobody is ahead of you"
    return f"Di depan Anda: {n} orang / People ahead: {n}"


def wait_text(ticket: TicketView) -> str:
    minutes = ticket.estimated_wait_minutes
    if minutes <= 0:
        return "Perkiraan tunggu: segera / Estimated wait: soon"
    return f"Perkiraan tunggu: ± {minutes} menit / Estimated wait: about {minutes} min"


def kept_text(number: str) -> str:
    return f"Nomor Anda tetap {number}; minta bantuan petugas / Your number {number} is kept; please ask staff"


def printer_failed_text(message_id: str, message_en: str, number: str) -> str:
    """The number kept first (that is what the applicant needs), then the printer's own message for the staff;
    the technical cause in [brackets] goes to the log, not on the screen."""
    message_en = re.sub(r"\s*\[.*\]$", "", message_en)
    printer = f"{message_id} / {message_en}"
    if not printer.lower().startswith("printer"):
        printer = f"Printer: {printer}"
    return f"{html.escape(kept_text(number))}<br><span style='font-size:20px; font-weight:600'>{html.escape(printer)}</span>"


def countdown_text(seconds: int) -> str:
    return f"Kembali ke awal dalam {seconds} detik / Back to the start in {seconds} s"
