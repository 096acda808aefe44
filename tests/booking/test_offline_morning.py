"""A whole morning with the booking server down: the gate keeps deciding from the local database, the outbox
keeps every accepted check-in, and when the server is back each one arrives exactly once, unchanged."""

from __future__ import annotations

from datetime import timedelta

from shared.db.models import CheckinEvent
from shared.domain import Decision
from shared.services.checkin import check_in
from shared.services.outbox import outbox_summary, upload_batch
from shared.services.sync import sync_day


def _arrivals(sim, day, at) -> list[tuple]:
    """Each active booking of the day arrives 20 minutes before its slot (a few seconds apart), until noon."""
    arrivals = []
    for i, (code, b) in enumerate(sorted(sim.state.bookings.items())):
        if b["status"] != "active" or b["date"] != day.isoformat():
            continue
        hour, minute = map(int, b["slot"]["start"].split(":"))
        when = at(hour, minute) - timedelta(minutes=20) + timedelta(seconds=7 * i)
        if when < at(12, 0):
            arrivals.append((when, code))
    return sorted(arrivals)


def test_morning_offline_then_every_event_arrives_once(db, sim, client, config, day, at):
    assert sync_day(db, client, day, at(6, 0)).ok
    sim.set_fault("down")
    arrivals = _arrivals(sim, day, at)
    assert len(arrivals) > 40
    accepted: dict[str, tuple] = {}
    for n, (when, code) in enumerate(arrivals):
        result = db.run(check_in, config, code, "GATE-1", when)
        assert result.decision is Decision.VALID, (code, result.message.en)
        accepted[result.event_id] = (code, tuple(t.number for t in result.tickets), when)
        if n % 7 == 0:  # the periodic uploader keeps trying and keeps failing
            report = upload_batch(db, client, when, tz=config.office.tz, batch_size=10)
            assert report.sent == 0 or (not report.ok and report.accepted == 0)
    summary = db.run(outbox_summary, at(12, 0))
    assert summary.pending == len(accepted) and summary.accepted == 0

    sim.set_fault("none")
    now = at(12, 10)  # past every backoff (cap: 5 minutes)
    total = upload_batch(db, client, now, tz=config.office.tz, batch_size=10, max_batches=100)
    assert total.ok and total.accepted == len(accepted) and total.rejected == 0
    assert upload_batch(db, client, now + timedelta(minutes=10), tz=config.office.tz).sent == 0

    seen = sim.checkins()
    assert seen["deliveries"] == {event_id: 1 for event_id in accepted}  # each arrived exactly once
    assert seen["conflicts"] == []  # and no id ever came with other content
    for item in seen["checkins"]:
        code, tickets, when = accepted[item["id"]]
        assert item["booking_code"] == code and tuple(item["tickets"]) == tickets and item["gate"] == "GATE-1"
        assert item["checked_in_at"] == when.astimezone(config.office.tz).isoformat()
    with db.sessions() as s:
        states = {e.id: e.upload_state for e in s.query(CheckinEvent).filter(CheckinEvent.upload_state.isnot(None))}
    assert states == {event_id: "accepted" for event_id in accepted}
