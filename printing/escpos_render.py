"""Layout operations onto a python-escpos printer object: plain ASCII, one fixed code page, never ESC t."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from typing import Any

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos

from .layout import Cut, Feed, Line, Op, Qr


def fixed_encoding_args(profile: Any) -> dict[str, Any]:
    """MagicEncode settings that never switch code pages.

    python-escpos 3.1 starts with no known code page, so its first `text()` (even the "\\n" that `qr(native=False)`
    writes) sends ESC t n. Telling it the printer already uses CP437 (the power-on default of ESC/POS printers)
    and disabling the switching means text goes out as bytes only; our text is ASCII, identical in every page.
    """
    pages = list(profile.get_code_pages())
    encoding = "CP437" if "CP437" in pages else pages[0]
    return {"encoding": encoding, "disabled": True}


def supports_native_qr(printer: Escpos) -> bool:
    return bool(printer.profile.supports("qrCode"))


def render_escpos(printer: Escpos, ops: Iterable[Op], native_qr: bool | None = None) -> None:
    """Send the ticket. `native_qr=None` follows the profile (GS ( k where it has qrCode, else a raster image)."""
    native = supports_native_qr(printer) if native_qr is None else native_qr
    printer.hw("INIT")  # ESC @: whatever the last job left (sizes, bold) is cleared
    for op in ops:
        _render_one(printer, op, native)


def _render_one(printer: Escpos, op: Op, native_qr: bool) -> None:
    if isinstance(op, Line):
        height = op.scale * (2 if op.tall else 1)
        printer.set(align=op.align, bold=op.bold, custom_size=True, width=op.scale, height=height)
        printer.text(op.text + "\n")
    elif isinstance(op, Qr):
        printer.set(align="center", bold=False, custom_size=True, width=1, height=1)
        if native_qr:
            printer.qr(op.payload, ec=QR_ECLEVEL_M, size=op.size, native=True)
        else:
            # image() prints a notice to stdout when the profile has no pixel width: keep stdout for the CLI
            with contextlib.redirect_stdout(io.StringIO()):
                printer.qr(op.payload, ec=QR_ECLEVEL_M, size=op.size, native=False)
        printer.set(align="left")
    elif isinstance(op, Feed):
        printer.ln(op.lines)
    elif isinstance(op, Cut):
        printer.cut(mode="PART" if op.partial else "FULL")
