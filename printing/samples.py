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
    estimated_wait_minutes=15,
    estimated_wait_low_minutes=10,
    estimated_wait_high_minutes=20,
)
# Late in the day: a long wait whose slow end reaches past the hall's closing time.
LATE_TICKET = dataclasses.replace(
    SAMPLE_TICKET,
    id=1187,
    number="B-061",
    service_prefix="B",
    service_name="Penggantian Paspor",
    service_name_en="Passport replacement",
    issued_at=datetime(2026, 11, 28, 6, 41, 52, tzinfo=UTC),  # 13:41 WIB
    applicant_name="BAMBANG SUSILO",
    nik_masked="6104********0117",
    booking_code="R3T8W2PL",
    application_type="replacement",
    people_ahead=17,
    estimated_wait_minutes=110,
    estimated_wait_low_minutes=80,
    estimated_wait_high_minutes=150,
    may_not_be_served_today=True,
)
PAPERS = {"58mm": 32, "80mm": 48}
SAMPLES = {"": SAMPLE_TICKET, "-late": LATE_TICKET}


def write_samples(folder: Path, config: Config, ticket: TicketView = SAMPLE_TICKET, suffix: str = "") -> list[Path]:
    """ticket-58mm{suffix}.png and ticket-80mm{suffix}.png."""
    paths = []
    for paper, width in PAPERS.items():
        printer = dataclasses.replace(config.printer, width=width)
        ops = ticket_layout(ticket, config.office.name, printer, config.office.tz)
        paths.append(save_png(ops, width, folder / f"ticket-{paper}{suffix}.png"))
    return paths


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else "docs/tickets")
    config = load_config()
    for suffix, ticket in SAMPLES.items():
        for path in write_samples(folder, config, ticket, suffix):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
