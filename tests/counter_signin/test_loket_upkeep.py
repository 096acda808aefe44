"""The PC that lost its loket to a supervisor's take-over stops holding it: its next heartbeat is refused, the
upkeep drops the claim (no more heartbeats, nothing released at exit) and the counter window says so."""

from __future__ import annotations

from datetime import UTC

from shared import clock as office_clock
from shared.qt.tasks import TaskRunner
from shared.qt.upkeep import RoleUpkeep
from shared.services import lokets, staff
from shared.services.lokets import LoketTaken
from shared.services.staff import Action

from .conftest import SUPERVISOR, register


def _take_over(db, config, counter: str, host: str, pid: int):
    now = office_clock.now(UTC)  # the upkeep beats on the real office clock
    authority = staff.authorise(db, config, SUPERVISOR.nip, SUPERVISOR.pin, Action.TAKE_OVER, "PC 1 hangs",
                                "LOKET-PC-2", now, subject=counter)
    return db.run(lokets.take_over_loket, config, counter, host, pid, now, authority=authority)


def test_the_old_pc_drops_its_claim_after_a_take_over(qtbot, db, config, clock):
    register(db, config, clock())
    mine = db.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, office_clock.now(UTC))
    runner = TaskRunner(db)
    upkeep = RoleUpkeep(db, runner, None)
    lost: list[BaseException] = []
    try:
        upkeep.hold(mine, lokets.beat_loket, lokets.release_loket, on_lost=lost.append, lost_types=(LoketTaken,))
        upkeep.beat_now()  # still ours
        qtbot.wait(300)
        assert lost == [] and upkeep.held_claims == [mine] and upkeep.beating
        _take_over(db, config, "Loket 1", "loket-pc-2", 2222)
        upkeep.beat_now()
        qtbot.waitUntil(lambda: lost != [], timeout=5000)
        assert isinstance(lost[0], LoketTaken) and "'loket-pc-2'" in lost[0].text.id
        assert upkeep.held_claims == [] and not upkeep.beating  # no heartbeat for a loket that is not ours
        upkeep.beat_now()
        qtbot.wait(300)
        assert len(lost) == 1
        upkeep.release()  # a clean exit releases nothing of the new holder's
        holder = db.run(lokets.loket_holder, "Loket 1", office_clock.now(UTC))
        assert holder is not None and holder.host == "loket-pc-2"
    finally:
        runner.shutdown(wait=True)


def test_the_counter_window_says_its_loket_was_taken(qtbot, staffed, make_frame, config):
    from kiosk.counter.actions import enabled_actions
    from kiosk.counter.messages import LOKET_LOST

    frame = make_frame(staffed)
    window = frame.content
    mine = staffed.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, office_clock.now(UTC))
    upkeep = RoleUpkeep(staffed, window.runner, None)
    upkeep.hold(mine, lokets.beat_loket, lokets.release_loket, on_lost=window.loket_lost, lost_types=(LoketTaken,))
    _take_over(staffed, config, "Loket 1", "loket-pc-2", 2222)
    upkeep.beat_now()
    qtbot.waitUntil(lambda: window.state.lost, timeout=5000)
    assert window.message.text() == LOKET_LOST.line() and enabled_actions(window.state) == frozenset()
    assert upkeep.held_claims == []
    upkeep.release()


def test_a_passing_failure_keeps_the_claim(qtbot, db, config, clock):
    """A beat that fails for another reason (the database away) is tried again: the claim stays held."""
    register(db, config, clock())
    mine = db.run(lokets.open_loket, "Loket 1", "loket-pc-1", 1111, office_clock.now(UTC))
    failures: list[int] = []

    def unreachable(session, claim, now):
        failures.append(1)
        raise ConnectionError("database away")

    runner = TaskRunner(db)
    upkeep = RoleUpkeep(db, runner, None)
    lost: list[BaseException] = []
    try:
        upkeep.hold(mine, unreachable, lokets.release_loket, on_lost=lost.append, lost_types=(LoketTaken,))
        upkeep.beat_now()
        qtbot.waitUntil(lambda: failures == [1], timeout=5000)
        qtbot.wait(100)
        assert lost == [] and upkeep.held_claims == [mine] and upkeep.beating
        upkeep.release()
        assert db.run(lokets.loket_holder, "Loket 1", office_clock.now(UTC)) is None  # released at the exit
    finally:
        runner.shutdown(wait=True)
