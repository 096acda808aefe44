"""Every word the board shows, Indonesian first with the English below or after it (Qt-free)."""

from __future__ import annotations

import re
from datetime import date, datetime

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first, like date.weekday()
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)

NOW_CALLING = ("NOMOR PANGGILAN", "NOW CALLING")
RECENT_CALLS = ("PANGGILAN SEBELUMNYA", "PREVIOUS CALLS")
WAITING = ("MENUNGGU", "WAITING")
RECALL_TAG = ("PANGGILAN ULANG", "RECALL")
NO_CALL_YET = ("Belum ada panggilan", "No calls yet")
DB_LOST = "Koneksi basis data terputus — mencoba lagi / Database connection lost — retrying"
VOICE_UNAVAILABLE = "Suara tidak tersedia / Voice unavailable"
VOICE_FAILED = "Pengumuman gagal / Announcement failed"


def format_date_id(day: date) -> str:
    """'Sabtu, 28 November 2026': Indonesian names, independent of the PC's locale."""
    return f"{DAYS_ID[day.weekday()]}, {day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def format_clock(now: datetime) -> str:
    return now.strftime("%H:%M:%S")


def counter_upper(counter_name: str) -> str:
    return counter_name.upper()


def counter_english(counter_name: str) -> str:
    """'Loket 3' -> 'counter 3'; a name without 'Loket' stays as it is."""
    return re.sub(r"(?i)\bloket\b", "counter", counter_name)


def call_headline(number: str, counter_name: str) -> str:
    return f"{number} → {counter_upper(counter_name)}"


def call_sentence(number: str, counter_name: str) -> tuple[str, str]:
    """('Nomor A-042 silakan ke LOKET 3', 'please go to counter 3')."""
    return (
        f"Nomor {number} silakan ke {counter_upper(counter_name)}",
        f"please go to {counter_english(counter_name)}",
    )


def bilingual(pair: tuple[str, str], sep: str = " / ") -> str:
    return f"{pair[0]}{sep}{pair[1]}"
