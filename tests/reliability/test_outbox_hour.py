"""The outbox after the booking server is down for a simulated hour, on a SQLite file and on PostgreSQL.

Families check in all through the hour while every upload is refused; the services take `now`, so the hour
passes in seconds: each event is tried on its backoff (5 s, 10 s, ... capped at 5 minutes), never earlier. Then
the server is back; an uploader process posts a batch and is killed with SIGKILL before it records the answer
(the answer is lost), so that batch is sent again after its lease. In the end every accepted check-in is on the
server exactly once, under its idempotency key, with its booking code and tickets.
"""

from __future__ import annotations

import signal
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from demo.booking_sim import SimServer
from demo.data import demo_bookings
from shared.booking.client import BookingClient
from shared.db.models import CheckinEvent
from shared.services.checkin import check_in
from shared.services.outbox import BACKOFF_CAP, LEASE, backoff_delay, upload_batch
from shared.services.sync import sync_day

from .harness import DAY, WorkerLog

OFFICE, TOKEN, TZ_NAME = "KANIM-KETAPANG", "test-token", "Asia/Pontianak"
TICK = timedelta(seconds=30)
HOUR = timedelta(hours=1)


class RecordingClient(BookingClient):
    """Notes which events each upload tried, at the simulated time the test set."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.now: datetime | None = None
        self.tries: dict[str, list[datetime]] = defaultdict(list)

    def post_checkins(self, events):  # noqa: ANN001, ANN201
        for event in events:
            self.tries[event.id].append(self.now)
        return super().post_checkins(events)


@pytest.fixture
def sim():
    bookings = demo_bookings(DAY, OFFICE, 60, seed=9, timezone=TZ_NAME)
    for b in bookings:  # everyone in the 08:00 slot, active: every family checks in VALID during the hour
        b["slot"], b["status"], b["date"] = {"start": "08:00", "end": "09:00"}, "active", DAY.isoformat()
    server = SimServer(DAY, OFFICE, bookings=bookings, token=TOKEN, timezone=TZ_NAME)
    server.start()
    yield server
    server.stop()


def test_an_hour_down_then_every_check_in_delivered_once_by_its_key(db, config, sim, tmp_path, zygote, tally,
                                                                     record_property):
    tz = sim.state.tz
    start = datetime.combine(DAY, time(8, 0), tzinfo=tz)
    client = RecordingClient(sim.url, TOKEN, OFFICE, connect_timeout=1.0, read_timeout=2.0, max_attempts=2,
                             sleep=lambda _s: None)
    assert sync_day(db, client, DAY, start - timedelta(minutes=5), full=True).ok
    codes = sorted(sim.state.bookings)
    sim.set_fault("down")

    now, accepted_at_gate, failures, i = start, [], 0, 0
    while now < start + HOUR:  # the hour down: families keep coming, every upload is refused
        if i % 2 == 0 and codes:
            result = db.run(check_in, config, codes.pop(), "GATE-1", now)
            assert result.decision.value == "VALID", result.message.en
            accepted_at_gate.append(result.event_id)
        client.now = now
        report = upload_batch(db, client, now, tz=tz, batch_size=10)
        if report.sent:
            assert report.error_kind == "connection_refused", report.error
            failures += report.failed
        now, i = now + TICK, i + 1
    tries_while_down = sum(len(t) for t in client.tries.values())

    sim.set_fault("none")  # the server is back; the first uploader posts a batch and dies before the answer
    back = now
    log = WorkerLog(tmp_path / "uploader.log")
    pid = zygote.spawn(role="uploader", url=db.url, server=sim.url, token=TOKEN, office=OFFICE,
                       now=(back + BACKOFF_CAP).isoformat(), batch=10, tz=TZ_NAME, out=str(log.path))
    posted = log.wait_for("POSTED", 30)
    assert posted is not None, log.lines()
    zygote.kill(pid)
    assert zygote.wait(pid)["signal"] == signal.SIGKILL
    lost_answer = posted.split(" ")[2].split(",")
    killed_at = back + BACKOFF_CAP

    while now < back + BACKOFF_CAP + LEASE + 2 * TICK:  # the outbox drains on its own schedule
        client.now = now
        report = upload_batch(db, client, now, tz=tz, batch_size=10)
        assert report.ok, report.error
        now += TICK

    with db.sessions() as s:
        rows = {e.id: e for e in s.scalars(select(CheckinEvent).where(CheckinEvent.result == "VALID"))}
    server = sim.checkins()
    on_server = {c["id"]: c for c in server["checkins"]}
    early = []
    for event_id, times in client.tries.items():
        for k in range(1, len(times)):
            gap = times[k] - times[k - 1]
            if times[k - 1] < back and gap < backoff_delay(k):
                early.append((event_id, k, gap))
    resent = [e for e in lost_answer if len(client.tries[e]) and client.tries[e][-1] >= killed_at + LEASE]
    max_tries = max(len(t) for t in client.tries.values())
    line = tally.add(
        f"outbox after an hour down [{'sqlite' if db.is_sqlite else 'postgresql'}]: {len(accepted_at_gate)} "
        f"check-ins accepted at the gate, {tries_while_down} refused tries in the hour (at most {max_tries} per "
        f"event, {len(early)} before their backoff); a {len(lost_answer)}-event batch posted by an uploader killed "
        f"with SIGKILL, resent after the lease: {len(resent)}; delivered {len(on_server)} distinct ids, "
        f"{sum(server['deliveries'].values())} deliveries, {len(server['conflicts'])} conflicts; found "
        f"{len(set(rows) ^ set(on_server))} missing or extra, "
        f"{sum(1 for r in rows.values() if r.upload_state != 'accepted')} not accepted", record_property)
    assert set(rows) == set(accepted_at_gate) == set(on_server), line
    assert all(r.upload_state == "accepted" for r in rows.values()), line
    assert not server["conflicts"] and not early, line
    for event_id, row in rows.items():
        sent = on_server[event_id]
        assert sent["booking_code"] == row.code and sent["tickets"] == row.tickets.split(","), (sent, row.tickets)
    assert sorted(resent) == sorted(lost_answer), line  # the lost answer's batch went again, after the lease
    assert all(server["deliveries"][e] == 2 for e in lost_answer), line  # and the server took it as a repeat
    assert max_tries <= 1 + 6 + HOUR // BACKOFF_CAP, line  # 5 s, 10 s ... 160 s, then every 5 minutes
