"""The loopback printer with the faults an office printer has in the middle of a ticket.

`LoopbackPrinter` (printing/testing.py) can change state when a ticket's cut arrives (`fail_during_job`); this
subclass adds the one it cannot do: the line going dead in the middle of the ticket's bytes (the printer switched
off, the cable pulled), as a TCP reset after a chosen number of bytes. Each connection that carried ticket bytes
is recorded with the fault it was given, so a test can tell a clean copy (every byte, the cut, no fault) from a
spoilt one.
"""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass

from printing.escpos_decode import EscposParser
from printing.testing import Job, LoopbackPrinter

MID_TICKET = ("paper_out", "offline", "error", "cover_open")  # entered when the ticket's cut arrives


@dataclass
class Copy:
    job: Job
    fault: str | None  # None: a clean copy

    def shows(self, number: str) -> bool:
        return bool(self.job.decoded().lines_with(number))

    @property
    def complete(self) -> bool:
        return self.fault is None and self.job.cut_at > 0


class FaultyPrinter(LoopbackPrinter):
    def __init__(self, state: str = "ok") -> None:
        super().__init__(state)
        self.next_fault: str | None = None  # for the next connection that sends ticket bytes
        self.cut_after = 200  # bytes of the ticket received before the line goes dead ("cut_line")
        self.copies: list[Copy] = []
        self._fault_of: dict[int, str | None] = {}  # per connection (id of its Job): the fault it was given
        self._fault_lock = threading.Lock()

    def _take_fault(self) -> str | None:
        with self._fault_lock:
            fault, self.next_fault = self.next_fault, None
            return fault

    def _receive(self, conn: socket.socket, job: Job, parser: EscposParser, chunk: bytes) -> bool:
        if id(job) not in self._fault_of and len(chunk) > 3:  # more than a status question: the ticket begins
            fault = self._fault_of[id(job)] = self._take_fault()
            if fault in MID_TICKET:
                self.fail_during_job = fault
            with self._lock:
                self.copies.append(Copy(job, fault))
        if self._fault_of.get(id(job)) == "cut_line" and len(job.data) + len(chunk) >= self.cut_after:
            super()._receive(conn, job, parser, chunk[: max(0, self.cut_after - len(job.data))])
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False  # closed with a reset: the rest of the ticket is lost on the wire
        return super()._receive(conn, job, parser, chunk)
