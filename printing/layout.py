"""The ticket as a list of layout operations: one pure function, rendered later to ESC/POS bytes or to a PNG.

Everything here is ASCII and fits the configured width (32, 42 or 48 characters of Font A), so what the preview
shows is what the printer prints.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from shared.config import PrinterConfig
from shared.domain import TicketView

Align = Literal["left", "center", "right"]

# Characters NFKD cannot reduce to ASCII but a ticket may well contain.
_TRANSLIT = str.maketrans(
    {"±": "+/-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "…": "...", "×": "x"}
)
DOTS_FOR_WIDTH = {32: 384, 42: 512, 48: 576}  # Font A is 12 dots wide: 58 mm = 384 dots, 80 mm = 512 / 576


@dataclass(frozen=True)
class Text:
    """One printed line; `scale` multiplies Font A (12x24 dots) in both directions (GS ! n)."""

    text: str
    align: Align = "left"
    bold: bool = False
    scale: int = 1
    tall: bool = False  # double height only, for the service name


@dataclass(frozen=True)
class Qr:
    payload: str
    size: int = 6  # module size in dots


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = False


Op = Text | Qr | Feed | Cut


def to_ascii(text: str) -> str:
    """NFKD and strip: 'Sélamat ±5' -> 'Selamat +/-5'; control characters become spaces."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_TRANSLIT))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return "".join(ch if 32 <= ord(ch) < 127 else " " for ch in ascii_only)


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(to_ascii(text), width, break_long_words=True, break_on_hyphens=False) or [""]


def bilingual(indonesian: str, english: str, width: int, **style: object) -> list[Text]:
    """'Indonesian / English' on one line when it fits, otherwise each language on its own line(s)."""
    both = to_ascii(f"{indonesian} / {english}" if english else indonesian)
    if len(both) <= width:
        return [Text(both, **style)]  # type: ignore[arg-type]
    lines = wrap(indonesian, width) + (wrap(english, width) if english else [])
    return [Text(line, **style) for line in lines]  # type: ignore[arg-type]


def split_bilingual(text: str, width: int, **style: object) -> list[Text]:
    """A configured 'Indonesian / English' line, split at ' / ' when too long for the paper."""
    indonesian, _, english = text.partition(" / ")
    return bilingual(indonesian, english, width, **style)


def field(label: str, value: str, width: int) -> list[Text]:
    """'Label : value' on one line, or the label and an indented value below it."""
    label, value = to_ascii(label), to_ascii(value)
    line = f"{label} : {value}"
    if len(line) <= width:
        return [Text(line)]
    return [Text(label + " :")] + [Text("  " + part) for part in wrap(value, width - 2)]


def qr_payload(ticket: TicketView) -> str:
    return f"ANTRIAN:{ticket.day.isoformat()}:{ticket.number}:{ticket.id}"


def number_scale(number: str, width: int) -> int:
    """As large as the printer allows (up to 5x) while the number still fits one line."""
    return max(1, min(5 if width > 32 else 4, width // max(1, len(number))))


def issued_text(issued_at: datetime, tz: ZoneInfo) -> str:
    local = issued_at.astimezone(tz)
    return f"{local:%d-%m-%Y  %H:%M} {local.tzname() or ''}".strip()


def ticket_layout(ticket: TicketView, office_name: str, printer: PrinterConfig, tz: ZoneInfo) -> list[Op]:
    """The printed ticket, top to bottom (see docs/tickets/ for how it looks)."""
    w = printer.width
    rule = Text("-" * w)
    ops: list[Op] = [Text(line, "center", bold=True) for line in wrap(office_name, w)]
    ops += [rule, *bilingual("NOMOR ANTREAN", "QUEUE NUMBER", w, align="center")]
    ops += [Text(to_ascii(ticket.number), "center", bold=True, scale=number_scale(ticket.number, w))]
    ops += [Text(line, "center", bold=True, tall=True) for line in wrap(ticket.service_name, w)]
    ops += [Text(line, "center") for line in wrap(ticket.service_name_en, w) if ticket.service_name_en]
    ops += [Text(issued_text(ticket.issued_at, tz), "center"), rule]
    ops += _applicant_fields(ticket, w)
    ops += bilingual(
        f"Antrean di depan Anda: {ticket.people_ahead}", f"People ahead: {ticket.people_ahead}", w
    )
    wait = ticket.estimated_wait_minutes
    ops += bilingual(f"Perkiraan tunggu: ±{wait} menit", f"Estimated wait: ~{wait} min", w)
    ops += [Feed(1), Qr(qr_payload(ticket), size=6 if w > 32 else 5), Feed(1)]
    ops += split_bilingual(printer.instruction, w, align="center") if printer.instruction else []
    ops += split_bilingual(printer.footer, w, align="center") if printer.footer else []
    return ops + [Feed(2), Cut()]


def _applicant_fields(ticket: TicketView, width: int) -> list[Op]:
    ops: list[Op] = []
    if ticket.applicant_name:
        ops += field("Nama/Name", ticket.applicant_name, width)
    if ticket.nik_masked:
        ops += field("NIK", ticket.nik_masked, width)  # already masked by the service: never the full NIK
    if ticket.booking_code:
        ops += field("Kode booking", ticket.booking_code, width)
    return ops + ([Text("-" * width)] if ops else [])


def layout_test_page(office_name: str, printer: PrinterConfig, url: str) -> list[Op]:
    """A page that shows the width, the large sizes, a QR and the cutter work."""
    w = printer.width
    ops: list[Op] = [Text(line, "center", bold=True) for line in wrap(office_name, w)]
    ops += bilingual("HALAMAN UJI PRINTER", "PRINTER TEST PAGE", w, align="center", bold=True)
    ops += [Text("0123456789" * (w // 10) + "0123456789"[: w % 10]), Text("-" * w)]
    ops += [Text("A-042", "center", bold=True, scale=number_scale("A-042", w))]
    ops += field("Lebar/Width", f"{w} kolom/columns", w) + field("Profil/Profile", printer.profile, w)
    ops += field("Alamat/Address", url, w)
    ops += [Feed(1), Qr("ANTRIAN:TEST", size=5), Feed(1)]
    return ops + split_bilingual(printer.footer, w, align="center") + [Feed(2), Cut()]
