"""A booking server that misbehaves in the ways the simulator (demo/booking_sim.py) has no mode for.

On 127.0.0.1, a free port, one behaviour per server (`mode`):
  endless       every page hands out a new next_cursor, for ever
  same_cursor   every page hands out the same next_cursor again
  cursor_int    next_cursor is a number
  bookings_dict "bookings" is an object instead of a list
  wrong_types   a page of bookings with wrong JSON types in their fields, among good ones
  deep          a body nested 100,000 arrays deep (valid JSON a recursive parser cannot read)
  drip          200 with a large Content-Length, then one byte every `drip_seconds`: each read is quick, the
                response never ends
  checkin_types POST /checkins answers {"accepted": [1, 2], "rejected": "none"}
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

WRONG_TYPES = [
    {"booking_code": 12345678},
    {"booking_code": "TYPE0001", "status": ["active"], "slot": {"start": "08:00", "end": "09:00"}},
    {"booking_code": "TYPE0002", "status": "active", "date": 20261128, "office_code": "KANIM-KETAPANG",
     "slot": {"start": "08:00", "end": "09:00"}, "applicants": [{"nik": "6104014101900003", "name": "A"}]},
    {"booking_code": "TYPE0003", "status": "active", "date": "2026-11-28", "office_code": "KANIM-KETAPANG",
     "slot": ["08:00", "09:00"], "applicants": []},
    {"booking_code": "TYPE0004", "status": "active", "date": "2026-11-28", "office_code": "KANIM-KETAPANG",
     "slot": {"start": 800, "end": 900}, "applicants": [{"nik": "6104014101900003", "name": "A"}]},
    {"booking_code": "TYPE0005", "status": "active", "date": "2026-11-28", "office_code": "KANIM-KETAPANG",
     "slot": {"start": "08:00", "end": "09:00"}, "applicants": {"nik": "6104014101900003"}},
    {"booking_code": "TYPE0006", "status": "active", "date": "2026-11-28", "office_code": "KANIM-KETAPANG",
     "slot": {"start": "08:00", "end": "09:00"},
     "applicants": [{"nik": 6104014101900003, "name": "A", "application_type": "new"}]},
    {"booking_code": "TYPE0007", "status": "active", "date": "2026-11-28", "office_code": ["KANIM-KETAPANG"],
     "slot": {"start": "08:00", "end": "09:00"}, "applicants": [{"nik": "6104014101900003", "name": "A"}]},
    {"booking_code": "TYPE0008", "status": "active", "date": "2026-11-28", "office_code": "KANIM-KETAPANG",
     "slot": {"start": "08:00", "end": "09:00"},
     "applicants": [{"nik": "6104014101900003", "name": "A", "priority": ["elderly"]}]},
    {"booking_code": "TYPE0009", "status": "active", "date": "2026-11-28", "office_code": "KANIM-KETAPANG",
     "slot": {"start": "08:00", "end": "09:00"},
     "applicants": [{"nik": "6104014101900003", "name": None, "application_type": "new"}]},
    None, "TYPE0010", 42, [], True,
]


class FaultServer:
    def __init__(self, mode: str, good: list[dict] | None = None, *, drip_seconds: float = 0.2) -> None:
        self.mode = mode
        self.good = good or []
        self.drip_seconds = drip_seconds
        self.requests = 0
        self.stopping = threading.Event()
        handler = type("FaultHandler", (_Handler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server_state: FaultServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        state = self.server_state
        state.requests += 1
        query = parse_qs(urlsplit(self.path).query)
        page: dict[str, Any] = {"office_code": "KANIM-KETAPANG", "date": query.get("date", [""])[0],
                                "generated_at": "2026-11-28T06:00:00+07:00", "bookings": [], "next_cursor": None}
        mode = state.mode
        if mode == "endless":
            page["next_cursor"] = f"c{state.requests}"
        elif mode == "same_cursor":
            page["next_cursor"] = "again"
        elif mode == "cursor_int":
            page["bookings"], page["next_cursor"] = state.good, 2
        elif mode == "bookings_dict":
            page["bookings"] = {b["booking_code"]: b for b in state.good}
        elif mode == "wrong_types":
            page["bookings"] = WRONG_TYPES + state.good
        elif mode == "deep":
            self._send(b"[" * 100_000 + b"]" * 100_000)
            return
        elif mode == "drip":
            self._drip()
            return
        self._send(json.dumps(page).encode())

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._send(json.dumps({"accepted": [1, 2], "rejected": "none"}).encode())

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def _drip(self) -> None:
        body = json.dumps({"bookings": [], "next_cursor": None, "pad": " " * 100_000}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.close_connection = True
        try:
            for byte in body:
                if self.server_state.stopping.wait(self.server_state.drip_seconds):
                    return
                self.wfile.write(bytes((byte,)))
                self.wfile.flush()
        except OSError:
            pass
