"""The printer's real-time status (DLE EOT n) and every fault as a message an officer can act on.

Epson's answer bytes always have bits 1 and 4 set (0x12) and bit 0 and bit 7 clear; the other bits:
  DLE EOT 1 (printer):      bit 3 offline
  DLE EOT 2 (offline cause): bit 2 cover open, bit 5 stopped by paper end, bit 6 error
  DLE EOT 4 (paper sensor): bits 2+3 roll near end, bits 5+6 roll end
python-escpos 3.1 has `query_status`, `is_online()` and `paper_status()` but no cover or error bits, and treats
"no answer" as "paper OK"; so the three queries are made here, with their own bit masks, on its `_raw`/`_read`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared.services.print_jobs import TICKET_NOT_FOUND
from shared.text import Text

DLE_EOT = b"\x10\x04"
FIXED_BITS, FIXED_MASK = 0x12, 0x93  # bits 1 and 4 set, bits 0 and 7 clear: a genuine status byte


class Fault(StrEnum):
    PAPER_OUT = "paper_out"
    PAPER_NEAR_END = "paper_near_end"  # a warning: the ticket still prints
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    PRINTER_ERROR = "printer_error"
    NOT_ANSWERING = "not_answering"
    CONNECTION_REFUSED = "connection_refused"
    TIMEOUT = "timeout"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"
    BAD_URL = "bad_url"
    NOT_CONFIGURED = "not_configured"  # printer.url is empty: this PC has no printer (yet)
    TICKET_NOT_FOUND = "ticket_not_found"
    ERROR = "error"  # anything else around a print (a bug, the database): see the log

    @property
    def text(self) -> Text:
        """The full instruction for the officer."""
        return FAULT_TEXTS[self].text

    @property
    def short(self) -> Text:
        """The brief reason, for a per-ticket cell or a status bar."""
        return FAULT_TEXTS[self].short


@dataclass(frozen=True)
class FaultText:
    short: Text
    text: Text


def _fault(short_id: str, short_en: str, then_id: str = "", then_en: str = "") -> FaultText:
    """The short reason; the full instruction is the reason, a dash, and what to do about it."""
    short = Text(short_id, short_en)
    if not then_id:
        return FaultText(short, short)
    return FaultText(short, Text(f"{short_id} — {then_id}", f"{short_en} — {then_en}"))


FAULT_TEXTS: dict[Fault, FaultText] = {
    Fault.PAPER_OUT: _fault(
        "Kertas habis", "Paper out", "ganti gulungan kertas, lalu cetak ulang", "replace the paper roll, then reprint"
    ),
    Fault.PAPER_NEAR_END: _fault(
        "Kertas hampir habis", "Paper nearly out", "siapkan gulungan baru", "have a new roll ready"
    ),
    Fault.COVER_OPEN: _fault(
        "Tutup printer terbuka", "Printer cover open", "tutup rapat, lalu cetak ulang", "close it, then reprint"
    ),
    Fault.OFFLINE: _fault(
        "Printer offline", "Printer offline",
        "periksa lampu dan tombol printer, lalu cetak ulang", "check its lights and buttons, then reprint",
    ),
    Fault.PRINTER_ERROR: _fault(
        "Printer galat (pemotong/kepala cetak)", "Printer error (cutter/head)",
        "matikan dan nyalakan printer, lalu cetak ulang", "switch the printer off and on, then reprint",
    ),
    Fault.NOT_ANSWERING: _fault(
        "Printer tidak menjawab", "Printer not answering",
        "periksa daya dan kabel, lalu cetak ulang", "check power and cable, then reprint",
    ),
    Fault.CONNECTION_REFUSED: _fault(
        "Printer menolak sambungan", "Printer refused the connection",
        "periksa alamat IP dan daya printer", "check its IP address and power",
    ),
    Fault.TIMEOUT: _fault(
        "Printer terlalu lama menjawab", "Printer timed out",
        "periksa jaringan/kabel, lalu cetak ulang", "check network/cable, then reprint",
    ),
    Fault.NOT_FOUND: _fault(
        "Printer tidak ditemukan", "Printer not found",
        "periksa kabel USB/serial atau alamat printer", "check the USB/serial cable or the printer address",
    ),
    Fault.UNAVAILABLE: FaultText(
        Text("Printer tidak tersedia", "Printer unavailable"),
        Text("Jenis sambungan printer ini tidak tersedia di komputer ini",
             "This printer connection is not available on this computer"),
    ),
    Fault.BAD_URL: _fault("Alamat printer (printer.url) salah", "The printer address (printer.url) is wrong"),
    Fault.NOT_CONFIGURED: _fault(
        "Printer belum diatur", "No printer configured",
        "isi printer.url (antrian setup), lalu cetak ulang", "set printer.url (antrian setup), then reprint",
    ),
    Fault.TICKET_NOT_FOUND: FaultText(TICKET_NOT_FOUND, TICKET_NOT_FOUND),
    Fault.ERROR: _fault("Gagal mencetak", "Print failed", "lihat log, lalu cetak ulang", "see the log, then reprint"),
}


class PrinterFault(Exception):
    """A fault with its officer message; `detail` carries the technical cause for the log and the job record."""

    def __init__(self, fault: Fault, detail: str = "") -> None:
        self.fault = fault
        self.detail = detail
        super().__init__(self.text.line() + (f" ({detail})" if detail else ""))

    @property
    def text(self) -> Text:
        return self.fault.text

    @property
    def short(self) -> Text:
        return self.fault.short


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper: str  # "ok", "near_end", "out"
    cover_open: bool
    error: bool
    raw: bytes = b""  # the three answer bytes, for the log

    @property
    def fault(self) -> Fault | None:
        """The reason this printer cannot print a ticket now, most specific first."""
        if self.paper == "out":
            return Fault.PAPER_OUT
        if self.cover_open:
            return Fault.COVER_OPEN
        if self.error:
            return Fault.PRINTER_ERROR
        if not self.online:
            return Fault.OFFLINE
        return None

    @property
    def warning(self) -> Fault | None:
        return Fault.PAPER_NEAR_END if self.paper == "near_end" else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "online": self.online,
            "paper": self.paper,
            "cover_open": self.cover_open,
            "error": self.error,
            "raw": self.raw.hex(),
        }


def decode_status(printer_byte: int, offline_byte: int, paper_byte: int) -> PrinterStatus:
    if paper_byte & 0x60:
        paper = "out"
    elif paper_byte & 0x0C:
        paper = "near_end"
    else:
        paper = "ok"
    return PrinterStatus(
        online=not printer_byte & 0x08,
        paper=paper,
        cover_open=bool(offline_byte & 0x04),
        error=bool(offline_byte & 0x40),
        raw=bytes((printer_byte, offline_byte, paper_byte)),
    )


def query_status(printer: Any, read: Callable[[], Any] | None = None) -> PrinterStatus:
    """Ask DLE EOT 1, 2 and 4 on an open python-escpos connector; no answer raises NOT_ANSWERING."""
    answers = [_ask(printer, n, read or printer._read) for n in (1, 2, 4)]
    return decode_status(*answers)


def _ask(printer: Any, n: int, read: Callable[[], Any]) -> int:
    try:
        printer._raw(DLE_EOT + bytes((n,)))
        answer = bytes(read())
    except TimeoutError as exc:
        raise PrinterFault(Fault.NOT_ANSWERING, f"no answer to DLE EOT {n}: {exc}") from exc
    except OSError as exc:
        raise PrinterFault(Fault.NOT_ANSWERING, f"DLE EOT {n}: {exc}") from exc
    except Exception as exc:  # pyusb / pyserial raise their own timeout types
        if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower():
            raise PrinterFault(Fault.NOT_ANSWERING, f"no answer to DLE EOT {n}: {exc}") from exc
        raise
    if not answer:
        raise PrinterFault(Fault.NOT_ANSWERING, f"empty answer to DLE EOT {n}")
    byte = answer[-1]  # a late answer to an earlier query may precede ours; the newest is the current state
    if byte & FIXED_MASK != FIXED_BITS:
        raise PrinterFault(
            Fault.NOT_ANSWERING, f"DLE EOT {n} answered {answer.hex()}: not an ESC/POS status byte"
        )
    return byte
