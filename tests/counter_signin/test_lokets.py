"""One loket, one PC (SQLite and PostgreSQL): a second PC is refused with the officer and the PC holding the
loket; a supervisor may take it over; the holder's heartbeat then learns it lost it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from shared.db.models import AuthEvent, Station
from shared.services import lokets, staff
from shared.services.lokets import LoketTaken
from shared.services.signed_in import set_station_officer
from shared.services.staff import Action, StaffError
from shared.services.stations import HEARTBEAT_SECONDS

from .conftest import COUNTER, SUPERVISOR, register


@pytest.fixture
def office(db, config, clock):
    ids = register(db, config, clock())
    return db, ids


def _authority(db, config, now, officer=SUPERVISOR, action=Action.TAKE_OVER, subject="Loket 1"):
    return staff.authorise(db, config, officer.nip, officer.pin, action, "PC 1 hangs", "LOKET-PC-2", now,
                           subject=subject)


def test_a_second_pc_is_refused_with_the_officer_and_the_pc(office, clock):
    db, ids = office
    now = clock()
    claim = db.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, now)
    db.run(set_station_officer, claim, ids[COUNTER.nip])  # the officer signs in there
    with pytest.raises(LoketTaken) as refused:
        db.run(lokets.open_loket, "Loket 1", "loket-pc-2", 2222, now + timedelta(seconds=5))
    text = refused.value.text
    assert f"oleh {COUNTER.name}" in text.id and "'loket-pc-1'" in text.id and f"by {COUNTER.name}" in text.en
    assert refused.value.holder.host == "loket-pc-1" and refused.value.holder.officer_name == COUNTER.name
    other = db.run(lokets.open_loket, "Loket 2", "loket-pc-2", 2222, now)  # another loket is free
    assert other.name == "Loket 2"


def test_a_pc_named_like_the_loket_does_not_block_it(office, clock):
    """Only loket rows count: a station (PC) called "Loket 1" running the counter is another row."""
    db, _ids = office
    now = clock()
    db.run(lambda s: s.add(Station(name="Loket 1", role="counter", host="pc-x", pid=1, started_at=now,
                                   heartbeat_at=now)))
    assert db.run(lokets.open_loket, "Loket 1", "pc-y", 2, now).host == "pc-y"


def test_free_again_after_a_clean_exit_or_a_dead_heartbeat(office, clock):
    db, _ids = office
    now = clock()
    first = db.run(lokets.open_loket, "Loket 1", "pc-1", 1, now)
    db.run(lokets.release_loket, first)
    second = db.run(lokets.open_loket, "Loket 1", "pc-2", 2, now)
    assert db.run(lokets.loket_holder, "Loket 1", now).host == "pc-2"
    later = now + timedelta(seconds=2 * HEARTBEAT_SECONDS + 1)  # pc-2 died without a word
    assert db.run(lokets.loket_holder, "Loket 1", later) is None
    assert db.run(lokets.open_loket, "Loket 1", "pc-3", 3, later).host == "pc-3"
    with pytest.raises(LoketTaken):  # and pc-2, back from the dead, finds it held
        db.run(lokets.beat_loket, second, later)


def test_a_crashed_window_on_the_same_pc_is_taken_over_at_once(office, clock):
    db, _ids = office
    now = clock()
    db.run(lokets.open_loket, "Loket 1", "pc-1", 1, now)
    with pytest.raises(LoketTaken):  # the first window still runs
        db.run(lokets.open_loket, "Loket 1", "pc-1", 2, now, lambda pid: True)
    assert db.run(lokets.open_loket, "Loket 1", "pc-1", 2, now, lambda pid: False).pid == 2


def test_take_over_with_a_supervisor_and_the_old_pc_learns_it(office, config, clock):
    db, ids = office
    now = clock()
    hung = db.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, now)
    authority = _authority(db, config, now)
    mine = db.run(lokets.take_over_loket, config, "Loket 1", "loket-pc-2", 2222, now, authority=authority,
                  station="LOKET-PC-2")
    assert mine.host == "loket-pc-2" and db.run(lokets.loket_holder, "Loket 1", now).host == "loket-pc-2"
    row = db.run(lambda s: s.scalars(select(AuthEvent).where(AuthEvent.kind == "take_over")).one())
    assert db.run(lambda s: (s.get(AuthEvent, row.id).supervisor_id, s.get(AuthEvent, row.id).detail)) == (
        ids[SUPERVISOR.nip], "Loket 1 from loket-pc-1 pid 1111 to loket-pc-2 pid 2222")
    with pytest.raises(LoketTaken) as lost:  # the hung PC comes back: its heartbeat is refused
        db.run(lokets.beat_loket, hung, now + timedelta(seconds=30))
    assert "'loket-pc-2'" in lost.value.text.id
    assert db.run(lokets.beat_loket, mine, now + timedelta(seconds=30))


def test_take_over_is_refused_without_a_supervisor_or_with_another_action(office, config, clock):
    db, _ids = office
    now = clock()
    db.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, now)
    with pytest.raises(StaffError, match="supervisor"):
        db.run(lokets.take_over_loket, config, "Loket 1", "pc-2", 2, now, authority=None)
    wrong = _authority(db, config, now, action=Action.VOID)
    with pytest.raises(StaffError, match="not valid|tidak berlaku"):
        db.run(lokets.take_over_loket, config, "Loket 1", "pc-2", 2, now, authority=wrong)
    with pytest.raises(staff.SignInRefused, match="not a supervisor"):
        _authority(db, config, now, officer=COUNTER)
    other_loket = _authority(db, config, now, subject="Loket 2")
    with pytest.raises(StaffError, match="for LOKET 2, not LOKET 1"):
        db.run(lokets.take_over_loket, config, "Loket 1", "pc-2", 2, now, authority=other_loket)
    assert db.run(lokets.loket_holder, "Loket 1", now).host == "loket-pc-1"


def test_the_pc_that_lost_the_loket_never_takes_it_back_with_a_heartbeat(office, config, clock):
    """After a take-over the old PC's beat is refused even when the new holder went quiet or left cleanly:
    only opening the loket again (a person at that PC) brings it back."""
    db, _ids = office
    now = clock()
    hung = db.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, now)
    taker = db.run(lokets.take_over_loket, config, "Loket 1", "loket-pc-2", 2222, now,
                   authority=_authority(db, config, now), station="LOKET-PC-2")
    quiet = now + timedelta(seconds=3 * HEARTBEAT_SECONDS)  # the new holder's heartbeat is stale now
    with pytest.raises(LoketTaken):
        db.run(lokets.beat_loket, hung, quiet)
    db.run(lokets.release_loket, taker)  # and it closes cleanly
    with pytest.raises(LoketTaken):
        db.run(lokets.beat_loket, hung, quiet + timedelta(seconds=1))
    assert db.run(lokets.loket_holder, "Loket 1", quiet) is None  # nobody holds it: the heartbeat did not
    assert db.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, quiet).host == "loket-pc-1"


def test_a_restarted_window_gets_its_crashed_loket_back_and_the_dead_one_cannot(office, clock):
    db, _ids = office
    now = clock()
    crashed = db.run(lokets.open_loket, "Loket 1", "pc-1", 1, now)
    later = now + timedelta(seconds=5)  # restarted at once: the old heartbeat still looks alive
    restarted = db.run(lokets.open_loket, "Loket 1", "pc-1", 2, later, lambda pid: pid == 2)
    assert restarted.pid == 2
    assert db.run(lokets.beat_loket, restarted, later + timedelta(seconds=HEARTBEAT_SECONDS))
    with pytest.raises(LoketTaken):
        db.run(lokets.beat_loket, crashed, later + timedelta(seconds=HEARTBEAT_SECONDS))


def test_a_heartbeat_after_a_long_outage_keeps_the_loket_nobody_took(office, clock):
    db, _ids = office
    now = clock()
    mine = db.run(lokets.open_loket, "Loket 1", "pc-1", 1, now)
    back = now + timedelta(minutes=10)  # the network was away: the row went stale, still ours
    assert db.run(lokets.loket_holder, "Loket 1", back) is None
    assert db.run(lokets.beat_loket, mine, back)
    assert db.run(lokets.loket_holder, "Loket 1", back).host == "pc-1"


def test_two_windows_opening_at_the_same_moment_get_one_loket(office, clock):
    """Concurrent openings (threads, one connection each): exactly one wins."""
    from concurrent.futures import ThreadPoolExecutor

    db, _ids = office
    now: datetime = clock()

    def attempt(pid: int) -> str:
        try:
            return db.run(lokets.open_loket, "Loket 3", f"pc-{pid}", pid, now).host
        except LoketTaken:
            return "refused"

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(attempt, range(1, 5)))
    assert results.count("refused") == 3, results
