"""Gate latency and memory, through the real threads (plain script, not a timed test).

    .venv/bin/python bench/scan_to_ticket.py [--checkins 200] [--frames 100000]

1. Scan to ticket: a frame holding a booking code is put into the frame mailbox (as the capture thread would);
   the decode thread reads it, the gate flow checks it in on the db lane (SQLite file) as the signed-in gate
   officer (checked again in the transaction, as in the office), and its print chain
   records the job (db lane), prints the ticket view it was handed through python-escpos' Network connector to a
   loopback ESC/POS printer (printer lane) and records the outcome (db lane). Time = from the frame to the last
   ticket byte at the printer. p50 / p95 over N check-ins (target p95 <= 150 ms).
2. Memory: RSS of this process after 10,000, 50,000 and 100,000 frames through capture -> mailbox -> decode.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402

from demo.camera import render_frame  # noqa: E402
from demo.gate_scenario import build_scenario  # noqa: E402
from demo.officers import GATE as GATE_OFFICER  # noqa: E402
from printing.service import TicketPrinter  # noqa: E402
from printing.testing import LoopbackPrinter  # noqa: E402
from scanner.camera.mailbox import FrameMailbox  # noqa: E402
from scanner.camera.threads import CaptureThread, DecodeThread  # noqa: E402
from scanner.decode.debounce import SharedDebouncer  # noqa: E402
from scanner.decode.decoder import make_decoder  # noqa: E402
from scanner.gate.flow import GateFlow  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402
from shared.services import staff  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def spin(app: QCoreApplication, done, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("no ticket reached the printer")
        app.processEvents()
        time.sleep(0.0005)


def bench_latency(app: QCoreApplication, count: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp, LoopbackPrinter() as printer:
        config = load_config(REPO / "demo" / "config.toml", environ={})
        config = replace(config, printer=replace(config.printer, url=printer.url))
        db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        db.upgrade()
        scenario = build_scenario(db, config, extra=count, background=0)
        frames = [render_frame(code, (1280, 720), seed=i) for i, code in enumerate(scenario.extra)]
        runner = TaskRunner(db)
        flow = GateFlow(config, runner, TicketPrinter(config), lambda: scenario.now, SharedDebouncer(3.0))
        # as in the office: an officer is signed in, and every check-in and print job is checked as theirs
        officer = GATE_OFFICER
        db.run(staff.add_officer, config, officer.nip, officer.name, officer.roles, officer.pin, scenario.now)
        flow.actor = staff.sign_in(db, config, officer.nip, officer.pin, "gate", "GATE-1", scenario.now)
        mailbox = FrameMailbox()
        decoder = make_decoder(config.decoder.name, config.decoder.symbologies)
        decode = DecodeThread(mailbox, decoder, flow.debouncer)
        decode.code_scanned.connect(flow.submit_camera)
        decode.start()
        times = []
        try:
            for frame in frames:
                jobs_before = len(printer.jobs)
                start = time.perf_counter()
                mailbox.put(frame)
                spin(app, lambda n=jobs_before: len(printer.jobs) > n and printer.jobs[n].closed)
                times.append((printer.jobs[jobs_before].last_byte_at - start) * 1000)
        finally:
            decode.stop()
            runner.shutdown()
            db.dispose()
        missed = count - len(times)
        if missed:
            print(f"  {missed} codes were not read", file=sys.stderr)
        return times


class LoopedFrames:
    """A frame source handing out copies of a few recorded frames as fast as possible (a camera's fresh buffers)."""

    def __init__(self, frames: list[np.ndarray]) -> None:
        self.frames = frames
        self.count = 0

    def open(self) -> None:
        self.count = 0

    def read(self) -> np.ndarray:
        self.count += 1
        return self.frames[self.count % len(self.frames)].copy()

    def release(self) -> None:
        pass


def bench_memory(total: int) -> list[tuple[int, float, int]]:
    config = load_config(REPO / "demo" / "config.toml", environ={})
    frames = [render_frame(None, (1280, 720), seed=1)] * 6 + [render_frame(f"Q{i:07d}", (1280, 720), seed=i)
                                                             for i in range(6)]
    mailbox = FrameMailbox()
    decode = DecodeThread(mailbox, make_decoder(config.decoder.name, config.decoder.symbologies), SharedDebouncer(3.0))
    source = LoopedFrames(frames)
    capture = CaptureThread(source, mailbox)
    decode.start()
    capture.start()
    marks, samples = [total // 10, total // 2, total], []
    try:
        for mark in marks:
            while mailbox.latest()[0] < mark:
                time.sleep(0.05)
            samples.append((mailbox.latest()[0], rss_mb(), source.count))
    finally:
        capture.stop()
        mailbox.close()
        decode.stop()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=200)
    parser.add_argument("--frames", type=int, default=100_000)
    args = parser.parse_args()
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    times = bench_latency(app, args.checkins)
    q = statistics.quantiles(times, n=100)
    print(f"scan -> ticket bytes, {len(times)} check-ins (SQLite, loopback ESC/POS printer):")
    print(f"  p50 {statistics.median(times):.1f} ms   p95 {q[94]:.1f} ms   max {max(times):.1f} ms")
    print(f"  RSS after the check-ins: {rss_mb():.1f} MB")
    start = time.perf_counter()
    for frames, rss, _ in bench_memory(args.frames):
        print(f"  RSS after {frames:>7,} frames through capture -> decode: {rss:.1f} MB")
    print(f"  ({args.frames:,} frames in {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
