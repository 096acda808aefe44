"""Bilingual rich text (Indonesian first, English under it) and the small time texts the gate shows (Qt-free)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, tzinfo

from shared.palette import EN_GREY, Level, colour
from shared.text import Text


def bi(text: Text, id_pt: int = 0, en_pt: int = 0, bold: bool = False, en_colour: str = EN_GREY) -> str:
    """Rich text: the Indonesian line, then the English one smaller and grey (once when both are the same)."""
    id_style = f"font-size:{id_pt}pt;" if id_pt else ""
    en_style = f"font-size:{en_pt}pt;" if en_pt else ""
    weight = "font-weight:700;" if bold else ""
    first = f"<div style='{id_style}{weight}'>{html.escape(text.id)}</div>"
    if not text.en or text.en == text.id:
        return first
    return first + f"<div style='{en_style}color:{en_colour};'>{html.escape(text.en)}</div>"


def hhmm(moment: datetime | None, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M") if moment else "--:--"


@dataclass(frozen=True)
class Freshness:
    """How old the booking list is: OK, BUSY (getting stale) or ERROR (stale, or never synced)."""

    level: Level
    text: Text

    @property
    def colour(self) -> str:
        return colour(self.level)


NEVER_SYNCED = Freshness(Level.ERROR, Text("Daftar booking belum pernah disinkron", "Booking list never synced"))
SYNC_UNKNOWN = Freshness(Level.BUSY, Text("Waktu sinkron tidak diketahui", "Sync time unknown"))


def freshness(last_sync: datetime | None, now: datetime, stale_minutes: int) -> Freshness:
    """How old the booking list is: BUSY past `stale_minutes`, ERROR past twice that or when never synced."""
    if last_sync is None:
        return NEVER_SYNCED
    minutes = max(0, int((now - last_sync).total_seconds() // 60))
    at = hhmm(last_sync, now.tzinfo or last_sync.tzinfo)  # type: ignore[arg-type]
    level = Level.OK if minutes <= stale_minutes else (Level.BUSY if minutes <= 2 * stale_minutes else Level.ERROR)
    age = _age(minutes)
    return Freshness(level, Text(f"Sinkron terakhir {at} ({age.id})", f"Last sync {at} ({age.en})"))


def _age(minutes: int) -> Text:
    if minutes < 1:
        return Text("baru saja", "just now")
    if minutes < 120:
        return Text(f"{minutes} menit lalu", f"{minutes} min ago")
    hours = minutes // 60
    return Text(f"{hours} jam lalu", f"{hours} h ago")
