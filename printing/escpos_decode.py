"""A small ESC/POS reader: the commands python-escpos sends, turned back into lines, sizes, QR payloads and cuts.

Used by the loopback test printer (to answer DLE EOT only where a real printer would, never inside image or QR
data) and by tests, which assert on what the paper would show rather than on raw bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10
_ESC_ONE_ARG = {
    ord(c): name
    for c, name in {
        "!": "mode",
        "E": "bold",
        "G": "double_strike",
        "-": "underline",
        "a": "align",
        "M": "font",
        "t": "codepage",
        "d": "feed",
        "J": "feed_dots",
        "{": "flip",
        "3": "spacing",
        "V": "rotate",
        "c": "panel",
        "r": "colour",
    }.items()
}
_GS_ONE_ARG = {
    ord(c): name
    for c, name in {
        "!": "size",
        "B": "invert",
        "b": "smooth",
        "H": "hri",
        "h": "barcode_height",
        "w": "barcode_width",
        "r": "transmit_status",
        "I": "printer_id",
        "a": "asb",
        "f": "hri_font",
    }.items()
}


@dataclass(frozen=True)
class Command:
    kind: str
    value: int = 0
    data: bytes = b""


class EscposParser:
    """Feed bytes as they arrive; complete commands come out, an incomplete tail waits for more."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, chunk: bytes) -> list[Command]:
        self._buf += chunk
        out: list[Command] = []
        i = 0
        while i < len(self._buf):
            parsed = _parse_at(self._buf, i)
            if parsed is None:
                break
            command, i = parsed
            out.append(command)
        del self._buf[:i]
        return out


def _parse_at(buf: bytearray, i: int) -> tuple[Command, int] | None:
    b = buf[i]
    if b == 0x0A:
        return Command("lf"), i + 1
    if b >= 0x20 and b != 0x7F:
        j = i
        while j < len(buf) and buf[j] >= 0x20 and buf[j] != 0x7F:
            j += 1
        return Command("text", data=bytes(buf[i:j])), j
    if b == DLE:
        if not _need(buf, i, 3):
            return None
        return Command("status" if buf[i + 1] == 0x04 else "dle", buf[i + 2]), i + 3
    if b == ESC:
        return _parse_esc(buf, i)
    if b == GS:
        return _parse_gs(buf, i)
    return Command("control", b), i + 1


def _need(buf: bytearray, i: int, n: int) -> bool:
    return len(buf) - i >= n


def _parse_esc(buf: bytearray, i: int) -> tuple[Command, int] | None:
    if not _need(buf, i, 2):
        return None
    c = buf[i + 1]
    if c == ord("@"):
        return Command("init"), i + 2
    if c == ord("2"):
        return Command("spacing_default"), i + 2
    if c in _ESC_ONE_ARG:
        return (Command(_ESC_ONE_ARG[c], buf[i + 2]), i + 3) if _need(buf, i, 3) else None
    if c == ord("*"):  # ESC * m nL nH d1..dk: column image, 3 bytes per column in 24-dot modes
        if not _need(buf, i, 5):
            return None
        columns = buf[i + 3] + 256 * buf[i + 4]
        end = i + 5 + columns * (3 if buf[i + 2] in (32, 33) else 1)
        return (Command("image_column", data=bytes(buf[i + 5 : end])), end) if len(buf) >= end else None
    if c == ord("p"):
        return (Command("drawer"), i + 5) if _need(buf, i, 5) else None
    return Command("esc_other", c), i + 2


def _parse_gs(buf: bytearray, i: int) -> tuple[Command, int] | None:
    if not _need(buf, i, 2):
        return None
    c = buf[i + 1]
    if c == ord("V"):
        if not _need(buf, i, 3):
            return None
        m = buf[i + 2]
        size = 4 if m in (65, 66, 97, 98, 103, 104) else 3
        return (Command("cut", m), i + size) if _need(buf, i, size) else None
    if c == ord("v"):  # GS v 0 m xL xH yL yH data: raster image
        if not _need(buf, i, 8):
            return None
        width_bytes, height = buf[i + 4] + 256 * buf[i + 5], buf[i + 6] + 256 * buf[i + 7]
        end = i + 8 + width_bytes * height
        header = bytes(buf[i + 4 : i + 8])
        return (Command("raster", data=header + bytes(buf[i + 8 : end])), end) if len(buf) >= end else None
    if c == ord("("):  # GS ( fn pL pH data: QR (k), graphics (L) and friends
        if not _need(buf, i, 5):
            return None
        end = i + 5 + buf[i + 3] + 256 * buf[i + 4]
        if len(buf) < end:
            return None
        return Command(f"gs({chr(buf[i + 2])}", data=bytes(buf[i + 5 : end])), end
    if c in _GS_ONE_ARG:
        return (Command(_GS_ONE_ARG[c], buf[i + 2]), i + 3) if _need(buf, i, 3) else None
    if c in (ord("L"), ord("W")):
        return (Command("margin", data=bytes(buf[i + 2 : i + 4])), i + 4) if _need(buf, i, 4) else None
    return Command("gs_other", c), i + 2


@dataclass(frozen=True)
class Line:
    text: str
    width: int = 1  # character size multipliers (GS ! n / ESC ! n)
    height: int = 1
    bold: bool = False
    align: str = "left"


@dataclass
class Decoded:
    lines: list[Line] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)  # native QR: GS ( k <cn=49 fn=80> store data
    qr_prints: int = 0
    images: list[Image.Image] = field(default_factory=list)  # raster images (an image QR among them)
    cuts: list[int] = field(default_factory=list)
    codepage_switches: list[int] = field(default_factory=list)  # ESC t n: must stay empty
    status_queries: list[int] = field(default_factory=list)
    inits: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def lines_with(self, needle: str) -> list[Line]:
        return [line for line in self.lines if needle in line.text]


_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


def decode(data: bytes) -> Decoded:
    """What a printer would do with these bytes, as assertable records."""
    out, state, current = Decoded(), {"w": 1, "h": 1, "bold": False, "align": "left"}, []
    for cmd in EscposParser().feed(data):
        if cmd.kind == "text":
            current.append((cmd.data.decode("latin-1"), dict(state)))
        elif cmd.kind == "lf":
            out.lines.append(_line(current))
            current = []
        else:
            _apply(cmd, state, out)
    if current:
        out.lines.append(_line(current))
    return out


def _line(runs: list[tuple[str, dict]]) -> Line:
    if not runs:
        return Line("")
    first = runs[0][1]
    return Line(
        "".join(t for t, _ in runs),
        max(s["w"] for _, s in runs),
        max(s["h"] for _, s in runs),
        any(s["bold"] for _, s in runs),
        first["align"],
    )


def _apply(cmd: Command, state: dict, out: Decoded) -> None:
    kind = cmd.kind
    if kind == "size":
        state["w"], state["h"] = (cmd.value >> 4) + 1, (cmd.value & 0x0F) + 1
    elif kind == "mode":
        state["w"], state["h"] = (2 if cmd.value & 0x20 else 1), (2 if cmd.value & 0x10 else 1)
        state["bold"] = bool(cmd.value & 0x08)
    elif kind == "bold":
        state["bold"] = bool(cmd.value & 1)
    elif kind == "align":
        state["align"] = _ALIGN.get(cmd.value, "left")
    elif kind == "init":
        out.inits += 1
        state.update(w=1, h=1, bold=False, align="left")
    elif kind == "gs(k" and len(cmd.data) >= 3 and cmd.data[0] == 49:
        if cmd.data[1] == 80:
            out.qr_payloads.append(cmd.data[3:].decode("utf-8", "replace"))
        elif cmd.data[1] == 81:
            out.qr_prints += 1
    elif kind == "raster":
        out.images.append(_raster_image(cmd.data))
    elif kind == "cut":
        out.cuts.append(cmd.value)
    elif kind == "codepage":
        out.codepage_switches.append(cmd.value)
    elif kind == "status":
        out.status_queries.append(cmd.value)


def _raster_image(data: bytes) -> Image.Image:
    width_bytes, height = data[0] + 256 * data[1], data[2] + 256 * data[3]
    # ESC/POS raster: 1 = black dot; Pillow "1" mode: 0 = black, so invert the bits
    pixels = bytes(b ^ 0xFF for b in data[4 : 4 + width_bytes * height])
    return Image.frombytes("1", (width_bytes * 8, height), pixels)
