"""The ticket as a list of layout operations: one pure function, rendered later to ESC/POS bytes or to a PNG.

Everything here is ASCII and fits the configured width (32, 42 or 48 characters of Font A), so what the preview
shows is what the printer prints. Bilingual words arrive as `shared.text.Text` and stay so until a line is laid
out; only a configured "Indonesian / English" setting (the footer, the instruction) is read into one, once.
"""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from shared.config import PrinterConfig
from shared.domain import TicketView, WaitEstimate
from shared.services.wait_estimate import NOT_TODAY, point_text, wait_text
from shared.text import Text, to_ascii

Align = Literal["left", "center", "right"]

DOTS_FOR_WIDTH = {32: 384, 42: 512, 48: 576}  # Font A is 12 dots wide: 58 mm = 384 dots, 80 mm = 512 / 576

QUEUE_NUMBER = Text("NOMOR ANTREAN", "QUEUE NUMBER")
TEST_PAGE = Text("HALAMAN UJI PRINTER", "PRINTER TEST PAGE")
PEOPLE_AHEAD = Text("Antrean di depan Anda: {n}", "People ahead: {n}")


@dataclass(frozen=True)
class Line:
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


Op = Line | Qr | Feed | Cut


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(to_ascii(text), width, break_long_words=True, break_on_hyphens=False) or [""]


def bilingual(text: Text, width: int, **style: object) -> list[Line]:
    """'Indonesian / English' on one line when it fits, otherwise each language on its own line(s)."""
    both = text.paper()
    if len(both) <= width:
        return [Line(both, **style)]  # type: ignore[arg-type]
    lines = wrap(text.id, width) + (wrap(text.en, width) if text.en and text.en != text.id else [])
    return [Line(line, **style) for line in lines]  # type: ignore[arg-type]


def configured_text(setting: str) -> Text:
    """Reads a configured 'Indonesian / English' setting (printer.footer, printer.instruction) into a Text:
    the one place a string is split by language, because config.toml holds plain strings."""
    indonesian, _, english = setting.partition(" / ")
    return Text(indonesian, english)


def field(label: Text, value: str, width: int) -> list[Line]:
    """'Label : value' on one line, or the label and an indented value below it."""
    label_text, value = label.paper("/"), to_ascii(value)
    line = f"{label_text} : {value}"
    if len(line) <= width:
        return [Line(line)]
    return [Line(label_text + " :")] + [Line("  " + part) for part in wrap(value, width - 2)]


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
    rule = Line("-" * w)
    ops: list[Op] = [Line(line, "center", bold=True) for line in wrap(office_name, w)]
    ops += [rule, *bilingual(QUEUE_NUMBER, w, align="center")]
    ops += [Line(to_ascii(ticket.number), "center", bold=True, scale=number_scale(ticket.number, w))]
    ops += [Line(line, "center", bold=True, tall=True) for line in wrap(ticket.service_name, w)]
    ops += [Line(line, "center") for line in wrap(ticket.service_name_en, w) if ticket.service_name_en]
    ops += [Line(issued_text(ticket.issued_at, tz), "center"), rule]
    ops += _applicant_fields(ticket, w)
    ops += bilingual(PEOPLE_AHEAD.format(n=ticket.people_ahead), w)
    ops += wait_lines(ticket.wait, w)
    ops += [Feed(1), Qr(qr_payload(ticket), size=6 if w > 32 else 5), Feed(1)]
    ops += _configured_lines(printer.instruction, w) + _configured_lines(printer.footer, w)
    return ops + [Feed(2), Cut()]


def wait_lines(wait: WaitEstimate, width: int) -> list[Line]:
    """The estimated wait as printed: the range from `wait_text` ('segera / soon' only when the estimator says
    so); when flagged, "may not be served today" in bold on lines of its own, so no range breaks mid-line."""
    if not wait.may_not_be_served_today:
        return bilingual(wait_text(wait, label=True), width) + _point(wait, width)
    plain = dataclasses.replace(wait, may_not_be_served_today=False)
    warning = bilingual(_sentence(NOT_TODAY), width, bold=True)
    if plain.soon:  # no counter serves it, or the hall closes within minutes: no range to give
        return warning
    return bilingual(wait_text(plain, label=True), width) + _point(plain, width) + warning


def _point(wait: WaitEstimate, width: int) -> list[Line]:
    """The point estimate under the range ('(sekitar 15 menit / about 15 min)'), where there is a range."""
    point = point_text(wait)
    return [] if point is None else bilingual(Text("(") + point + ")", width)


def _sentence(text: Text) -> Text:
    """The words as a sentence of their own: a capital first letter in both languages."""
    return Text(text.id[:1].upper() + text.id[1:], text.en[:1].upper() + text.en[1:])


def _configured_lines(setting: str, width: int) -> list[Op]:
    return list(bilingual(configured_text(setting), width, align="center")) if setting else []


def _applicant_fields(ticket: TicketView, width: int) -> list[Op]:
    ops: list[Op] = []
    if ticket.applicant_name:
        ops += field(Text("Nama", "Name"), ticket.applicant_name, width)
    if ticket.nik_masked:
        ops += field(Text("NIK"), ticket.nik_masked, width)  # already masked by the service: never the full NIK
    if ticket.booking_code:
        ops += field(Text("Kode booking"), ticket.booking_code, width)
    return ops + ([Line("-" * width)] if ops else [])


def layout_test_page(office_name: str, printer: PrinterConfig, url: str) -> list[Op]:
    """A page that shows the width, the large sizes, a QR and the cutter work."""
    w = printer.width
    ops: list[Op] = [Line(line, "center", bold=True) for line in wrap(office_name, w)]
    ops += bilingual(TEST_PAGE, w, align="center", bold=True)
    ops += [Line("0123456789" * (w // 10) + "0123456789"[: w % 10]), Line("-" * w)]
    ops += [Line("A-042", "center", bold=True, scale=number_scale("A-042", w))]
    ops += field(Text("Lebar", "Width"), f"{w} kolom/columns", w)
    ops += field(Text("Profil", "Profile"), printer.profile, w)
    ops += field(Text("Alamat", "Address"), url, w)
    ops += [Feed(1), Qr("ANTRIAN:TEST", size=5), Feed(1)]
    return ops + _configured_lines(printer.footer, w) + [Feed(2), Cut()]
