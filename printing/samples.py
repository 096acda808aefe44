"""A realistic sample ticket, and `python -m printing.samples DIR` to draw it at 58 mm and 80 mm (docs/tickets/)."""

from __future__ import annotations

import dataclasses
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from shared.config import Config, load_config
from shared.domain import TicketView

from .layout import ticket_layout
from .png_render import save_png

SAMPLE_TICKET = TicketView(
    id=1042,
    number="A-042",
    day=date(2026, 11, 28),
    service_prefix="A",
    service_name="Paspor Baru",
    service_name_en="New passport",
    status="waiting",
    issued_at=datetime(2026, 11, 28, 1, 3, 11, tzinfo=UTC),  # 08:03 WIB
    applicant_name="SITI AMINAH",
    nik_masked="6104********0003",
    booking_code="K7Q2M9XA",
    application_type="new",
    people_ahead=4,
    estimated_wait_minutes=24,
)
PAPERS = {"58mm": 32, "80mm": 48}


def write_samples(folder: Path, config: Config, ticket: TicketView = SAMPLE_TICKET) -> list[Path]:
    paths = []
    for paper, width in PAPERS.items():
        printer = dataclasses.replace(config.printer, width=width)
        ops = ticket_layout(ticket, config.office.name, printer, config.office.tz)
        paths.append(save_png(ops, width, folder / f"ticket-{paper}.png"))
    return paths


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else "docs/tickets")
    for path in write_samples(folder, load_config()):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
