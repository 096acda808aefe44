"""today_view's figures on the scripted day (conftest.py), worked out by hand."""

from __future__ import annotations

import time as timer

from shared.palette import Level
from shared.services import counter_ops as ops
from shared.services.supervisor_view import IDLE, PAUSED, SERVING, today_view

from .conftest import at


def test_today_figures(day_db, config):
    view = day_db.read(today_view, config, at(config, "09:00"))
    assert view.day.isoformat() == "2026-11-28"
    hours = {h.hour: h for h in view.hours}
    assert (hours[8].booked, hours[8].arrived, hours[8].served) == (0, 4, 2)
    assert hours[9].arrived == 0 and 16 in hours

    services = {s.prefix: s for s in view.services}
    c, i, a = services["C"], services["I"], services["A"]
    assert (c.waiting, c.longest_wait_min, c.target_min, c.called) == (1, 40.0, 15, 2)
    assert c.service_level_pct == 33.3  # C-001 within; C-002 late; C-003 still waiting, past the target
    assert (i.waiting, i.longest_wait_min, i.service_level_pct) == (0, None, 0.0)
    assert (a.waiting, a.longest_wait_min, a.service_level_pct) == (0, None, None)
    assert c.over_target and not i.over_target

    lokets = {lk.name: lk for lk in view.lokets}
    assert [lk.name for lk in view.lokets] == ["Loket 1", "Loket 2", "Loket 3", "Loket 4"]
    l3 = lokets["Loket 3"]
    assert (l3.state, l3.serving, l3.since, l3.served, l3.median_service_s) == (
        SERVING, "I-001", at(config, "08:50"), 2, 420.0)
    assert l3.officer == "—"
    assert (lokets["Loket 2"].state, lokets["Loket 2"].since) == (PAUSED, at(config, "08:05"))
    assert (lokets["Loket 1"].state, lokets["Loket 1"].since, lokets["Loket 1"].served) == (IDLE, None, 0)

    stations = {w.name: w for w in view.workstations}
    assert stations["GATE-1"].alive and not stations["BOARD-1"].alive
    assert stations["GATE-1"].heartbeat_at == at(config, "08:59:30")
    assert "unprinted 4" in stations["GATE-1"].detail.en  # walk-ins with no print job
    assert view.unprinted == 4 and view.last_sync_at is None

    assert [(a.key, a.level) for a in view.alerts] == [("wait:C", Level.ERROR), ("paused:Loket 2", Level.BUSY)]
    assert "40" in view.alerts[0].text.id and "target" in view.alerts[0].text.en


def test_idle_loket_alert_only_while_someone_waits(day_db, config):
    day_db.run(ops.done, config, "Loket 3", at(config, "08:52"))
    view = day_db.read(today_view, config, at(config, "09:15"))
    l3 = next(lk for lk in view.lokets if lk.name == "Loket 3")
    assert (l3.state, l3.since, l3.served) == (IDLE, at(config, "08:52"), 3)
    assert "idle:Loket 3" in [a.key for a in view.alerts]
    day_db.run(ops.call_next, config, "Loket 3", at(config, "09:16"))
    day_db.run(ops.done, config, "Loket 3", at(config, "09:17"))
    later = day_db.read(today_view, config, at(config, "09:45"))  # idle 28 min, nobody waiting
    assert "idle:Loket 3" not in [a.key for a in later.alerts]
    assert "wait:C" not in [a.key for a in later.alerts]


def test_bench_a_day_of_400_tickets(sqlite_db, config, capsys):
    """Not an assertion on time: prints the read time of a day of 400 tickets (issue 13: <= 100 ms)."""
    from datetime import timedelta

    from shared.services.tickets import issue_walk_in

    sqlite_db.run(ops.ensure_counters, config)
    start = at(config, "08:00")

    def fill(session):
        for n in range(400):
            now = start + timedelta(seconds=60 * n)
            issue_walk_in(session, config, "pickup" if n % 3 else "info", now)
            if n % 2 == 0:
                ops.call_next(session, config, "Loket 3", now + timedelta(seconds=30))
                ops.done(session, config, "Loket 3", now + timedelta(seconds=50))

    sqlite_db.run(fill)
    now = start + timedelta(hours=7)
    sqlite_db.read(today_view, config, now)  # warm
    runs = []
    for _ in range(5):
        t0 = timer.perf_counter()
        view = sqlite_db.read(today_view, config, now)
        runs.append((timer.perf_counter() - t0) * 1000)
    assert sum(h.arrived for h in view.hours) == 400
    with capsys.disabled():
        print(f"\ntoday_view, 400 tickets: best {min(runs):.1f} ms, median {sorted(runs)[2]:.1f} ms")


def test_a_loket_shows_the_officer_signed_in_at_the_pc_that_has_it_open(day_db, config):
    from shared.services import lokets, staff
    from shared.services.signed_in import set_station_officer

    officer = day_db.run(staff.add_officer, config, "198703152010121002", "Dewi Lestari", ["counter"], "246810",
                         at(config, "07:00"))
    claim = day_db.run(lokets.open_loket, "Loket 3", "loket-pc-3", 4242, at(config, "08:59:40"))
    day_db.run(set_station_officer, claim, officer.id)
    lokets_now = {lk.name: lk for lk in day_db.read(today_view, config, at(config, "09:00")).lokets}
    assert lokets_now["Loket 3"].officer == "Dewi Lestari" and lokets_now["Loket 1"].officer == "—"
    # the PC went quiet (no heartbeat for minutes): nobody is shown at that loket any more
    later = {lk.name: lk for lk in day_db.read(today_view, config, at(config, "09:10")).lokets}
    assert later["Loket 3"].officer == "—"


def test_a_gate_says_its_camera_and_printer_with_its_heartbeat(day_db, config):
    from shared.services import stations
    from shared.text import Text

    claim = day_db.run(stations.claim_station, "GATE-2", "gate", "gate-pc-2", 4343, at(config, "08:59:40"))
    health = stations.health_json({"camera": (Level.OK, Text("Kamera aktif", "Camera on")),
                                   "printer": (Level.ERROR, Text("Kertas habis", "Out of paper"))})
    day_db.run(stations.beat, claim, at(config, "08:59:50"), stations.HEARTBEAT_SECONDS, health)
    gate = {w.name: w for w in day_db.read(today_view, config, at(config, "09:00")).workstations}["GATE-2"]
    assert gate.alive and gate.level == Level.ERROR
    assert "Camera on" in gate.detail.en and "Out of paper" in gate.detail.en and "Kertas habis" in gate.detail.id
    quiet = {w.name: w for w in day_db.read(today_view, config, at(config, "09:10")).workstations}["GATE-2"]
    assert not quiet.alive and "Out of paper" not in quiet.detail.en  # an old word is not shown as today's
