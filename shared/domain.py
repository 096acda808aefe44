"""The office's vocabulary: decision results, ticket states, and the frozen records services hand to windows.

Windows never hold ORM rows; every service returns one of these dataclasses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from shared import palette
from shared.text import Text

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
    WITHDRAWN = "WITHDRAWN"  # no longer in the server's complete list for its day (a full sync)
    DAY_CLOSED = "DAY_CLOSED"  # valid, but today's queue was closed (`antrian day close`): no new numbers
    # Not decided: the gate could not reach the database, kept the scan in its journal and wrote it into the
    # audit trail once the database was back (shared/services/journal.py). No ticket; never uploaded.
    DB_DOWN = "DB_DOWN"

    @property
    def tone(self) -> Tone:
        if self is Decision.VALID:
            return Tone.ACCEPT
        if self in (Decision.ALREADY_CHECKED_IN, Decision.TOO_EARLY):
            return Tone.WARN
        return Tone.REFUSE

    @property
    def colour(self) -> str:
        return TONE_COLOUR[self.tone]

    @property
    def title(self) -> Text:
        """The headline of the gate's result card."""
        return DECISION_TITLES[self]


TONE_COLOUR: dict[Tone, str] = {Tone.ACCEPT: palette.GREEN, Tone.WARN: palette.DECISION_AMBER, Tone.REFUSE: palette.RED}

DECISION_TITLES: dict[Decision, Text] = {
    Decision.VALID: Text("SILAKAN MASUK", "Welcome in"),
    Decision.ALREADY_CHECKED_IN: Text("SUDAH CHECK-IN", "Already checked in"),
    Decision.WRONG_DATE: Text("BUKAN JADWAL HARI INI", "Not booked for today"),
    Decision.WRONG_OFFICE: Text("BUKAN KANTOR INI", "Booked at another office"),
    Decision.TOO_EARLY: Text("TERLALU AWAL", "Too early"),
    Decision.TOO_LATE: Text("TERLAMBAT", "Too late"),
    Decision.CANCELLED: Text("JADWAL DIBATALKAN", "Booking cancelled"),
    Decision.UNKNOWN: Text("KODE TIDAK DITEMUKAN", "Booking not found"),
    Decision.MALFORMED: Text("BUKAN KODE BOOKING", "Not a booking code"),
    Decision.WITHDRAWN: Text("BOOKING DITARIK", "Booking withdrawn"),
    Decision.DAY_CLOSED: Text("ANTREAN HARI INI SUDAH DITUTUP", "Today's queue is closed"),
    Decision.DB_DOWN: Text("TIDAK DIPUTUSKAN: BASIS DATA TIDAK TERJANGKAU", "Not decided: database unreachable"),
}


class BookingStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    RESCHEDULED = "rescheduled"
    # Ours, never the server's: the booking vanished from the server's complete list for its day (a full sync).
    WITHDRAWN = "withdrawn"


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
    UNSERVED = "unserved"  # still waiting when its day was closed (`antrian day close`): kept, never called again
    VOIDED = "voided"  # issued in error, voided with a supervisor's authority: kept, never called


class CallKind(StrEnum):
    """A row of `call_event`: what the board shows and announces."""

    CALL = "call"
    RECALL = "recall"
    CALL_SPECIFIC = "call_specific"


class QueueEventKind(StrEnum):
    """A row of `queue_event`: everything else a counter did to a ticket or to itself."""

    DONE = "done"
    NO_SHOW = "no_show"
    CALL_SPECIFIC = "call_specific"
    TRANSFER = "transfer"
    PAUSE = "pause"
    RESUME = "resume"
    VOID = "void"  # a supervisor voided the ticket (detail: the reason)
    REOPEN = "reopen"  # a no-show waits again, with a supervisor's authority


class UploadState(StrEnum):
    """Where an accepted check-in stands in the outbox to the booking server."""

    PENDING = "pending"  # waiting for the server (or for the next retry)
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # the server refused it; a supervisor may queue it again


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


_NIK = re.compile(r"[0-9]{16}")  # ASCII digits only: \d would take Arabic-Indic and full-width ones


def nik_problem(nik: str) -> Text | None:
    """Why a NIK breaks its structure (province, regency, district, DDMMYY with women +40, serial), or None."""
    if not _NIK.fullmatch(nik or ""):
        return Text("NIK harus 16 angka", "NIK must be 16 digits")
    if nik[0:2] == "00" or nik[2:4] == "00" or nik[4:6] == "00":
        return Text("kode wilayah NIK salah", "NIK region code is zero")
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return Text("tanggal lahir dalam NIK salah", "NIK birth date is invalid")
    if nik[12:16] == "0000":
        return Text("nomor urut NIK nol", "NIK serial is zero")
    return None


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def normalise_code(raw: str) -> str:
    """Trimmed, ASCII letters upper-cased and nothing else: `str.upper()` would fold 'ı'->'I', 'ſ'->'S',
    'ß'->'SS', 'ﬁ'->'FI' and admit text that is not the code."""
    return raw.strip().translate(_ASCII_UPPER)


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
class WaitEstimate:
    """How long until a waiting ticket is called: a point and a range in whole minutes, rounded as people read
    them (built by `shared.services.wait_estimate`; its `wait_text` says it in words)."""

    minutes: int
    low_minutes: int
    high_minutes: int
    people_ahead: int = 0
    may_not_be_served_today: bool = False

    @property
    def soon(self) -> bool:
        """Called within a few minutes even at the slow end of the range."""
        return self.high_minutes <= 5 and not self.may_not_be_served_today


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
    estimated_wait_minutes: int = 0  # the point estimate, rounded as people read it (see wait_estimate)
    estimated_wait_low_minutes: int = 0  # the printed range (about 80 % of waits fall inside it)
    estimated_wait_high_minutes: int = 0
    may_not_be_served_today: bool = False  # the range reaches past the hall's closing time
    printed: bool = False
    counter_name: str | None = None
    called_at: datetime | None = None
    minutes_waited: int = 0
    checklist: tuple[tuple[str, bool], ...] = ()

    @property
    def wait(self) -> WaitEstimate:
        return WaitEstimate(self.estimated_wait_minutes, self.estimated_wait_low_minutes,
                            self.estimated_wait_high_minutes, self.people_ahead, self.may_not_be_served_today)


@dataclass(frozen=True)
class CheckinResult:
    decision: Decision
    code: str
    message: Text
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
    kind: CallKind | None = None
    finished: TicketView | None = None
    message: Text = Text("")


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
