"""antrian-counter as the demo starts it, with officers registered: the pilot signs in through the real screen
(and again after an idle lock), every call carries the officer, and a second PC opening the same loket is refused
naming that officer and the PC."""

from __future__ import annotations

import socket
from datetime import datetime

from sqlalchemy import select

from shared.db.engine import Database
from shared.db.models import AuthEvent, CallEvent

from .conftest import COUNTER, register

SECONDS = 14
SLACK = 25


def _officers(url: str, config) -> Database:
    db = Database(url)
    register(db, config, datetime(2026, 11, 28, 7, 0, tzinfo=config.office.tz))
    return db


def test_the_pilot_signs_in_and_every_call_names_the_officer(seeded_url, config, role_env, start_role):
    db = _officers(seeded_url, config)
    env = role_env(seeded_url, SECONDS, ANTRIAN_IDLE_LOCK_MS="4000", ANTRIAN_STATION_NAME="LOKET-PC-1")
    role = start_role(["-m", "kiosk.counter_main", "--counter", "Loket 1"], env)
    role.wait_line(f"SIGNIN Loket 1 {COUNTER.name}", timeout=30)
    role.wait_line("CALL Loket 1", timeout=30)
    second = start_role(["-m", "kiosk.counter_main", "--counter", "Loket 1"],
                        role_env(seeded_url, 3, ANTRIAN_STATION_NAME="LOKET-PC-2"))
    assert second.wait(30) == 2
    refusal = f"Loket 1 sudah dibuka di PC {socket.gethostname()!r} oleh {COUNTER.name}"
    assert refusal in second.output() and "take it over" in second.output(), second.output()
    assert role.wait(SECONDS + SLACK) == 0, role.output()
    calls = db.run(lambda s: [(e.kind, e.officer_id) for e in s.scalars(select(CallEvent))])
    kinds = db.run(lambda s: [e.kind for e in s.scalars(select(AuthEvent).where(AuthEvent.nip == COUNTER.nip))])
    db.dispose()
    assert calls and all(officer_id is not None for _, officer_id in calls), calls
    assert "idle_lock" in kinds and kinds.count("sign_in") >= 2 and kinds[-1] == "sign_out", kinds
