"""The real `.venv/bin/antrian`: a new PIN read from standard input (or asked twice on a terminal), `--as`
PINs from the environment, and no PIN in stdout, stderr, the log file or the database (only its hash)."""

from __future__ import annotations

import os
import pty
import select as io_select
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from shared.db.models import Officer

from .conftest import ADMIN, GATE

ANTRIAN = Path(sys.executable).parent / "antrian"


def _run(env: dict[str, str], *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ANTRIAN), *argv], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_pins_never_leave_the_process(office, config, tmp_path):
    logs = tmp_path / "logs"
    env = {
        **os.environ,
        "ANTRIAN_DATABASE_URL": office.url,
        "ANTRIAN_LOG_DIR": str(logs),
        "ANTRIAN_LOG_LEVEL": "DEBUG",
    }
    for name in ("ANTRIAN_PIN", "ANTRIAN_SUPERVISOR_PIN", "ANTRIAN_CLOCK"):
        env.pop(name, None)
    runs = [
        _run(
            env,
            "staff",
            "add",
            "--nip",
            ADMIN.nip,
            "--name",
            ADMIN.name,
            "--role",
            "admin",
            stdin=f"{ADMIN.pin}\n",
        )
    ]
    as_admin = {**env, "ANTRIAN_PIN": ADMIN.pin}
    runs.append(
        _run(
            as_admin,
            "--json",
            "staff",
            "add",
            "--as",
            ADMIN.nip,
            "--nip",
            GATE.nip,
            "--name",
            GATE.name,
            "--role",
            "gate",
            stdin=f"{GATE.pin}\n",
        )
    )
    runs.append(
        _run(
            {**env, "ANTRIAN_PIN": GATE.pin},
            "--json",
            "checkin",
            "FAMILY01",  # booked for another day: decided (WRONG_DATE) and recorded in the officer's name
            "--as",
            GATE.nip,
        )
    )
    runs.append(
        _run({**env, "ANTRIAN_PIN": "309517"}, "checkin", "SOLO0001", "--as", GATE.nip)
    )  # a wrong PIN
    runs.append(_run(as_admin, "--json", "staff", "list", "--as", ADMIN.nip))
    assert [r.returncode for r in runs] == [0, 0, 3, 3, 0], [(r.stdout, r.stderr) for r in runs]
    assert '"decision": "WRONG_DATE"' in runs[2].stdout and "Wrong PIN; 4 tries left" in runs[3].stderr
    log_text = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in logs.rglob("*") if p.is_file()
    )
    assert "cli" in {p.stem for p in logs.rglob("*.log")}
    said = "".join(r.stdout + r.stderr for r in runs) + log_text
    for pin in (ADMIN.pin, GATE.pin, "309517"):
        assert pin not in said
    with office.session() as session:
        hashes = session.scalars(select(Officer.pin_hash)).all()
    assert len(hashes) == 2 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(pin in h for h in hashes for pin in (ADMIN.pin, GATE.pin))


def _on_a_terminal(env: dict[str, str], argv: list[str], answers: list[str]) -> tuple[int, str]:
    """Run with a pseudo-terminal as the controlling terminal, typing `answers` at each prompt; everything the
    terminal showed, and the exit code."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin, stdout, stderr and /dev/tty are the terminal
        os.execve(str(ANTRIAN), [str(ANTRIAN), *argv], env)
    shown, pending = b"", list(answers)
    while True:
        ready, _, _ = io_select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if pending and shown.endswith(b": "):  # getpass turned the echo off before it wrote its prompt
            os.write(fd, pending.pop(0).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def test_a_terminal_is_asked_twice_without_echo(office, tmp_path):
    env = {**os.environ, "ANTRIAN_DATABASE_URL": office.url, "ANTRIAN_LOG_DIR": str(tmp_path)}
    for name in ("ANTRIAN_PIN", "ANTRIAN_SUPERVISOR_PIN"):
        env.pop(name, None)
    argv = ["staff", "add", "--nip", ADMIN.nip, "--name", ADMIN.name, "--role", "admin"]
    code, shown = _on_a_terminal(env, argv, [ADMIN.pin, "111111"])
    assert code == 3 and "The two PINs differ" in shown and ADMIN.pin not in shown
    code, shown = _on_a_terminal(env, argv, [ADMIN.pin, ADMIN.pin])
    assert code == 0 and "New PIN (6 digits)" in shown and "The PIN again" in shown and ADMIN.pin not in shown
    code, shown = _on_a_terminal(env, ["staff", "list", "--as", ADMIN.nip], [ADMIN.pin])
    assert code == 0 and f"PIN {ADMIN.nip}:" in shown and ADMIN.name in shown and ADMIN.pin not in shown
