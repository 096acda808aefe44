"""Check-in workers to be killed with SIGKILL, forked from a zygote that has imported everything once.

    python tests/reliability/kill_worker.py      # the zygote: reads one JSON command per line on stdin

Commands (one JSON object per line, one JSON answer per line on stdout):
  {"spawn": {...worker args...}}  -> {"pid": N}        fork a worker (its own Database, its own connections);
                                                       "role": "uploader" forks an outbox uploader instead
  {"wait": N}                     -> {"pid": N, "signal": S, "code": C}   reap a worker (blocks until it ends)
  {"quit": true}                  -> the zygote ends (its workers were waited for or killed by the caller)

Starting Python and importing SQLAlchemy takes about a second on a busy two-core machine; a fork of the zygote
takes milliseconds, so a test can kill dozens of real processes in a few seconds. The zygote forks before any
database connection exists; each worker makes its own engine after the fork.

A worker checks in the codes it is given round and round (the same families as its race partner, which takes
them in the opposite order: they collide in the middle) and writes one line per acknowledged transaction to its own file, with os.write on an O_APPEND fd (a line
is written whole or not at all, whenever the kill lands):
  READY <pid>
  OK <code> <decision> <numbers,...> <event_id>     after db.run(check_in) returned: the commit is acknowledged
  WALKIN <number>                                   after db.run(issue_walk_in) returned
  PAUSED <point> <code>                             it sleeps at that point until it is killed
  COMMITTING <code> <event_id> <delay>              (mode in_commit) the DBAPI commit is about to run
  DONE                                              its time was up (not killed)

Fault points (`mode`):
  random         no pause: the test kills it at a random moment
  mid_family     paused after the first ticket of a family of two or more was flushed (a partial family exists
                 only inside the open transaction)
  before_commit  paused in Session.before_commit: every row of the check-in flushed, COMMIT not yet sent
  after_commit   paused in Session.after_commit: the check-in is committed but not yet acknowledged
  in_commit      a thread of the worker SIGKILLs its own process a random 0-4 ms after the DBAPI commit starts:
                 the GIL is released inside sqlite3's / psycopg's commit, so the kill lands inside the C commit
                 (WAL write and fsync on SQLite, waiting for the server's answer on PostgreSQL) or just after it
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

if __name__ == "__main__":  # the zygote is started as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from datetime import date, datetime
from datetime import time as clock_time

from sqlalchemy import event, text
from sqlalchemy.orm import configure_mappers

from shared.booking.client import BookingClient
from shared.config import load_config
from shared.db.engine import Database
from shared.db.models import CheckinEvent, Ticket
from shared.services.checkin import check_in
from shared.services.outbox import upload_batch
from shared.services.tickets import issue_walk_in

PAUSE_POINTS = ("mid_family", "before_commit", "after_commit")
MODES = ("random", *PAUSE_POINTS, "in_commit")
ENV = {"ANTRIAN_STATION_NAME": "RELIABILITY-1"}  # the office template names no station
IN_COMMIT_DELAYS = (0.0, 0.0001, 0.0003, 0.0006, 0.001, 0.002, 0.004)


class _Out:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def line(self, text: str) -> None:
        os.write(self.fd, (text + "\n").encode())


def work(args: dict) -> None:
    """One worker: check in `codes` round and round until killed (or `max_seconds` passed)."""
    out = _Out(args["out"])
    config = load_config(args["config"], environ=ENV)
    url = args["url"]
    db = Database(url) if url.startswith("sqlite") else Database(url, pool_size=1, max_overflow=0)
    rng = random.Random(args["seed"])
    mode = args.get("mode", "random")
    pause_after = int(args.get("pause_after", 0))
    sizes: dict[str, int] = args.get("sizes", {})
    day = date.fromisoformat(args["day"])
    now = datetime.combine(day, clock_time(8, 30), tzinfo=config.office.tz)
    state = {"n": 0, "code": ""}
    _install_fault(db, mode, pause_after, sizes, state, out, rng)
    db.read(lambda session: session.execute(text("SELECT 1")))  # connected before it says so
    out.line(f"READY {os.getpid()}")
    if args.get("start_at"):
        time.sleep(max(0.0, float(args["start_at"]) - time.time()))  # the racers start together
    codes: list[str] = args["codes"]
    walk_in_every = int(args.get("walk_in_every", 0))
    pace = float(args.get("pace", 0.0))
    deadline = time.monotonic() + float(args.get("max_seconds", 30))
    i = 0
    rounds = 1 if args.get("once") else None
    while time.monotonic() < deadline and codes and (rounds is None or i < len(codes)):
        code = codes[i % len(codes)]
        i += 1
        state["n"], state["code"] = i, code
        result = db.run(check_in, config, code, args["gate"], now)
        numbers = ",".join(t.number for t in result.tickets) or "-"
        out.line(f"OK {code} {result.decision.value} {numbers} {result.event_id}")
        if walk_in_every and i % walk_in_every == 0:
            view = db.run(issue_walk_in, config, "pickup", now)
            out.line(f"WALKIN {view.number}")
        if pace:
            time.sleep(rng.uniform(0, pace))  # a gate between two scans; a tight loop starves the other process
    out.line("DONE")
    db.dispose()


def upload(args: dict) -> None:
    """An uploader that dies after the server got its batch and before it recorded the answer: it posts one
    batch of the outbox for real, writes POSTED, and sleeps until it is killed (the answer is lost)."""
    out = _Out(args["out"])
    url = args["url"]
    db = Database(url) if url.startswith("sqlite") else Database(url, pool_size=1, max_overflow=0)

    class DiesAfterPosting(BookingClient):
        def post_checkins(self, events):  # noqa: ANN001, ANN202
            result = super().post_checkins(events)
            out.line(f"POSTED {len(events)} {','.join(e.id for e in events)}")
            time.sleep(3600)
            return result

    client = DiesAfterPosting(args["server"], args["token"], args["office"], connect_timeout=1.0, read_timeout=2.0)
    out.line(f"READY {os.getpid()}")
    upload_batch(db, client, datetime.fromisoformat(args["now"]), batch_size=int(args["batch"]),
                 tz=ZoneInfo(args["tz"]))  # as upload_from_config does: the same content when sent again
    out.line("DONE")


def _install_fault(db: Database, mode: str, pause_after: int, sizes: dict[str, int], state: dict, out: _Out,
                   rng: random.Random) -> None:
    if mode == "random":
        return

    def armed(session) -> bool:  # noqa: ANN001
        return state["n"] > pause_after and session.info.get("tickets", 0) > 0

    def pause(point: str) -> None:
        out.line(f"PAUSED {point} {state['code']}")
        time.sleep(3600)

    @event.listens_for(db.sessions, "after_flush")
    def _count(session, _ctx) -> None:  # noqa: ANN001
        flushed = sum(1 for obj in session.new if isinstance(obj, Ticket))
        session.info["tickets"] = session.info.get("tickets", 0) + flushed
        for obj in session.new:
            if isinstance(obj, CheckinEvent):
                session.info["event"] = obj.id
        if (mode == "mid_family" and flushed and session.info["tickets"] == 1 and armed(session)
                and sizes.get(state["code"], 1) >= 2):
            pause("mid_family")

    @event.listens_for(db.sessions, "after_begin")
    def _reset(session, _tx, _conn) -> None:  # noqa: ANN001
        session.info["tickets"], session.info["event"] = 0, None

    if mode == "before_commit":
        @event.listens_for(db.sessions, "before_commit")
        def _before(session) -> None:  # noqa: ANN001
            if armed(session):
                pause("before_commit")

    if mode == "after_commit":
        @event.listens_for(db.sessions, "after_commit")
        def _after(session) -> None:  # noqa: ANN001
            if armed(session):
                pause("after_commit")

    if mode == "in_commit":
        flag: dict = {"event": None}

        @event.listens_for(db.sessions, "before_commit")
        def _mark(session) -> None:  # noqa: ANN001
            flag["event"] = session.info.get("event") if armed(session) else None

        @event.listens_for(db.engine, "commit")
        def _commit(_conn) -> None:  # noqa: ANN001
            if flag["event"] is None:
                return
            delay = rng.choice(IN_COMMIT_DELAYS)
            out.line(f"COMMITTING {state['code']} {flag['event']} {delay}")
            threading.Thread(target=_kill_self_after, args=(delay,), daemon=True).start()


def _kill_self_after(delay: float) -> None:
    time.sleep(delay)  # releases the GIL: the main thread goes on into the commit meanwhile
    os.kill(os.getpid(), signal.SIGKILL)


# ---- the zygote


def zygote() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    configure_mappers()  # once, here, instead of in every worker
    for raw in sys.stdin:
        command = json.loads(raw)
        if "spawn" in command:
            pid = os.fork()
            if pid == 0:  # the worker
                code = 0
                try:
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    sys.stdin.close()
                    (upload if command["spawn"].get("role") == "uploader" else work)(command["spawn"])
                except BaseException as exc:  # noqa: BLE001 - reported in its file, then it ends
                    _Out(command["spawn"]["out"]).line(f"ERROR {type(exc).__name__}: {exc}".replace("\n", " "))
                    code = 1
                finally:
                    os._exit(code)
            answer: dict = {"pid": pid}
        elif "wait" in command:
            _, status = os.waitpid(int(command["wait"]), 0)
            answer = {"pid": command["wait"], "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
                      "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}
        else:
            break
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    zygote()
