"""LoopbackPrinter: a port-9100 receipt printer on 127.0.0.1 for tests, benches and the demo.

It keeps every job's bytes, reads the stream the way a printer does (so a DLE EOT inside image or QR data is data,
not a question) and answers real-time status queries with Epson's bit patterns. It can be put in the states an
office printer gets into: paper near end, paper out, cover open, an internal error, offline (no answer at all)
and slow; and it can run out of paper in the middle of a ticket.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

from .escpos_decode import Decoded, EscposParser, decode

# Answers to DLE EOT 1 (printer), 2 (offline cause), 3 (error cause), 4 (roll paper sensor).
STATES: dict[str, dict[int, int]] = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},  # bits 2+3: roll near end, still printing
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},  # offline, stopped by paper end, near end + end
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},  # offline, cover open
    "error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},  # offline, error (auto-cutter)
    "offline": {},  # no answer: switched off behind a still-open network adapter, or hung
}


@dataclass
class Job:
    """One connection's bytes, and when they arrived (time.perf_counter clock)."""

    data: bytearray = field(default_factory=bytearray)
    opened_at: float = 0.0
    last_byte_at: float = 0.0
    cut_at: float = 0.0  # when the ticket's cut command was read: its last printed byte
    answered_at: list[float] = field(default_factory=list)
    closed: bool = False

    def decoded(self) -> Decoded:
        return decode(bytes(self.data))


class LoopbackPrinter:
    def __init__(self, state: str = "ok") -> None:
        self.state = state
        self.slow_seconds = 0.0  # delay before each status answer
        self.fail_during_job: str | None = None  # a state entered when the next cut arrives
        self.jobs: list[Job] = []
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, name="loopback-printer", daemon=True)

    @property
    def url(self) -> str:
        return f"network://127.0.0.1:{self.port}"

    def start(self) -> LoopbackPrinter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self._server.close()

    def __enter__(self) -> LoopbackPrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_state(self, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"state {state!r}; allowed: {', '.join(STATES)}")
        self.state = state

    def ticket_jobs(self) -> list[Job]:
        """Jobs that carried more than status questions."""
        with self._lock:
            jobs = list(self.jobs)
        return [job for job in jobs if (d := job.decoded()).lines or d.cuts]

    def last_job(self) -> Job:
        return self.ticket_jobs()[-1]

    def wait_closed(self, count: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if sum(job.closed for job in self.jobs) >= count:
                    return
            time.sleep(0.005)
        raise TimeoutError(f"loopback printer: fewer than {count} jobs finished")

    # ---- the printer side

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            job = Job(opened_at=time.perf_counter())
            with self._lock:
                self.jobs.append(job)
            threading.Thread(target=self._serve, args=(conn, job), daemon=True).start()

    def _serve(self, conn: socket.socket, job: Job) -> None:
        parser = EscposParser()
        conn.settimeout(0.2)
        with conn:
            while not self._stopping.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk or not self._receive(conn, job, parser, chunk):
                    break
        job.closed = True

    def _receive(self, conn: socket.socket, job: Job, parser: EscposParser, chunk: bytes) -> bool:
        """Bytes from the client: kept, and the commands in them obeyed. False hangs up (a test printer's fault)."""
        job.data += chunk
        job.last_byte_at = time.perf_counter()
        for command in parser.feed(chunk):
            self._obey(conn, job, command.kind, command.value)
        return True

    def _obey(self, conn: socket.socket, job: Job, kind: str, value: int) -> None:
        if kind == "cut":
            job.cut_at = time.perf_counter()
        if kind == "cut" and self.fail_during_job:
            self.state, self.fail_during_job = self.fail_during_job, None
        if kind != "status":
            return
        answer = STATES[self.state].get(value)
        if answer is None:
            return  # offline: a real printer that is off or hung says nothing
        if self.slow_seconds:
            time.sleep(self.slow_seconds)
        job.answered_at.append(time.perf_counter())  # before sending: the client may read it at once
        try:
            conn.sendall(bytes((answer,)))
        except OSError:
            pass
