"""The booking server misbehaving, over real HTTP on 127.0.0.1: the simulator's fault modes (HTML from a proxy,
JSON cut short, 500/503/429/401/404, a hang, a dropped line, the server down, a bad field) and a small server of
our own for what it has no mode for (an endless cursor, wrong types, a body too deep to parse, a body that
drips). sync_day never raises, says what went wrong (error_kind), keeps the last good data, and takes the
changes once the server is well again."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from demo.booking_sim import SimServer
from demo.data import demo_bookings
from shared.booking.client import BookingClient, OutgoingCheckin
from shared.booking.errors import BookingServerError
from shared.db.engine import Database
from shared.db.models import Applicant, Booking, SyncState
from shared.services.sync import sync_day, sync_from_config

from .faults_http import WRONG_TYPES, FaultServer
from .harness import DAY

OFFICE, TOKEN, TZ_NAME = "KANIM-KETAPANG", "test-token", "Asia/Pontianak"
READ_TIMEOUT = 0.5
TRIED: Counter = Counter()

SIM_FAULTS = {  # the simulator's mode -> the error kind the office must report
    "html": "not_json", "truncated": "truncated_json", "500": "server_error", "503": "server_error",
    "timeout": "timeout", "drop": "connection_dropped", "401": "bad_token", "404": "unknown_office",
    "429": "rate_limited", "down": "connection_refused",
}


@pytest.fixture(scope="module")
def counts(tally):  # noqa: ANN001, ANN201
    tally.later("booking faults", lambda: (
        f"booking server faults: {TRIED['faults']} faults over HTTP ({TRIED['sim']} simulator modes, "
        f"{TRIED['own']} of our own server); {TRIED['syncs']} syncs, {TRIED['raised']} raised, "
        f"{TRIED['kept']} kept the last good data, {TRIED['recovered']} recovered; {TRIED['skipped']} wrong-typed "
        f"records skipped and named; a body nested too deep and a dripping body end as clear errors"))
    return TRIED


@pytest.fixture
def sim():
    server = SimServer(DAY, OFFICE, count=120, page_size=50, token=TOKEN, timezone=TZ_NAME, timeout_delay=3.0)
    server.start()
    yield server
    server.stop()


def _client(url: str, sleeps: list[float] | None = None) -> BookingClient:
    return BookingClient(url, TOKEN, OFFICE, connect_timeout=1.0, read_timeout=READ_TIMEOUT, max_attempts=3,
                         sleep=(sleeps.append if sleeps is not None else lambda _s: None))


def _snapshot(db: Database) -> dict:
    with db.sessions() as s:
        return {
            "bookings": s.scalar(select(func.count()).select_from(Booking)),
            "applicants": s.scalar(select(func.count()).select_from(Applicant)),
            "statuses": sorted(s.execute(select(Booking.code, Booking.status)).all()),
            "sync_state": sorted(s.execute(select(SyncState.key, SyncState.value)).all()),
        }


def _sync(db: Database, client: BookingClient, now: datetime, **kw):  # noqa: ANN003, ANN202
    TRIED["syncs"] += 1
    try:
        return sync_day(db, client, DAY, now, **kw)
    except BaseException:
        TRIED["raised"] += 1
        raise


@pytest.mark.parametrize("mode", sorted(SIM_FAULTS))
def test_a_simulator_fault_is_reported_and_the_last_good_data_kept(fresh_sqlite, sim, mode, counts):
    db = fresh_sqlite
    tz = sim.state.tz
    first = datetime.combine(DAY, datetime.min.time(), tzinfo=tz) + timedelta(hours=6)
    sleeps: list[float] = []
    with _client(sim.url, sleeps) as client:
        assert _sync(db, client, first).ok
        good = _snapshot(db)
        cancelled = sorted(sim.state.bookings)[3]
        sim.cancel(cancelled)  # the server changed meanwhile
        sim.set_fault(mode)
        counts["faults"] += 1
        counts["sim"] += 1
        started = time.perf_counter()
        report = _sync(db, client, first + timedelta(minutes=5))
        took = time.perf_counter() - started
        assert not report.ok and report.error_kind == SIM_FAULTS[mode], (report.error_kind, report.error)
        assert report.last_sync_at == first and report.lines()[0].startswith("GAGAL / FAILED")
        assert took < 3 * READ_TIMEOUT + 2.0, f"{mode}: the sync took {took:.1f} s"
        assert sum(sleeps) <= 30.0  # retries wait a bounded time (recorded, not slept)
        assert _snapshot(db) == good
        counts["kept"] += 1
        sim.set_fault("none")
        again = _sync(db, client, first + timedelta(minutes=10))
        assert again.ok, again.error
    with db.sessions() as s:
        assert s.scalar(select(Booking.status).where(Booking.code == cancelled)) == "cancelled"
    counts["recovered"] += 1


def test_a_bad_field_skips_that_booking_and_imports_the_rest(fresh_sqlite, sim, counts):
    sim.set_fault("bad_field")
    counts["faults"] += 1
    counts["sim"] += 1
    with _client(sim.url) as client:
        report = _sync(fresh_sqlite, client, datetime.now().astimezone(), full=True)
    assert report.ok and len(report.skipped) == 1 and report.inserted == len(sim.state.bookings) - 1
    assert "slot.start" in report.skipped[0].reason
    counts["skipped"] += 1
    counts["recovered"] += 1


def test_sync_from_config_with_a_proxy_page_reports_it(fresh_sqlite, sim, config, counts):
    server = dataclasses.replace(config.booking_server, url=sim.url, token=TOKEN, read_timeout_seconds=READ_TIMEOUT)
    cfg = dataclasses.replace(config, booking_server=server, office=dataclasses.replace(config.office, code=OFFICE))
    sim.set_fault("html")
    counts["faults"] += 1
    counts["sim"] += 1
    report = sync_from_config(fresh_sqlite, cfg, DAY)
    counts["syncs"] += 1
    assert not report.ok and report.error_kind == "not_json" and "Proxy Kantor" not in report.error.line()
    counts["kept"] += 1


OWN = {  # our server's mode -> the error kind (None: the sync succeeds)
    "endless": "wrong_shape", "same_cursor": "wrong_shape", "cursor_int": "wrong_shape",
    "bookings_dict": "wrong_shape", "wrong_types": None,
}


@pytest.mark.parametrize("mode", sorted(OWN))
def test_our_own_faults_are_bounded_and_reported(fresh_sqlite, mode, counts):
    good = demo_bookings(DAY, OFFICE, 20, seed=4, timezone=TZ_NAME)
    counts["faults"] += 1
    counts["own"] += 1
    with FaultServer(mode, good) as server, _client(server.url) as client:
        started = time.perf_counter()
        report = _sync(fresh_sqlite, client, datetime.now().astimezone(), full=True)
        took = time.perf_counter() - started
        requests = server.requests
    assert report.error_kind == OWN[mode], (report.error_kind, report.error)
    assert took < 20, f"{mode}: {took:.1f} s, {requests} requests"
    if mode in ("endless", "same_cursor"):
        assert requests == 1000 and "1000 pages" in report.error.line()  # client.MAX_PAGES, then a clear error
    if mode == "wrong_types":
        assert report.inserted == len(good) and len(report.skipped) == len(WRONG_TYPES)
        named = {p.booking_code for p in report.skipped}
        assert {"#1", "TYPE0001", "TYPE0009"} <= named, named
        counts["skipped"] += len(report.skipped)
    else:
        assert _snapshot(fresh_sqlite)["bookings"] == 0
        counts["kept"] += 1


def test_a_check_in_answer_of_wrong_types_is_a_wrong_shape_error(counts):
    counts["faults"] += 1
    counts["own"] += 1
    event = OutgoingCheckin("id-1", "ABCD1234", datetime.now().astimezone(), "GATE-1", ("A-001",))
    with FaultServer("checkin_types") as server, _client(server.url) as client:
        with pytest.raises(BookingServerError) as err:
            client.post_checkins([event])
    assert err.value.kind == "wrong_shape"


def _bounded_sync(db: Database, url: str, limit: float) -> tuple[object, float, bool]:
    """sync_day in a thread, waited for at most `limit` seconds: (report or exception, seconds, finished)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            with _client(url) as client:
                box["report"] = sync_day(db, client, DAY, datetime.now().astimezone(), full=True)
        except BaseException as exc:  # noqa: BLE001 - what escaped is the finding
            box["report"] = exc

    started = time.perf_counter()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    return box.get("report"), time.perf_counter() - started, not thread.is_alive()


def test_a_body_nested_too_deep_is_a_wrong_shape_error(fresh_sqlite, counts):
    counts["faults"] += 1
    counts["own"] += 1
    with FaultServer("deep") as server:
        report, _took, finished = _bounded_sync(fresh_sqlite, server.url, 20)
    assert finished and not isinstance(report, BaseException), repr(report)
    assert report.error_kind == "wrong_shape"  # type: ignore[union-attr]


def test_a_dripping_body_is_cut_off_by_a_deadline(fresh_sqlite, counts):
    counts["faults"] += 1
    counts["own"] += 1
    limit = 5 * READ_TIMEOUT
    with FaultServer("drip", drip_seconds=0.2) as server:
        report, took, finished = _bounded_sync(fresh_sqlite, server.url, limit)
    assert finished, f"sync_day still reading after {took:.1f} s (read timeout {READ_TIMEOUT} s)"
    assert getattr(report, "error_kind", None) == "timeout"

