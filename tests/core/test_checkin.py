"""Every check-in decision, on a SQLite file and on PostgreSQL, with its audit event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from shared.db.models import CheckinEvent, Ticket
from shared.domain import Decision
from shared.services.checkin import check_in

from .helpers import applicant, at, booking, load

DAY = date(2026, 11, 28)


@pytest.fixture
def office(db, config):
    load(db, config, [
        booking("FAMILY01", DAY, applicants=[applicant(0), applicant(1, "replacement", reason="expired"),
                                             applicant(2, priority="child")]),
        booking("SOLO0001", DAY, start="10:00", end="11:00"),
        booking("CANCEL01", DAY, status="cancelled"),
        booking("MOVED001", DAY + timedelta(days=3), status="rescheduled"),
        booking("TOMORROW", DAY + timedelta(days=1)),
        booking("ELSEWHR1", DAY, office="KANIM-PONTIANAK"),
    ])
    return db


def decide(db, config, code, hhmm="08:15", override=None, gate="GATE-1"):
    return db.run(check_in, config, code, gate, at(config, DAY, hhmm), override)


def events(db, result):
    with db.sessions.begin() as s:
        return s.scalars(select(CheckinEvent.result)).all().count(result.value)


def test_valid_issues_one_ticket_per_applicant_routed_by_type_and_priority(office, config):
    result = decide(office, config, " family01 ")
    assert result.decision is Decision.VALID and result.exit_code == 0
    assert [t.number for t in result.tickets] == ["A-001", "B-001", "P-001"]
    assert [t.nik_masked for t in result.tickets] == ["6104********0003", "6104********0011", "6171********0004"]
    assert [a.ticket_number for a in result.booking.applicants] == ["A-001", "B-001", "P-001"]
    assert events(office, Decision.VALID) == 1


def test_second_scan_is_already_checked_in_with_when_and_where(office, config):
    decide(office, config, "FAMILY01", "08:10", gate="GATE-1")
    again = decide(office, config, "FAMILY01", "08:40", gate="GATE-2")
    assert again.decision is Decision.ALREADY_CHECKED_IN
    assert again.previous_gate == "GATE-1"
    assert again.previous_checkin_at == at(config, DAY, "08:10")
    assert [t.number for t in again.tickets] == ["A-001", "B-001", "P-001"]
    with office.sessions.begin() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 3


@pytest.mark.parametrize(("code", "hhmm", "expected"), [
    ("TOMORROW", "08:15", Decision.WRONG_DATE),
    ("ELSEWHR1", "08:15", Decision.WRONG_OFFICE),
    ("SOLO0001", "08:59", Decision.TOO_EARLY),
    ("FAMILY01", "09:31", Decision.TOO_LATE),
    ("CANCEL01", "08:15", Decision.CANCELLED),
    ("MOVED001", "08:15", Decision.CANCELLED),
    ("NOSUCH99", "08:15", Decision.UNKNOWN),
    ("abc", "08:15", Decision.MALFORMED),
    ("K7Q2\x00M9XA", "08:15", Decision.MALFORMED),
    ("X" * 10_000, "08:15", Decision.MALFORMED),
    ("https://evil.example/?a=1", "08:15", Decision.MALFORMED),
])
def test_refusals_issue_nothing_and_are_audited(office, config, code, hhmm, expected):
    result = decide(office, config, code, hhmm)
    assert result.decision is expected
    assert result.exit_code == 3 and result.tickets == ()
    assert result.message.id and result.message.en
    with office.sessions.begin() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 0
        stored = s.scalars(select(CheckinEvent)).one()
        assert stored.result == expected.value
        assert len(stored.code) <= 80 and "\x00" not in stored.code


def test_window_edges_follow_config(office, config):
    # early 60, late 30: the 10:00-11:00 slot admits 09:00 .. 11:30 inclusive
    assert decide(office, config, "SOLO0001", "08:59").decision is Decision.TOO_EARLY
    assert decide(office, config, "SOLO0001", "09:00").decision is Decision.VALID


def test_too_early_says_from_when(office, config):
    result = decide(office, config, "SOLO0001", "07:00")
    assert result.allowed_from == at(config, DAY, "09:00")
    assert "09:00" in result.message.id and "09:00" in result.message.en


def test_late_override_records_reason_and_goes_to_the_back(office, config):
    decide(office, config, "SOLO0001", "10:05")  # A-001 at the 10:00 appointment
    late = decide(office, config, "FAMILY01", "10:10", override="Ban bocor, disetujui Pak Budi")
    assert late.decision is Decision.VALID
    assert late.override_reason == "Ban bocor, disetujui Pak Budi"
    with office.sessions.begin() as s:
        tickets = {t.number: t for t in s.scalars(select(Ticket))}
        assert tickets["A-002"].late_override and tickets["A-002"].sort_at > tickets["A-001"].sort_at
        assert s.scalars(select(CheckinEvent.override_reason).where(CheckinEvent.result == "VALID")).all().count(
            "Ban bocor, disetujui Pak Budi") == 1


def test_blank_override_does_not_let_a_late_applicant_in(office, config):
    assert decide(office, config, "FAMILY01", "10:10", override="   ").decision is Decision.TOO_LATE


def test_cancellation_arriving_later_takes_effect_on_next_scan(office, config):
    load(office, config, [booking("SOLO0001", DAY, start="10:00", end="11:00", status="cancelled")])
    assert decide(office, config, "SOLO0001", "10:05").decision is Decision.CANCELLED


def test_unknown_reports_last_sync(office, config):
    from datetime import UTC, datetime

    from shared.db.models import SyncState

    with office.sessions.begin() as s:
        s.add(SyncState(key="last_sync_at", value="2026-11-28T06:00:00+07:00", updated_at=datetime.now(UTC)))
    result = decide(office, config, "NOSUCH99")
    assert result.last_sync_at.isoformat() == "2026-11-28T06:00:00+07:00"


def test_valid_checkin_is_queued_for_upload(office, config):
    result = decide(office, config, "FAMILY01")
    with office.sessions.begin() as s:
        event = s.get(CheckinEvent, result.event_id)
        assert event.upload_state == "pending" and event.tickets == "A-001,B-001,P-001"


@pytest.mark.parametrize("lookalike", ["FAMıLY01", "FAMILY0١", "ﬁAMILY01", "ſOLO0001", "SOLO000１"])
def test_unicode_lookalikes_are_not_the_code(office, config, lookalike):
    """str.upper() folds 'ı'->'I', 'ſ'->'S', 'ﬁ'->'FI'; \\d matches Arabic-Indic and full-width digits. None of
    them is the code the central system issued: MALFORMED, no ticket, and the audit keeps what was read."""
    result = decide(office, config, lookalike)
    assert result.decision is Decision.MALFORMED and not result.tickets
    with office.sessions.begin() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 0
        assert s.scalars(select(CheckinEvent.code)).all() == [lookalike]


def test_ascii_lower_case_is_still_the_code(office, config):
    assert decide(office, config, "\tfamily01 ").decision is Decision.VALID
