"""What each decision adds to the card, as (label id, label en, value) rows (Qt-free, so it is easy to test)."""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from shared.domain import CheckinResult, Decision

from .texts import Freshness, hhmm

Fact = tuple[str, str, str]


def _slot(result: CheckinResult) -> str:
    b = result.booking
    return f"{b.slot_start:%H:%M}–{b.slot_end:%H:%M}" if b else "—"


def booking_facts(result: CheckinResult) -> list[Fact]:
    b = result.booking
    if b is None:
        return []
    return [
        ("Kode booking", "Booking code", f"<span style='font-family:monospace;'>{escape(b.code)}</span>"),
        ("Jadwal", "Slot", f"{b.day:%d-%m-%Y} &nbsp; {_slot(result)}"),
    ]


def decision_facts(result: CheckinResult, tz: tzinfo, freshness: Freshness | None = None) -> list[Fact]:
    """The rows that answer the officer's next question for this decision."""
    d = result.decision
    facts = booking_facts(result)
    if d is Decision.ALREADY_CHECKED_IN:
        gate = escape(result.previous_gate or "?")
        facts.append(("Sudah masuk", "Checked in", f"pukul {hhmm(result.previous_checkin_at, tz)} di {gate}"
                      f" <span style='color:#5f6368;font-size:12pt;'>/ at {hhmm(result.previous_checkin_at, tz)},"
                      f" {gate}</span>"))
    elif d is Decision.TOO_EARLY:
        facts.append(("Boleh masuk mulai", "May enter from", f"{hhmm(result.allowed_from, tz)}"))
    elif d is Decision.TOO_LATE:
        facts.append(("Batas masuk", "Entry closed at", f"{hhmm(result.allowed_until, tz)}"))
    elif d is Decision.WRONG_OFFICE and result.booking:
        facts.append(("Kantor booking", "Booked office", escape(result.booking.office_code)))
    elif d is Decision.CANCELLED and result.booking:
        facts.append(("Status booking", "Booking status", escape(result.booking.status)))
    elif d in (Decision.UNKNOWN, Decision.MALFORMED):
        facts.append(("Kode terbaca", "Code read", f"<span style='font-family:monospace;'>{escape(result.code)}</span>"))
    if d is Decision.UNKNOWN:
        fresh = freshness or Freshness("amber", "Waktu sinkron tidak diketahui", "Sync time unknown")
        facts.append(("Daftar booking", "Booking list",
                      f"<span style='color:{fresh.colour};font-size:15pt;'>{escape(fresh.text_id)}</span><br>"
                      f"<span style='color:#5f6368;font-size:12pt;'>{escape(fresh.text_en)}</span>"))
    if result.override_reason:
        facts.append(("Izin supervisor", "Supervisor override", escape(result.override_reason)))
    return facts
