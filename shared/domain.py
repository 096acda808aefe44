"""The office's vocabulary: decision results, ticket states, and the frozen records services hand to windows.

Windows never hold ORM rows; every service returns one of these dataclasses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

MAX_APPLICANTS = 5
MAX_CODE_INPUT = 64  # longer input is not a booking code; never stored whole


class Tone(StrEnum):
    ACCEPT = "accept"
    WARN = "warn"
    REFUSE = "refuse"


class Decision(StrEnum):
    VALID = "VALID"
    ALREADY_CHECKED_IN = "ALREADY_CHECKED_IN"
    WRONG_DATE = "WRONG_DATE"
    WRONG_OFFICE = "WRONG_OFFICE"
    TOO_EARLY = "TOO_EARLY"
    TOO_LATE = "TOO_LATE"
    CANCELLED = "CANCELLED"
    UNKNOWN = "UNKNOWN"
    MALFORMED = "MALFORMED"

    @property
    def tone(self) -> Tone:
        if self is Decision.VALID:
            return Tone.ACCEPT
        if self in (Decision.ALREADY_CHECKED_IN, Decision.TOO_EARLY):
            return Tone.WARN
        return Tone.REFUSE

    @property
    def colour(self) -> str:
        return {Tone.ACCEPT: "#1b873f", Tone.WARN: "#d99a00", Tone.REFUSE: "#c62828"}[self.tone]

    @property
    def title(self) -> tuple[str, str]:
        """(Indonesian, English) headline for the gate's result card."""
        return DECISION_TITLES[self]


DECISION_TITLES: dict[Decision, tuple[str, str]] = {
    Decision.VALID: ("SILAKAN MASUK", "Welcome in"),
    Decision.ALREADY_CHECKED_IN: ("SUDAH CHECK-IN", "Already checked in"),
    Decision.WRONG_DATE: ("BUKAN JADWAL HARI INI", "Not booked for today"),
    Decision.WRONG_OFFICE: ("BUKAN KANTOR INI", "Booked at another office"),
    Decision.TOO_EARLY: ("TERLALU AWAL", "Too early"),
    Decision.TOO_LATE: ("TERLAMBAT", "Too late"),
    Decision.CANCELLED: ("JADWAL DIBATALKAN", "Booking cancelled"),
    Decision.UNKNOWN: ("KODE TIDAK DITEMUKAN", "Booking not found"),
    Decision.MALFORMED: ("BUKAN KODE BOOKING", "Not a booking code"),
}


class BookingStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    RESCHEDULED = "rescheduled"


class ApplicationType(StrEnum):
    NEW = "new"
    REPLACEMENT = "replacement"


class ReplacementReason(StrEnum):
    EXPIRED = "expired"
    FULL = "full"
    LOST = "lost"
    DAMAGED = "damaged"


class Priority(StrEnum):
    ELDERLY = "elderly"
    DISABILITY = "disability"
    PREGNANT = "pregnant"
    CHILD = "child"


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class CallKind(StrEnum):
    CALL = "call"
    RECALL = "recall"
    CALL_SPECIFIC = "call_specific"


class PrintStatus(StrEnum):
    QUEUED = "queued"
    PRINTED = "printed"
    FAILED = "failed"


def mask_nik(nik: str | None) -> str:
    """First 4 and last 4 digits only (UU PDP 2022): '6104014101900003' -> '6104********0003'."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


_NIK = re.compile(r"\d{16}")


def nik_problem(nik: str) -> str | None:
    """Why a NIK breaks its structure (province, regency, district, DDMMYY with women +40, serial), or None."""
    if not _NIK.fullmatch(nik or ""):
        return "NIK harus 16 angka / NIK must be 16 digits"
    if nik[0:2] == "00" or nik[2:4] == "00" or nik[4:6] == "00":
        return "kode wilayah NIK salah / NIK region code is zero"
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return "tanggal lahir dalam NIK salah / NIK birth date is invalid"
    if nik[12:16] == "0000":
        return "nomor urut NIK nol / NIK serial is zero"
    return None


def ticket_label(prefix: str, seq: int) -> str:
    return f"{prefix}-{seq:03d}"


# ---- records returned by services


@dataclass(frozen=True)
class ApplicantView:
    position: int
    name: str
    nik_masked: str
    application_type: str
    replacement_reason: str | None
    priority: str | None
    ticket_number: str | None = None


@dataclass(frozen=True)
class BookingView:
    code: str
    office_code: str
    day: date
    slot_start: time
    slot_end: time
    status: str
    applicants: tuple[ApplicantView, ...]


@dataclass(frozen=True)
class TicketView:
    id: int
    number: str
    day: date
    service_prefix: str
    service_name: str
    service_name_en: str
    status: str
    issued_at: datetime
    applicant_name: str | None = None
    nik_masked: str | None = None
    booking_code: str | None = None
    application_type: str | None = None
    replacement_reason: str | None = None
    priority: str | None = None
    walk_in_kind: str | None = None
    people_ahead: int = 0
    estimated_wait_minutes: int = 0
    printed: bool = False
    counter_name: str | None = None
    called_at: datetime | None = None
    minutes_waited: int = 0
    checklist: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class CheckinResult:
    decision: Decision
    code: str
    message: str
    message_en: str
    event_id: str
    at: datetime
    booking: BookingView | None = None
    tickets: tuple[TicketView, ...] = ()
    allowed_from: datetime | None = None
    allowed_until: datetime | None = None
    previous_checkin_at: datetime | None = None
    previous_gate: str | None = None
    last_sync_at: datetime | None = None
    override_reason: str | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.decision is Decision.VALID else 3


@dataclass(frozen=True)
class CallResult:
    counter: str
    ticket: TicketView | None
    kind: str | None = None
    finished: TicketView | None = None
    message: str = ""


@dataclass(frozen=True)
class CallEventView:
    id: int
    number: str
    counter_name: str
    kind: str
    at: datetime


@dataclass(frozen=True)
class ServiceCount:
    prefix: str
    name: str
    name_en: str
    waiting: int
    called: int
    done: int
    no_show: int


@dataclass(frozen=True)
class CounterView:
    name: str
    services: tuple[str, ...]
    paused: bool
    current: str | None


@dataclass(frozen=True)
class OfficeStatus:
    day: date
    bookings: int
    applicants_booked: int
    bookings_checked_in: int
    tickets_issued: int
    waiting: int
    services: tuple[ServiceCount, ...]
    counters: tuple[CounterView, ...]
    decisions: tuple[tuple[str, int], ...]
    last_sync_at: datetime | None
    unprinted: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ImportProblem:
    booking_code: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    inserted: int
    updated: int
    unchanged: int
    skipped: tuple[ImportProblem, ...]
