"""Log files: where they go, what each line says, rotation, and repeated messages collapsed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from shared import logs
from shared.logs import CollapseRepeats, SharedRotatingFileHandler, setup_logging

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<role>\S+) (?P<station>\S+) (?P<level>[A-Z]+) "
                  r"(?P<logger>\S+): (?P<message>.*)$")


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_the_file_is_in_the_log_dir_and_each_line_has_time_role_and_station(log_dir: Path) -> None:
    path = setup_logging("gate", "GATE-1", console=False)
    assert path == log_dir / "gate.log"
    logging.getLogger("scanner.gate").info("scan %s", "K7Q2M9XA")
    logs.set_station("GATE-2")
    logging.getLogger("scanner.gate").warning("printer offline")
    first, second = (LINE.match(line) for line in lines(path))
    assert first and first["role"] == "gate" and first["station"] == "GATE-1" and first["level"] == "INFO"
    assert first["logger"] == "scanner.gate" and first["message"] == "scan K7Q2M9XA"
    assert second and second["station"] == "GATE-2" and second["level"] == "WARNING"


def test_the_default_log_dir_is_the_users_and_the_env_overrides_it(tmp_path: Path) -> None:
    default = logs.log_dir({})
    assert default.name == "log" and "antrian" in default.parts
    assert logs.log_dir({logs.LOG_DIR_ENV: str(tmp_path)}) == tmp_path
    assert logs.log_path("board", {logs.LOG_DIR_ENV: str(tmp_path)}) == tmp_path / "board.log"


def test_the_level_comes_from_the_environment(log_dir: Path) -> None:
    path = setup_logging("board", "BOARD-1", console=False, environ={logs.LOG_DIR_ENV: str(log_dir),
                                                                      logs.LEVEL_ENV: "debug"})
    logging.getLogger("kiosk.board").debug("poll")
    assert "DEBUG kiosk.board: poll" in path.read_text()
    path = setup_logging("board", "BOARD-1", console=False, environ={logs.LOG_DIR_ENV: str(log_dir),
                                                                      logs.LEVEL_ENV: "WARNING"})
    logging.getLogger("kiosk.board").info("not this")
    assert "not this" not in path.read_text()


def test_files_rotate_at_the_size_and_keep_the_given_number(log_dir: Path) -> None:
    path = setup_logging("counter", "LOKET-PC-1", console=False, max_bytes=2_000, backups=2)
    log = logging.getLogger("kiosk.counter")
    for i in range(200):
        log.info("call %03d %s", i, "x" * 40)  # every line differs: nothing is collapsed
    names = sorted(p.name for p in log_dir.iterdir())
    assert names == ["counter.log", "counter.log.1", "counter.log.2"]
    for p in log_dir.iterdir():
        assert p.stat().st_size <= 2_000
    assert "call 199" in path.read_text()
    assert all(LINE.match(line) for p in log_dir.iterdir() for line in lines(p))


def test_a_process_notices_another_one_rotated_the_shared_file(tmp_path: Path) -> None:
    path = tmp_path / "counter.log"
    one = SharedRotatingFileHandler(path, maxBytes=300, backupCount=3, encoding="utf-8")
    two = SharedRotatingFileHandler(path, maxBytes=300, backupCount=3, encoding="utf-8")
    try:
        for handler in (one, two):
            handler.setFormatter(logging.Formatter("%(message)s"))

        def record(text: str) -> logging.LogRecord:
            return logging.LogRecord("t", logging.INFO, __file__, 1, text, None, None)

        two.emit(record("two: first"))
        for i in range(20):
            one.emit(record(f"one: {i:02d} " + "y" * 20))  # one rotates the file away under two
        two.emit(record("two: after the rotation"))
        assert "two: after the rotation" in path.read_text()  # not lost in counter.log.1
    finally:
        one.close()
        two.close()


def test_a_log_dir_that_cannot_be_written_is_a_warning_not_a_crash(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = setup_logging("kiosk", "KIOSK-1", environ={logs.LOG_DIR_ENV: str(blocker / "logs")})
    assert path is None
    assert "no log file" in capsys.readouterr().err


def test_console_false_records_go_to_the_file_only(log_dir: Path, capsys) -> None:
    path = setup_logging("gate", "GATE-1")
    logging.getLogger("shared.qt.app").error("cannot start: x", extra={"console": False})
    logging.getLogger("shared.qt.app").error("both")
    err = capsys.readouterr().err
    assert "cannot start" not in err and "both" in err
    assert "cannot start: x" in path.read_text() and "both" in path.read_text()


# ---- collapsing repeated messages


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_filter(seconds: float = 60.0) -> tuple[CollapseRepeats, Clock, list[str]]:
    clock = Clock()
    summaries: list[str] = []
    collapse = CollapseRepeats(seconds, clock=clock, emit=lambda r: summaries.append(r.getMessage()))
    return collapse, clock, summaries


def rec(message: str, level: int = logging.WARNING, name: str = "scanner.camera") -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


def test_the_first_goes_through_then_repeats_are_counted_until_a_different_message() -> None:
    f, clock, summaries = make_filter()
    assert f.filter(rec("camera lost")) is True
    for _ in range(5):
        clock.now += 2
        assert f.filter(rec("camera lost")) is False
    assert summaries == []
    assert f.filter(rec("camera back")) is True
    assert summaries == ["… repeated 5 times: camera lost"]


def test_a_long_run_is_summarised_at_most_every_window() -> None:
    f, clock, summaries = make_filter(seconds=60)
    f.filter(rec("server down"))
    passed = []
    for _ in range(100):  # every 2 s for 200 s
        clock.now += 2
        passed.append(f.filter(rec("server down")))
    assert not any(passed)
    assert summaries == ["… repeated 30 times: server down"] * 3  # at 60, 120 and 180 s
    f.flush()
    assert summaries[-1] == "… repeated 10 times: server down"
    f.flush()
    assert len(summaries) == 4  # nothing left to say


def test_same_words_at_another_level_or_logger_are_different_messages() -> None:
    f, _clock, summaries = make_filter()
    assert f.filter(rec("x"))
    assert f.filter(rec("x", level=logging.ERROR))
    assert f.filter(rec("x", level=logging.ERROR, name="other"))
    assert summaries == []


def test_every_handler_gets_the_same_answer_for_one_record() -> None:
    f, _clock, _summaries = make_filter()
    first = rec("same")
    assert f.filter(first) and f.filter(first)  # the file handler and the stderr handler both write it
    second = rec("same")
    assert not f.filter(second) and not f.filter(second)


@pytest.mark.parametrize("console", [True, False])
def test_repeats_are_collapsed_in_the_file_and_on_stderr(log_dir: Path, capsys, console: bool) -> None:
    path = setup_logging("gate", "GATE-1", console=console)
    log = logging.getLogger("scanner.gate.camera")
    for _ in range(50):
        log.warning("camera unavailable: /dev/video0")
    log.warning("camera back")
    logs.teardown()
    text = path.read_text()
    assert text.count("camera unavailable: /dev/video0") == 2  # the first, and the summary
    assert "… repeated 49 times: camera unavailable: /dev/video0" in text
    assert text.index("repeated 49 times") < text.index("camera back")
    err = capsys.readouterr().err
    if console:
        assert err.count("camera unavailable") == 2 and "repeated 49 times" in err


def test_a_pending_run_is_summarised_at_teardown(log_dir: Path) -> None:
    path = setup_logging("board", "BOARD-1", console=False)
    for _ in range(3):
        logging.getLogger("kiosk.board").error("database unreachable")
    logs.teardown()
    assert "… repeated 2 times: database unreachable" in path.read_text()


def test_setting_up_twice_replaces_the_handlers(log_dir: Path) -> None:
    setup_logging("cli", "PC-1", console=False)
    setup_logging("cli", "PC-1", console=False)
    logging.getLogger("x").info("once")
    assert (log_dir / "cli.log").read_text().count("once") == 1


def test_a_librarys_bare_basic_config_does_not_double_every_line(log_dir: Path, capsys) -> None:
    root = logging.getLogger()
    stray = logging.StreamHandler()
    stray.setFormatter(logging.Formatter(logging.BASIC_FORMAT))  # what python-escpos' basicConfig() installs
    root.addHandler(stray)
    try:
        setup_logging("kiosk", "KIOSK-1")
        logging.getLogger("kiosk.walkin").warning("printer offline")
        assert stray not in root.handlers
        assert capsys.readouterr().err.count("printer offline") == 1
    finally:
        root.removeHandler(stray)


def test_stderr_is_looked_up_when_a_record_comes(log_dir: Path, monkeypatch) -> None:
    import io
    import sys

    setup_logging("cli", "PC-1")
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)  # a test harness swaps stderr after the set-up
    logging.getLogger("x").warning("seen")
    assert "seen" in later.getvalue()
