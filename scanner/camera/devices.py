"""`antrian-gate cameras`: the webcams this PC has, with the name to put in `[camera] source` and the sizes
they give.

Linux lists `/dev/video*`, names each from `/sys/class/video4linux/videoN/name` and finds its stable
`/dev/v4l/by-id/…` link (the same camera keeps that name whatever USB port or order it was plugged in, unlike
`/dev/video0`). Each device is then opened with OpenCV and asked for a few common sizes; the ones it accepts
are listed. A webcam often has two nodes: the second (a metadata node) gives no picture and says so.
`--dev`/`--sys` point at another tree (tests), `--no-probe` lists without opening anything.
Exit 0 when at least one camera was found, 1 when none.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from shared.text import Text

COMMON_SIZES = ((640, 480), (800, 600), (1280, 720), (1920, 1080), (2560, 1440), (3840, 2160))
NON_LINUX_INDEXES = range(4)

TITLE = Text("Kamera", "Cameras")
NONE_FOUND = Text("Tidak ada kamera ditemukan", "No camera found")
NONE_FOUND_HINT = Text("periksa kabel USB, lalu `ls /dev/video*`",
                       "check the USB cable, then `ls /dev/video*`")
NO_PICTURE = Text("tidak memberi gambar (simpul metadata, atau sedang dipakai program lain?)",
                  "gives no picture (a metadata node, or in use by another program?)")
NO_PERMISSION = Text("tidak ada izin: sudo usermod -aG video $USER, lalu login ulang",
                     "no permission: sudo usermod -aG video $USER, then log in again")
SIZES = Text("ukuran", "sizes")
DEFAULT = Text("bawaan", "default")
USE_IT = Text("pakai di config.toml", "use in config.toml")
BY_ID_HINT = Text("Nama /dev/v4l/by-id/… tetap sama walau colokan USB berganti",
                  "A /dev/v4l/by-id/… name stays the same whichever USB port the camera is in")


@dataclass(frozen=True)
class Probe:
    opens: bool
    default: str = ""  # "640x480": the size before anything was asked
    sizes: tuple[str, ...] = ()  # "1280x720", … the camera accepted
    picture: bool = False  # a frame was read


@dataclass(frozen=True)
class Camera:
    index: int  # N of /dev/videoN: `source = "N"` works too, but N can change between boots
    device: str  # /dev/videoN
    name: str = ""  # what the driver calls it, e.g. "HD Pro Webcam C920"
    by_id: tuple[str, ...] = ()  # /dev/v4l/by-id/… links to this device
    accessible: bool = True  # this user may open it
    probe: Probe | None = None  # None: not probed (--no-probe)

    @property
    def source(self) -> str:
        """What to write in `[camera] source`: the stable by-id name when there is one."""
        return self.by_id[0] if self.by_id else self.device

    @property
    def gives_picture(self) -> bool | None:
        return None if self.probe is None else self.probe.picture


def _number(path: Path) -> int:
    return int(path.name[len("video"):])


def _link_targets(folder: Path, dev_root: Path) -> dict[str, list[str]]:
    """device path -> the links in `folder` pointing at it (relative links, as udev makes them; an absolute
    /dev/… target is read inside `dev_root`)."""
    out: dict[str, list[str]] = {}
    if not folder.is_dir():
        return out
    for link in sorted(folder.iterdir()):
        if not link.is_symlink():
            continue
        target = os.readlink(link)
        if os.path.isabs(target) and target.startswith("/dev/"):
            target = str(dev_root / target[len("/dev/"):])
        resolved = os.path.normpath(os.path.join(link.parent, target))
        out.setdefault(resolved, []).append(str(link))
    return out


def list_cameras(dev_root: Path = Path("/dev"), sys_root: Path = Path("/sys"),
                 probe: Callable[[str], Probe] | None = None) -> list[Camera]:
    """The video devices under `dev_root`, in number order, named and (with `probe`) asked what they give."""
    nodes = sorted((p for p in dev_root.glob("video*") if re.fullmatch(r"video\d+", p.name)), key=_number)
    by_id = _link_targets(dev_root / "v4l" / "by-id", dev_root)
    cameras = []
    for node in nodes:
        name_file = sys_root / "class" / "video4linux" / node.name / "name"
        try:
            name = name_file.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            name = ""
        accessible = os.access(node, os.R_OK | os.W_OK)
        cameras.append(Camera(
            index=_number(node), device=str(node), name=name,
            by_id=tuple(by_id.get(os.path.normpath(str(node)), ())), accessible=accessible,
            probe=probe(str(node)) if probe is not None and accessible else None,
        ))
    return cameras


def probe_sizes(device: str | int, sizes: Sequence[tuple[int, int]] = COMMON_SIZES) -> Probe:
    """Open the camera, note its default size, ask for each size and keep those it accepts, read one frame."""
    import cv2

    backend = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
    capture = cv2.VideoCapture(device, backend)
    try:
        if not capture.isOpened():
            return Probe(False)

        def current() -> str:
            width, height = capture.get(cv2.CAP_PROP_FRAME_WIDTH), capture.get(cv2.CAP_PROP_FRAME_HEIGHT)
            return f"{int(width)}x{int(height)}"

        default = current()
        ok, _frame = capture.read()
        accepted = []
        for width, height in sizes:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
            if current() == f"{width}x{height}":
                accepted.append(current())
        return Probe(True, default, tuple(accepted), bool(ok))
    finally:
        capture.release()


def _probe_indexes(probe: Callable[[str | int], Probe]) -> list[Camera]:
    """Without /dev (Windows, macOS): the first few camera indexes that open."""
    found = []
    for index in NON_LINUX_INDEXES:
        result = probe(index)
        if result.opens:
            found.append(Camera(index=index, device=str(index), probe=result))
    return found


def describe(camera: Camera) -> list[str]:
    lines = [f"{camera.index:>3}  {camera.device}  {camera.name}".rstrip()]
    lines += [f"       by-id: {link}" for link in camera.by_id]
    if not camera.accessible:
        lines.append(f"       {NO_PERMISSION.line()}")
    probe = camera.probe
    if probe is not None and not (probe.opens and probe.picture):
        lines.append(f"       {NO_PICTURE.line()}")
    elif probe is not None:
        sizes = [f"{s} ({DEFAULT.line()})" if s == probe.default else s for s in probe.sizes]
        if probe.default and probe.default not in probe.sizes:
            sizes.insert(0, f"{probe.default} ({DEFAULT.line()})")
        lines.append(f"       {SIZES.line()}: {', '.join(sizes)}")
    if probe is None or probe.picture:
        lines.append(f'       {USE_IT.line()}: [camera] source = "{camera.source}"')
    return lines


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="antrian-gate cameras",
                                     description=Text("Daftar kamera", "List the cameras").line())
    parser.add_argument("--json", action="store_true",
                        help=Text("hasil sebagai JSON", "result as JSON").line())
    parser.add_argument("--no-probe", action="store_true",
                        help=Text("jangan buka kamera", "do not open the cameras").line())
    parser.add_argument("--dev", type=Path, default=Path("/dev"), help=argparse.SUPPRESS)
    parser.add_argument("--sys", type=Path, default=Path("/sys"), help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None, probe: Callable[[str | int], Probe] | None = None) -> int:
    args = build_parser().parse_args(argv)
    probe = None if args.no_probe else (probe or probe_sizes)
    if args.dev.is_dir():
        cameras = list_cameras(args.dev, args.sys, probe)
    else:
        cameras = _probe_indexes(probe) if probe is not None else []
    if args.json:
        print(json.dumps({"ok": bool(cameras), "cameras": [
            {**asdict(c), "source": c.source, "gives_picture": c.gives_picture} for c in cameras]},
            ensure_ascii=False))
    elif cameras:
        print(f"{TITLE.line()}:")
        for camera in cameras:
            print("\n".join(describe(camera)))
        if any(c.by_id for c in cameras):
            print(BY_ID_HINT.line())
    else:
        print(f"{NONE_FOUND.line()} ({args.dev}/video*) — {NONE_FOUND_HINT.line()}", file=sys.stderr)
    return 0 if cameras else 1


if __name__ == "__main__":
    sys.exit(main())
