"""Bilingual labels (Indonesian first, English under it) and the small time texts the gate shows (Qt-free)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, tzinfo

EN_GREY = "#5f6368"
AMBER, RED, GREEN = "#b26a00", "#c62828", "#1b873f"


def bi(text_id: str, text_en: str, id_pt: int = 0, en_pt: int = 0, bold: bool = False,
       en_colour: str = EN_GREY) -> str:
    """Rich text: the Indonesian line, then the English one smaller and grey."""
    id_style = f"font-size:{id_pt}pt;" if id_pt else ""
    en_style = f"font-size:{en_pt}pt;" if en_pt else ""
    weight = "font-weight:700;" if bold else ""
    return (f"<div style='{id_style}{weight}'>{html.escape(text_id)}</div>"
            f"<div style='{en_style}color:{en_colour};'>{html.escape(text_en)}</div>")


def one_line(text_id: str, text_en: str) -> str:
    return f"{text_id} / {text_en}"


def hhmm(moment: datetime | None, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M") if moment else "--:--"


@dataclass(frozen=True)
class Freshness:
    level: str  # "ok", "amber", "red"
    text_id: str
    text_en: str

    @property
    def colour(self) -> str:
        return {"ok": GREEN, "amber": AMBER, "red": RED}[self.level]


def freshness(last_sync: datetime | None, now: datetime, stale_minutes: int) -> Freshness:
    """How old the booking list is: amber past `stale_minutes`, red past twice that or when never synced."""
    if last_sync is None:
        return Freshness("red", "Daftar booking belum pernah disinkron", "Booking list never synced")
    minutes = max(0, int((now - last_sync).total_seconds() // 60))
    at = hhmm(last_sync, now.tzinfo or last_sync.tzinfo)  # type: ignore[arg-type]
    level = "ok" if minutes <= stale_minutes else ("amber" if minutes <= 2 * stale_minutes else "red")
    age_id, age_en = _age(minutes)
    return Freshness(level, f"Sinkron terakhir {at} ({age_id})", f"Last sync {at} ({age_en})")


def _age(minutes: int) -> tuple[str, str]:
    if minutes < 1:
        return "baru saja", "just now"
    if minutes < 120:
        return f"{minutes} menit lalu", f"{minutes} min ago"
    hours = minutes // 60
    return f"{hours} jam lalu", f"{hours} h ago"
