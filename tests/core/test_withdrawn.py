"""A booking gone from a FULL sync is withdrawn (unless it was checked in) and the gate refuses it as WITHDRAWN;
incremental syncs never withdraw anything. On a SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from shared.booking.client import BookingsFetch
from shared.db.models import Booking, CheckinEvent
from shared.domain import DECISION_TITLES, BookingStatus, Decision, Tone
from shared.services.bookings_import import parse_bookings_payload
from shared.services.checkin import check_in
from shared.services.counter_ops import ensure_counters
from shared.services.sync import sync_day

from .helpers import applicant, at, booking

DAY = date(2026, 11, 28)
OFFICE = "KANIM-KETAPANG"


class FakeServer:
    """The booking server's day list as the sync sees it (what BookingClient.fetch_bookings returns)."""

    office_code = OFFICE

    def __init__(self, bookings: list[dict[str, Any]]) -> None:
        self.bookings = bookings
        self.asked: list[datetime | None] = []

    def fetch_bookings(self, day: date, updated_since: datetime | None = None, etag: str | None = None) -> BookingsFetch:
        self.asked.append(updated_since)
        items = [b for b in self.bookings if b.get("date") == day.isoformat()] if updated_since is None else \
            [b for b in self.bookings if b.get("changed")]
        page = {"office_code": OFFICE, "date": day.isoformat()}
        generated = datetime(2026, 11, 27, 23, len(self.asked), tzinfo=UTC)
        return BookingsFetch(not_modified=False, bookings=tuple(items), etag=None, generated_at=generated, pages=1,
                             first_page=page)


def statuses(db) -> dict[str, str]:
    with db.sessions() as s:
        return dict(s.execute(select(Booking.code, Booking.status)).all())


def day_list() -> list[dict[str, Any]]:
    return [booking("KEEP0001", DAY), booking("CAME0001", DAY), booking("GONE0001", DAY, start="10:00", end="11:00"),
            booking("GONE0002", DAY, applicants=[applicant(1), applicant(2)]),
            booking("CANCEL01", DAY, status="cancelled"),
            booking("TOMORROW", DAY + timedelta(days=1))]


def first_sync(db, config, server: FakeServer):
    db.run(ensure_counters, config)
    report = sync_day(db, server, DAY, at(config, DAY, "06:00"))
    assert report.ok and report.full and report.withdrawn == ()
    tomorrow = sync_day(db, server, DAY + timedelta(days=1), at(config, DAY, "06:01"))
    assert tomorrow.ok and tomorrow.inserted == 1
    return report


def test_a_booking_gone_from_a_full_sync_is_withdrawn_and_the_gate_refuses_it(db, config):
    server = FakeServer(day_list())
    first_sync(db, config, server)
    came = db.run(check_in, config, "CAME0001", "GATE-1", at(config, DAY, "08:05"))
    assert came.decision is Decision.VALID
    server.bookings = [b for b in server.bookings if b["booking_code"] in ("KEEP0001",)]

    report = sync_day(db, server, DAY, at(config, DAY, "09:00"), full=True)
    assert report.ok and report.withdrawn == ("GONE0001", "GONE0002")
    assert any("withdrawn" in line and "GONE0001" in line for line in report.lines())
    assert statuses(db) == {"KEEP0001": "active", "CAME0001": "active", "GONE0001": "withdrawn",
                            "GONE0002": "withdrawn", "CANCEL01": "cancelled", "TOMORROW": "active"}

    refused = db.run(check_in, config, "gone0001", "GATE-1", at(config, DAY, "10:05"))
    assert refused.decision is Decision.WITHDRAWN and refused.decision.tone is Tone.REFUSE
    assert refused.exit_code == 3 and not refused.tickets
    assert "daftar booking pusat" in refused.message.id and "central booking list" in refused.message.en
    assert "M-Paspor" in refused.message.en and refused.booking.status == BookingStatus.WITHDRAWN
    with db.sessions() as s:
        assert s.scalar(select(CheckinEvent.result).where(CheckinEvent.id == refused.event_id)) == "WITHDRAWN"
    again = db.run(check_in, config, "CAME0001", "GATE-2", at(config, DAY, "09:10"))
    assert again.decision is Decision.ALREADY_CHECKED_IN and [t.number for t in again.tickets] == \
        [t.number for t in came.tickets]
    assert db.run(check_in, config, "CANCEL01", "GATE-1", at(config, DAY, "08:10")).decision is Decision.CANCELLED


def test_incremental_syncs_never_withdraw(db, config):
    server = FakeServer(day_list())
    first_sync(db, config, server)
    server.bookings = [{**booking("KEEP0001", DAY, start="09:00", end="10:00"), "changed": True}]
    report = sync_day(db, server, DAY, at(config, DAY, "09:00"))
    assert not report.full and server.asked[-1] is not None  # asked with updated_since
    assert report.ok and report.updated == 1 and report.withdrawn == ()
    assert set(statuses(db).values()) == {"active", "cancelled"}


def test_a_withdrawn_booking_that_comes_back_is_active_again(db, config):
    server = FakeServer(day_list())
    first_sync(db, config, server)
    everything = list(server.bookings)
    server.bookings = [b for b in everything if b["booking_code"] != "GONE0001"]
    assert sync_day(db, server, DAY, at(config, DAY, "08:00"), full=True).withdrawn == ("GONE0001",)
    server.bookings = everything
    back = sync_day(db, server, DAY, at(config, DAY, "09:00"), full=True)
    assert back.withdrawn == () and back.updated == 1 and statuses(db)["GONE0001"] == "active"
    assert db.run(check_in, config, "GONE0001", "GATE-1", at(config, DAY, "10:00")).decision is Decision.VALID


def test_a_list_that_cannot_be_trusted_withdraws_nothing(db, config):
    server = FakeServer(day_list())
    first_sync(db, config, server)
    server.bookings = []
    empty = sync_day(db, server, DAY, at(config, DAY, "08:00"), full=True)
    assert empty.ok and empty.withdrawn == () and "empty" in empty.withdraw_note.en
    server.bookings = [booking("KEEP0001", DAY), {**booking("XXXX0000", DAY), "booking_code": None}]
    no_code = sync_day(db, server, DAY, at(config, DAY, "08:10"), full=True)
    assert no_code.ok and no_code.withdrawn == () and "no readable booking code" in no_code.withdraw_note.en
    assert any("Nothing withdrawn" in line for line in no_code.lines())
    assert set(statuses(db).values()) == {"active", "cancelled"}


def test_a_record_skipped_as_malformed_is_still_on_the_list(db, config):
    server = FakeServer(day_list())
    first_sync(db, config, server)
    broken = {**booking("GONE0001", DAY), "slot": {"start": "25:99", "end": "26:00"}}
    server.bookings = [b for b in day_list() if b["booking_code"] != "GONE0001"] + [broken]
    report = sync_day(db, server, DAY, at(config, DAY, "08:00"), full=True)
    assert [p.booking_code for p in report.skipped] == ["GONE0001"] and report.withdrawn == ()
    assert statuses(db)["GONE0001"] == "active"


def test_only_this_office_and_day_and_an_empty_local_day_says_nothing(db, config):
    server = FakeServer(day_list() + [booking("ELSEWHR1", DAY, office="KANIM-PONTIANAK")])
    first_sync(db, config, server)
    server.bookings = [booking("KEEP0001", DAY)]
    report = sync_day(db, server, DAY, at(config, DAY, "08:00"), full=True)
    assert "ELSEWHR1" not in report.withdrawn and statuses(db)["ELSEWHR1"] == "active"
    assert statuses(db)["TOMORROW"] == "active"
    server.bookings = []
    quiet = sync_day(db, server, DAY + timedelta(days=5), at(config, DAY, "08:00"), full=True)
    assert quiet.ok and quiet.withdrawn == () and quiet.withdraw_note is None


def test_the_server_cannot_send_withdrawn_and_the_decision_has_its_title():
    records, problems = parse_bookings_payload({"bookings": [booking("SENTWDRN", DAY, status="withdrawn")]})
    assert records == [] and "unknown status" in problems[0].reason
    assert Decision.WITHDRAWN.tone is Tone.REFUSE
    assert DECISION_TITLES[Decision.WITHDRAWN].id == "BOOKING DITARIK"
    assert Decision.WITHDRAWN.title.en == "Booking withdrawn"
