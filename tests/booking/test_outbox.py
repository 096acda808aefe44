"""The check-in outbox over real HTTP: accepted, rejected (kept with the reason), backoff while down, and a
batch whose answer was lost sent again under the same ids without being counted twice."""

from __future__ import annotations

import uuid
from datetime import timedelta

from shared.db.models import CheckinEvent
from shared.services.outbox import (
    BACKOFF_CAP,
    backoff_delay,
    outbox_summary,
    pending_events,
    upload_batch,
)


def _add_events(db, codes: list[str], at, gate: str = "GATE-1") -> list[str]:
    """Rows as the gate's check-in service writes them for VALID decisions."""
    ids = []

    def add(session):
        for i, code in enumerate(codes):
            event_id = str(uuid.uuid4())
            session.add(CheckinEvent(
                id=event_id, code=code, result="VALID", gate=gate, at=at + timedelta(seconds=i), detail="",
                tickets=f"A-{i + 1:03d},B-{i + 1:03d}", upload_state="pending",
            ))
            ids.append(event_id)

    db.run(add)
    return ids


def _states(db) -> dict[str, tuple]:
    with db.sessions() as s:
        return {e.id: (e.upload_state, e.upload_attempts, e.upload_reason) for e in s.query(CheckinEvent)}


def test_accepted_events_are_marked_with_the_time(db, sim, client, at):
    codes = sorted(sim.state.bookings)[:5]
    ids = _add_events(db, codes, at(8, 0))
    report = upload_batch(db, client, at(8, 1), batch_size=2)
    assert report.ok and (report.sent, report.accepted, report.batches) == (5, 5, 3)
    with db.sessions() as s:
        rows = s.query(CheckinEvent).all()
        assert {r.upload_state for r in rows} == {"accepted"} and {r.uploaded_at for r in rows} == {at(8, 1)}
    arrived = {c["id"]: c for c in sim.checkins()["checkins"]}
    assert set(arrived) == set(ids)
    first = arrived[ids[0]]
    assert first["booking_code"] == codes[0] and first["tickets"] == ["A-001", "B-001"]
    assert first["checked_in_at"].endswith("+00:00")  # UTC unless the office zone is given


def test_rejected_events_are_kept_with_the_reason(db, sim, client, at):
    good = _add_events(db, [sorted(sim.state.bookings)[0]], at(8, 0))
    bad = _add_events(db, ["ZZZZZZZZ"], at(8, 5), gate="GATE-2")
    report = upload_batch(db, client, at(8, 10))
    assert (report.accepted, report.rejected) == (1, 1)
    assert _states(db)[bad[0]][0] == "rejected" and _states(db)[good[0]][0] == "accepted"
    summary = db.run(outbox_summary, at(8, 10))
    assert summary.pending == 0 and summary.accepted == 1
    assert [(r.id, r.code, r.gate) for r in summary.rejected] == [(bad[0], "ZZZZZZZZ", "GATE-2")]
    assert "unknown booking" in summary.rejected[0].reason
    assert any("ZZZZZZZZ" in line for line in summary.lines())
    assert upload_batch(db, client, at(9, 0)).sent == 0  # a rejected event is not sent again


def test_server_down_backs_off_and_loses_nothing(db, sim, client, at):
    ids = _add_events(db, sorted(sim.state.bookings)[:3], at(8, 0))
    sim.set_fault("down")
    report = upload_batch(db, client, at(8, 1))
    assert not report.ok and report.error_kind == "connection_refused" and report.failed == 3
    assert report.next_attempt_at == at(8, 1) + timedelta(seconds=5)
    assert all(s[:2] == ("pending", 1) for s in _states(db).values())
    summary = db.run(outbox_summary, at(8, 1))
    assert summary.pending == 3 and summary.due == 0 and summary.oldest_pending_at == at(8, 0)
    assert "refused" in summary.last_error
    sim.set_fault("none")
    assert upload_batch(db, client, at(8, 1, 4)).sent == 0  # not yet due: the backoff holds
    assert db.run(pending_events, 10, at(8, 1, 5)) != []
    done = upload_batch(db, client, at(8, 1, 5))
    assert done.ok and done.accepted == 3
    assert sim.checkins()["deliveries"] == {i: 1 for i in ids}


def test_a_lost_answer_is_resent_under_the_same_ids(db, sim, client, at):
    ids = _add_events(db, sorted(sim.state.bookings)[:2], at(8, 0))
    # The server took the batch, but its answer never reached the gate: the rows are still pending.
    client.post_checkins(_outgoing(db, at(8, 1)))
    assert all(s[0] == "pending" for s in _states(db).values())
    report = upload_batch(db, client, at(8, 2))
    assert report.accepted == 2
    seen = sim.checkins()
    assert sorted(c["id"] for c in seen["checkins"]) == sorted(ids)  # recorded once each
    assert seen["deliveries"] == {i: 2 for i in ids} and seen["conflicts"] == []


def _outgoing(db, now):
    from shared.services.outbox import claim_batch

    batch = db.run(claim_batch, now)

    def release(session):  # the lease of the lost attempt runs out
        for row in session.query(CheckinEvent):
            row.next_attempt_at = None

    db.run(release)
    return batch


def test_backoff_doubles_up_to_five_minutes():
    assert [backoff_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert backoff_delay(30) == BACKOFF_CAP == timedelta(minutes=5)
