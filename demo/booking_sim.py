"""A small booking server speaking the contract (docs/booking-api.yaml), for the demo and the tests.

    antrian-booking-sim --port 0 --bookings 200 --date 2026-11-28

Admin switches over HTTP: POST /_sim/fault {"mode": "503", "count": 2} (count: that many requests, then none;
"down" takes "seconds"), POST /_sim/cancel {"code": "..."}, GET /_sim/checkins. In process: SimServer.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import ssl
import threading
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from demo.booking_sim_state import FAULT_MODES, SimState, parse_since

BOOKINGS_PATH = re.compile(r"^/v1/offices/([^/]+)/bookings$")
CHECKINS_PATH = re.compile(r"^/v1/offices/([^/]+)/checkins$")
PROXY_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway - Proxy Kantor</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>"
)
FAULT_STATUS = {"401": 401, "404": 404, "429": 429, "500": 500, "503": 503}


class _Handler(BaseHTTPRequestHandler):
    server_version = "AntrianBookingSim/0.1"
    sim: SimServer  # set on the subclass made per server
    _mode = "none"  # the fault this request drew

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if self.sim.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/_sim/"):
            self._admin(method, url.path)
            return
        bookings, checkins = BOOKINGS_PATH.match(url.path), CHECKINS_PATH.match(url.path)
        match = bookings if method == "GET" else checkins
        if match is None:
            self._error(404, "not_found", f"no route {method} {url.path}")
            return
        if self._faulted():
            return
        if self.headers.get("Authorization") != f"Bearer {self.sim.state.token}":
            self._error(401, "unauthorized", "bad or missing device token")
        elif unquote(match.group(1)) != self.sim.state.office_code:
            self._error(404, "unknown_office", f"unknown office {unquote(match.group(1))}")
        elif method == "GET":
            self._bookings(parse_qs(url.query))
        else:
            self._checkins()

    # ---- faults

    def _faulted(self) -> bool:
        """Act out the current fault; True when the request was answered (or dropped) by it."""
        mode = self._mode = self.sim.state.take_fault()
        if mode in FAULT_STATUS:
            headers = {"Retry-After": "1"} if mode == "429" else {}
            self._error(FAULT_STATUS[mode], f"fault_{mode}", f"simulated {mode}", headers)
        elif mode == "timeout":
            self.sim.state.wake.wait(self.sim.timeout_delay)
            return False  # then answer normally, long after the client gave up
        elif mode == "html":
            self._send(200, PROXY_PAGE, "text/html; charset=utf-8")
        elif mode == "down":
            self.close_connection = True  # a request that slipped in while the listener closes
        return mode in FAULT_STATUS or mode in ("html", "down") or self._body_fault(mode)

    def _body_fault(self, mode: str) -> bool:
        if mode not in ("drop", "truncated"):
            return False
        body = json.dumps({"office_code": self.sim.state.office_code, "bookings": [{"x": "y" * 400}] * 20}).encode()
        cut = body[: len(body) // 2]
        if mode == "truncated":
            self._send(200, cut)  # a complete response whose JSON is cut short
            return True
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(cut)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)  # the line goes dead mid-response
        self.close_connection = True
        return True

    # ---- the contract

    def _bookings(self, query: dict[str, list[str]]) -> None:
        state = self.sim.state
        try:
            day = date.fromisoformat(query.get("date", [""])[0])
            since = parse_since(query["updated_since"][0]) if "updated_since" in query else None
            cursor = query.get("cursor", [None])[0]
            body, etag = state.page(day, cursor, since)
        except ValueError as exc:
            self._error(400, "bad_request", str(exc))
            return
        if cursor is None and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        if cursor is None and body["bookings"] and self._mode == "bad_field":
            body["bookings"][0]["slot"] = {"start": "25:99", "end": body["bookings"][0]["slot"]["end"]}
        self._send(200, json.dumps(body).encode(), headers={"ETag": etag})

    def _checkins(self) -> None:
        try:
            data = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            events = data["events"]
            if not isinstance(events, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            self._error(400, "bad_request", "body must be {\"events\": [...]}")
            return
        self._send(200, json.dumps(self.sim.state.record_checkins(events)).encode())

    # ---- admin

    def _admin(self, method: str, path: str) -> None:
        try:
            data = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            if method == "GET" and path == "/_sim/checkins":
                self._send(200, json.dumps(self.sim.state.snapshot()).encode())
            elif method == "POST" and path == "/_sim/fault":
                self._send(200, b'{"ok": true}')
                self.sim.set_fault(str(data.get("mode", "none")), data.get("count"), data.get("seconds"))
            elif method == "POST" and path == "/_sim/put":  # a booking made (or changed) on the server just now
                self.sim.state.put(dict(data["booking"]))
                self._send(200, b'{"ok": true}')
            elif method == "POST" and path == "/_sim/cancel":
                self.sim.cancel(str(data["code"]), str(data.get("status", "cancelled")))
                self._send(200, b'{"ok": true}')
            else:
                self._error(404, "not_found", f"no admin route {method} {path}")
        except (ValueError, KeyError, TypeError) as exc:
            self._error(400, "bad_request", str(exc))

    # ---- replies

    def _send(self, status: int, body: bytes, content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to tell it

    def _error(self, status: int, error: str, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps({"error": error, "message": message}).encode(), headers=headers)


class SimServer:
    """The simulator in a background thread on 127.0.0.1; `port=0` picks a free port (see `url`)."""

    def __init__(
        self,
        day: date | None = None,
        office_code: str = "KANIM-KETAPANG",
        *,
        bookings: list[dict] | None = None,
        count: int = 60,
        seed: int = 7,
        token: str = "demo-token",
        page_size: int = 500,
        host: str = "127.0.0.1",
        port: int = 0,
        timezone: str = "Asia/Pontianak",
        timeout_delay: float = 3.0,
        verbose: bool = False,
        tls: tuple[str, str] | None = None,
    ) -> None:
        """`tls`: (certfile, keyfile) to serve HTTPS, e.g. to test a private CA bundle."""
        from zoneinfo import ZoneInfo

        day = day or datetime.now(ZoneInfo(timezone)).date()
        if bookings is None:
            from demo.data import demo_bookings

            bookings = demo_bookings(day, office_code, count, seed, timezone)
        self.state = SimState(office_code, day, bookings, token, page_size, timezone)
        self.host, self.port = host, port
        self.timeout_delay = timeout_delay
        self.verbose = verbose
        self.tls = tls
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._listen_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def start(self) -> SimServer:
        self.state.wake.clear()
        self._listen()
        return self

    def stop(self) -> None:
        self.state.wake.set()
        self._unlisten()

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_fault(self, mode: str, count: int | None = None, seconds: float | None = None) -> None:
        """Switch the fault; "down" closes the listening socket (refused) until another mode, or `seconds`."""
        self.state.set_fault(mode, count if mode != "down" else None)
        if mode == "down":
            self._unlisten()
            if seconds:
                threading.Timer(float(seconds), self.set_fault, args=("none",)).start()
        else:
            self._listen()

    def cancel(self, code: str, status: str = "cancelled") -> None:
        self.state.cancel(code, status)

    def checkins(self) -> dict:
        return self.state.snapshot()

    def _listen(self) -> None:
        with self._listen_lock:
            if self._httpd is not None:
                return
            handler = type("SimHandler", (_Handler,), {"sim": self})
            httpd = ThreadingHTTPServer((self.host, self.port), handler)
            if self.tls:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(*self.tls)
                httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
            httpd.daemon_threads = True
            httpd.block_on_close = False
            self.port = httpd.server_address[1]  # down and up again on the same port
            self._httpd = httpd
            self._thread = threading.Thread(
                target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="booking-sim", daemon=True
            )
            self._thread.start()

    def _unlisten(self) -> None:
        with self._listen_lock:
            httpd, self._httpd = self._httpd, None
            if httpd is None:
                return
            httpd.shutdown()
            httpd.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="antrian-booking-sim",
        description="Simulator server booking (kontrak docs/booking-api.yaml) / Booking server simulator",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0: a free port (the URL is printed)")
    p.add_argument("--bookings", type=int, default=60, help="number of demo bookings for the day")
    p.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD; default today (office time)")
    p.add_argument("--office", default="KANIM-KETAPANG")
    p.add_argument("--token", default="demo-token")
    p.add_argument("--page-size", type=int, default=500)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--timezone", default="Asia/Pontianak")
    p.add_argument("--timeout-delay", type=float, default=30.0, help="seconds the 'timeout' fault stalls")
    p.add_argument("--fault", choices=FAULT_MODES, default="none")
    p.add_argument("--verbose", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sim = SimServer(
        args.date, args.office, count=args.bookings, seed=args.seed, token=args.token, page_size=args.page_size,
        host=args.host, port=args.port, timezone=args.timezone, timeout_delay=args.timeout_delay,
        verbose=args.verbose,
    )
    try:
        sim.start()
    except OSError as exc:
        print(f"Tidak dapat membuka port / Cannot open port {args.host}:{args.port}: {exc}")
        return 2
    if args.fault != "none":
        sim.set_fault(args.fault)
    print(f"Simulator server booking / Booking server simulator: {sim.url}", flush=True)
    print(f"  {len(sim.state.bookings)} booking, {sim.state.day}, {args.office}, token {args.token!r}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
