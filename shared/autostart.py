"""Start a role when the PC's user logs in: an XDG autostart entry, or a systemd user unit that also restarts
it.

`antrian autostart --role board|kiosk|gate|counter [--fullscreen] [--systemd|--xdg] [--remove]`:
- `--xdg` (the default): `$XDG_CONFIG_HOME/autostart/antrian-<role>.desktop` — every desktop (GNOME, KDE,
  XFCE, LXDE/LXQt) starts it at login;
- `--systemd`: `$XDG_CONFIG_HOME/systemd/user/antrian-<role>.service`, wanted by `graphical-session.target`,
  with `Restart=always` and `RestartSec=3`: a role that dies (or is closed) is started again after 3 s;
- `--remove` removes the entry (both kinds unless one is named).
The command is the absolute path of the program in this virtual environment (`.venv/bin/antrian-<role>`), so
it does not depend on PATH. Settings come from this PC's config file (`antrian setup`); only ANTRIAN_CONFIG,
when set, is carried into the entry (a path, never a password).
`$XDG_CONFIG_HOME` defaults to `~/.config`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shared.text import Text

ROLES = {
    "board": (Text("Papan antrean", "Queue board"), ()),  # full screen by default; --fullscreen adds nothing
    "kiosk": (Text("Kios nomor antrean walk-in", "Walk-in ticket kiosk"), ("--fullscreen",)),
    "gate": (Text("Gerbang masuk", "Entrance gate"), ("--fullscreen",)),
    "counter": (Text("Jendela loket", "Counter window"), ("--fullscreen",)),
}
KINDS = ("xdg", "systemd")
RESTART_SECONDS = 3
SESSION_TARGET = "graphical-session.target"
CARRIED_ENV = ("ANTRIAN_CONFIG",)
log = logging.getLogger(__name__)

PROGRAM_MISSING = Text("Program tidak ditemukan: {path} — jalankan scripts/setup.sh dulu",
                       "Program not found: {path} — run scripts/setup.sh first")
UNKNOWN_ROLE = Text("Peran tidak dikenal: {role}; pilih {roles}", "Unknown role: {role}; choose {roles}")
INSTALLED = Text("Dimulai otomatis saat login", "Starts at login")
RESTARTS = Text("dan dimulai lagi {seconds} detik setelah berhenti", "and again {seconds} s after it stops")
REMOVED = Text("Tidak lagi dimulai otomatis", "No longer started at login")
NOTHING_TO_REMOVE = Text("Tidak ada entri autostart", "No autostart entry")
START_NOW = Text("Mulai sekarang tanpa login ulang", "Start it now without logging in again")


class AutostartError(ValueError):
    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.line())


@dataclass(frozen=True)
class AutostartReport:
    role: str
    kind: str
    removed: bool
    files: tuple[str, ...]
    message: Text
    command: tuple[str, ...] = ()
    notes: tuple[Text, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        out = [f"{self.message.line()}: antrian-{self.role}"]
        out += [f"  {path}" for path in self.files]
        out += [f"  {note.line()}" for note in self.notes]
        return out


def config_home(environ: Mapping[str, str] = os.environ) -> Path:
    raw = environ.get("XDG_CONFIG_HOME", "").strip()
    return Path(raw) if raw and Path(raw).is_absolute() else Path.home() / ".config"


def desktop_path(role: str, environ: Mapping[str, str] = os.environ) -> Path:
    return config_home(environ) / "autostart" / f"antrian-{role}.desktop"


def unit_name(role: str) -> str:
    return f"antrian-{role}.service"


def unit_path(role: str, environ: Mapping[str, str] = os.environ) -> Path:
    return config_home(environ) / "systemd" / "user" / unit_name(role)


def wants_link(role: str, environ: Mapping[str, str] = os.environ) -> Path:
    """What `systemctl --user enable` makes: the target's .wants/ link to the unit."""
    return config_home(environ) / "systemd" / "user" / f"{SESSION_TARGET}.wants" / unit_name(role)


def program(role: str, bin_dir: Path | None = None) -> Path:
    """The absolute path of `antrian-<role>` in this virtual environment (next to its python)."""
    folder = bin_dir if bin_dir is not None else Path(sys.executable).absolute().parent
    return folder / f"antrian-{role}"


def command(role: str, fullscreen: bool, bin_dir: Path | None = None) -> tuple[str, ...]:
    _check_role(role)
    path = program(role, bin_dir)
    if not path.is_file():
        raise AutostartError(PROGRAM_MISSING.format(path=path))
    return (str(path), *(ROLES[role][1] if fullscreen else ()))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AutostartError(UNKNOWN_ROLE.format(role=role, roles=", ".join(ROLES)))


# ---- the two kinds of entry


_DESKTOP_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def desktop_quote(arg: str) -> str:
    """One argument of a .desktop Exec line (Desktop Entry spec: quoting, then the string escape of \\)."""
    arg = arg.replace("%", "%%")
    if arg and not (_DESKTOP_RESERVED & set(arg)):
        return arg
    inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    return '"' + inner.replace("\\", "\\\\") + '"'


def systemd_quote(arg: str) -> str:
    """One argument of ExecStart (% and $ escaped; quoted when it has spaces or quotes)."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and not any(ch in arg for ch in " \t\n\"'\\;"):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _carried(environ: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(k, environ[k]) for k in CARRIED_ENV if environ.get(k, "").strip()]


def desktop_entry(role: str, cmd: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    title = ROLES[role][0]
    env = [f"{k}={v}" for k, v in _carried(environ)]
    exec_line = " ".join(desktop_quote(a) for a in ([*(["env", *env] if env else []), *cmd]))
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        f"Name=Antrian {role}",
        f"Comment={title.line()} (antrian-{role})",
        f"Exec={exec_line}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "X-GNOME-Autostart-Delay=3",
        "",
    ])


def systemd_unit(role: str, cmd: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    title = ROLES[role][0]
    lines = [
        "[Unit]",
        f"Description=Antrian {role}: {title.en}",
        f"PartOf={SESSION_TARGET}",
        f"After={SESSION_TARGET}",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={' '.join(systemd_quote(a) for a in cmd)}",
        "Restart=always",
        f"RestartSec={RESTART_SECONDS}",
    ]
    lines += [f"Environment={systemd_quote(f'{k}={v}')}" for k, v in _carried(environ)]
    lines += ["", "[Install]", f"WantedBy={SESSION_TARGET}", ""]
    return "\n".join(lines)


# ---- install and remove

Systemctl = Callable[[Sequence[str]], bool]


def real_systemctl(args: Sequence[str]) -> bool:
    """`systemctl --user ARGS`, best effort (no systemd, no user bus: False)."""
    try:
        done = subprocess.run(["systemctl", "--user", *args], capture_output=True, timeout=15)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def install(role: str, kind: str = "xdg", fullscreen: bool = False, *,
            environ: Mapping[str, str] = os.environ, bin_dir: Path | None = None,
            systemctl: Systemctl | None = None) -> AutostartReport:
    """Write the entry (replacing an earlier one of the same kind); for systemd also enable it (the .wants
    link `systemctl --user enable` would make) and reload the user manager when one is running."""
    cmd = command(role, fullscreen, bin_dir)
    if kind == "xdg":
        path = desktop_path(role, environ)
        _write(path, desktop_entry(role, cmd, environ))
        log.info("autostart %s installed: %s", role, path)
        return AutostartReport(role, kind, False, (str(path),), INSTALLED, cmd)
    if kind != "systemd":
        raise AutostartError(Text(f"Jenis tidak dikenal: {kind}", f"Unknown kind: {kind}"))
    path, link = unit_path(role, environ), wants_link(role, environ)
    _write(path, systemd_unit(role, cmd, environ))
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path("..") / path.name)
    if systemctl is not None:
        systemctl(["daemon-reload"])
    log.info("autostart %s installed: %s (restarts after %d s)", role, path, RESTART_SECONDS)
    notes = (START_NOW + f": systemctl --user start {unit_name(role)}",)
    message = INSTALLED + " " + RESTARTS.format(seconds=RESTART_SECONDS)
    return AutostartReport(role, kind, False, (str(path), str(link)), message, cmd, notes)


def remove(role: str, kind: str | None = None, *, environ: Mapping[str, str] = os.environ,
           systemctl: Systemctl | None = None) -> AutostartReport:
    """Remove the entry of `kind` (both when None); a running systemd unit is stopped first."""
    _check_role(role)
    removed: list[str] = []
    unit, link = unit_path(role, environ), wants_link(role, environ)
    if kind in (None, "systemd") and (unit.exists() or link.is_symlink()):
        if systemctl is not None:
            systemctl(["stop", unit_name(role)])
        for path in (link, unit):
            if path.is_symlink() or path.exists():
                path.unlink()
                removed.append(str(path))
        if systemctl is not None:
            systemctl(["daemon-reload"])
    if kind in (None, "xdg") and desktop_path(role, environ).exists():
        desktop_path(role, environ).unlink()
        removed.append(str(desktop_path(role, environ)))
    log.info("autostart %s removed: %s", role, ", ".join(removed) or "nothing there")
    message = REMOVED if removed else NOTHING_TO_REMOVE
    return AutostartReport(role, kind or "all", True, tuple(removed), message)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)
