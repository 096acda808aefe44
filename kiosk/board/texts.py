"""Every word the board shows, Indonesian first with the English below or after it (Qt-free)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime

from shared.services.wait_estimate import NOT_TODAY, ServiceWait, wait_text
from shared.text import Text

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first, like date.weekday()
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)

SUBTITLE = Text("Layanan Antrean Paspor", "Passport Queue")
NOW_CALLING = Text("NOMOR PANGGILAN", "NOW CALLING")
RECENT_CALLS = Text("PANGGILAN SEBELUMNYA", "PREVIOUS CALLS")
WAITING = Text("menunggu", "waiting")
WAIT_CAPTION = Text("Perkiraan tunggu", "Estimated wait")
RECALL_TAG = Text("PANGGILAN ULANG", "RECALL")
NO_CALL_YET = Text("Belum ada panggilan", "No calls yet")
DB_LOST = Text("Koneksi basis data terputus — mencoba lagi", "Database connection lost — retrying")
VOICE_UNAVAILABLE = Text("Suara tidak tersedia", "Voice unavailable")
VOICE_FAILED = Text("Pengumuman gagal", "Announcement failed")
CALL_SENTENCE = Text("Nomor {number} silakan ke {counter}", "please go to {counter_en}")


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


def call_sentence(number: str, counter_name: str) -> Text:
    """'Nomor A-042 silakan ke LOKET 3' / 'please go to counter 3' (shown as two lines of two sizes)."""
    return CALL_SENTENCE.format(number=number, counter=counter_upper(counter_name),
                                counter_en=counter_english(counter_name))


def wait_parts(wait: ServiceWait) -> tuple[Text | None, Text | None]:
    """A service tile's estimated wait as (the range, the warning): ('10–20 menit / 10–20 min', None), or with a
    range reaching past closing time ('2–3 jam / 2–3 h', 'mungkin tidak terlayani hari ini / may not be served
    today') on a line of its own; (None, warning) when no counter serves it today or the hall closes within
    minutes. The words are `wait_text`'s; only the warning moves to its own line, so the range stays short."""
    estimate = wait.estimate
    if estimate is None:
        return None, NOT_TODAY
    if not estimate.may_not_be_served_today:
        return wait_text(estimate), None
    plain = dataclasses.replace(estimate, may_not_be_served_today=False)
    return (None if plain.soon else wait_text(plain)), NOT_TODAY
