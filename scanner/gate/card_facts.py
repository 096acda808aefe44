"""What each decision adds to the card, as (label, value) rows (Qt-free, so it is easy to test)."""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from shared.domain import CheckinResult, Decision
from shared.palette import EN_GREY
from shared.text import Text

from .texts import SYNC_UNKNOWN, Freshness, hhmm

Fact = tuple[Text, str]  # the label in both languages, the value as rich text


def _slot(result: CheckinResult) -> str:
    b = result.booking
    return f"{b.slot_start:%H:%M}–{b.slot_end:%H:%M}" if b else "—"


def _en(text: str, pt: int) -> str:
    return f"<span style='color:{EN_GREY};font-size:{pt}pt;'>{text}</span>"


def booking_facts(result: CheckinResult) -> list[Fact]:
    b = result.booking
    if b is None:
        return []
    return [
        (Text("Kode booking", "Booking code"), f"<span style='font-family:monospace;'>{escape(b.code)}</span>"),
        (Text("Jadwal", "Slot"), f"{b.day:%d-%m-%Y} &nbsp; {_slot(result)}"),
    ]


def decision_facts(result: CheckinResult, tz: tzinfo, freshness: Freshness | None = None) -> list[Fact]:
    """The rows that answer the officer's next question for this decision."""
    d = result.decision
    facts = booking_facts(result)
    if d is Decision.ALREADY_CHECKED_IN:
        gate, at = escape(result.previous_gate or "?"), hhmm(result.previous_checkin_at, tz)
        facts.append((Text("Sudah masuk", "Checked in"), f"pukul {at} di {gate} " + _en(f"/ at {at}, {gate}", 12)))
    elif d is Decision.TOO_EARLY:
        facts.append((Text("Boleh masuk mulai", "May enter from"), hhmm(result.allowed_from, tz)))
    elif d is Decision.TOO_LATE:
        facts.append((Text("Batas masuk", "Entry closed at"), hhmm(result.allowed_until, tz)))
    elif d is Decision.WRONG_OFFICE and result.booking:
        facts.append((Text("Kantor booking", "Booked office"), escape(result.booking.office_code)))
    elif d in (Decision.CANCELLED, Decision.WITHDRAWN) and result.booking:
        facts.append((Text("Status booking", "Booking status"), escape(result.booking.status)))
    elif d in (Decision.UNKNOWN, Decision.MALFORMED):
        facts.append((Text("Kode terbaca", "Code read"),
                      f"<span style='font-family:monospace;'>{escape(result.code)}</span>"))
    if d is Decision.UNKNOWN:
        fresh = freshness or SYNC_UNKNOWN
        facts.append((Text("Daftar booking", "Booking list"),
                      f"<span style='color:{fresh.colour};font-size:15pt;'>{escape(fresh.text.id)}</span><br>"
                      + _en(escape(fresh.text.en), 12)))
    if result.override_reason:
        facts.append((Text("Izin supervisor", "Supervisor override"), escape(result.override_reason)))
    return facts
