"""Station names: two running stations never share one; a dead or released claim is free again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.services import stations
from shared.services.stations import (
    HEARTBEAT_SECONDS,
    StationTaken,
    beat,
    claim_station,
    list_stations,
    release,
)

T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def test_same_name_on_another_pc_is_refused_naming_it(db):
    db.run(claim_station, "GATE-1", "gate", "pc-gate", 100, T0)
    with pytest.raises(StationTaken) as refused:
        db.run(claim_station, "GATE-1", "gate", "pc-counter-3", 200, T0 + timedelta(seconds=5))
    assert "pc-gate" in refused.value.text.id and "pc-gate" in refused.value.text.en
    assert "station.name" in refused.value.text.en and refused.value.holder.pid == 100
    # any role: the name is the PC's
    with pytest.raises(StationTaken):
        db.run(claim_station, "GATE-1", "board", "pc-counter-3", 200, T0 + timedelta(seconds=5))
    assert [(s.name, s.host) for s in db.read(list_stations)] == [("GATE-1", "pc-gate")]


def test_one_pc_may_run_two_roles_under_its_name_but_not_one_role_twice(db):
    db.run(claim_station, "GATE-1", "gate", "pc-gate", 100, T0)
    db.run(claim_station, "GATE-1", "board", "pc-gate", 101, T0)  # the gate PC also drives the hall TV
    with pytest.raises(StationTaken):
        db.run(claim_station, "GATE-1", "gate", "pc-gate", 102, T0, HEARTBEAT_SECONDS, lambda pid: True)
    # the first gate process died (a crash): its claim is taken over at once on the same PC
    db.run(claim_station, "GATE-1", "gate", "pc-gate", 102, T0, HEARTBEAT_SECONDS, lambda pid: pid != 100)
    held = {(s.role, s.pid) for s in db.read(list_stations)}
    assert held == {("gate", 102), ("board", 101)}


def test_a_stale_or_released_claim_is_free_and_beat_keeps_it(db):
    claim = db.run(claim_station, "LOKET-PC-3", "counter", "pc-a", 1, T0)
    # heartbeats keep it live past 2 x interval
    later = T0 + timedelta(seconds=3 * HEARTBEAT_SECONDS)
    assert db.run(beat, claim, later)
    with pytest.raises(StationTaken):
        db.run(
            claim_station, "LOKET-PC-3", "counter", "pc-b", 2, later + timedelta(seconds=HEARTBEAT_SECONDS)
        )
    # no heartbeat for 2 x interval: another PC may take the name; the old holder's beat is then refused
    stale = later + timedelta(seconds=2 * HEARTBEAT_SECONDS + 1)
    taken = db.run(claim_station, "LOKET-PC-3", "counter", "pc-b", 2, stale)
    with pytest.raises(StationTaken):
        db.run(beat, claim, stale + timedelta(seconds=1))
    # a clean exit frees it at once
    db.run(release, taken)
    db.run(claim_station, "LOKET-PC-3", "counter", "pc-a", 3, stale + timedelta(seconds=2))


def test_claim_for_role_uses_the_station_name_and_this_process(sqlite_db, config, monkeypatch):
    monkeypatch.setenv("ANTRIAN_STATION_HOST", "pc-test")
    claim = stations.claim_for_role(sqlite_db, config, "gate")
    assert (claim.name, claim.role, claim.host) == (config.station.name, "gate", "pc-test")
    monkeypatch.setenv("ANTRIAN_STATION_HOST", "pc-other")
    with pytest.raises(StationTaken):
        stations.claim_for_role(sqlite_db, config, "gate")
