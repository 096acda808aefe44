"""The estimated wait on the paper ticket: people ahead and the range as people read it (`wait_text`), "segera /
soon" only when the estimator says so, "may not be served today" when flagged; ASCII, fitting 32/42/48 columns,
and the same words read back from the real ESC/POS bytes."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest

from printing.jobs import print_now
from printing.layout import Line, ticket_layout, wait_lines
from printing.samples import LATE_TICKET, SAMPLE_TICKET
from printing.service import TicketPrinter
from shared.config import PrinterConfig
from shared.db.models import Ticket
from shared.domain import WaitEstimate
from shared.services.tickets import ticket_view
from shared.services.wait_estimate import wait_text
from shared.text import Text

from .conftest import NOW, add_queue, with_printer

TZ = ZoneInfo("Asia/Pontianak")
OFFICE = "Kantor Imigrasi Kelas II TPI Ketapang"


def texts(wait: WaitEstimate, width: int) -> list[str]:
    return [line.text for line in wait_lines(wait, width)]


def with_wait(wait: WaitEstimate):
    return dataclasses.replace(
        SAMPLE_TICKET, people_ahead=wait.people_ahead, estimated_wait_minutes=wait.minutes,
        estimated_wait_low_minutes=wait.low_minutes, estimated_wait_high_minutes=wait.high_minutes,
        may_not_be_served_today=wait.may_not_be_served_today)


def test_the_range_as_people_read_it_with_the_point_under_it():
    assert texts(WaitEstimate(15, 10, 20, 4), 48) == [
        "Perkiraan tunggu: 10-20 menit", "Estimated wait: 10-20 min", "(sekitar 15 menit) / (about 15 min)"]
    assert texts(WaitEstimate(4, 0, 8), 48) == [
        "Perkiraan tunggu: 0-8 menit", "Estimated wait: 0-8 min", "(sekitar 4 menit) / (about 4 min)"]
    assert texts(WaitEstimate(110, 80, 135), 32) == [
        "Perkiraan tunggu: 1-2,5 jam", "Estimated wait: 1-2.5 h", "(sekitar 2 jam) / (about 2 h)"]


def test_soon_only_when_the_estimator_says_so():
    assert texts(WaitEstimate(2, 0, 5), 48) == ["Perkiraan tunggu: segera / Estimated wait: soon"]
    assert texts(WaitEstimate(2, 0, 5), 32) == ["Perkiraan tunggu: segera", "Estimated wait: soon"]
    assert "segera" not in " ".join(texts(WaitEstimate(5, 2, 9), 48))


def test_may_not_be_served_today_on_lines_of_its_own_in_bold():
    lines = wait_lines(WaitEstimate(110, 80, 150, 17, may_not_be_served_today=True), 32)
    assert [(line.text, line.bold) for line in lines] == [
        ("Perkiraan tunggu: 1-2,5 jam", False), ("Estimated wait: 1-2.5 h", False),
        ("(sekitar 2 jam) / (about 2 h)", False),
        ("Mungkin tidak terlayani hari ini", True), ("May not be served today", True)]
    # no counter serves it at all (0, 0, 0, flagged): no "+/-0 menit", no "segera", only the warning
    nothing = wait_lines(WaitEstimate(0, 0, 0, may_not_be_served_today=True), 48)
    assert [(line.text, line.bold) for line in nothing] == [
        ("Mungkin tidak terlayani hari ini", True), ("May not be served today", True)]


WAITS = [WaitEstimate(15, 10, 20, 4), WaitEstimate(2, 0, 5), WaitEstimate(0, 0, 0, may_not_be_served_today=True),
         WaitEstimate(110, 80, 150, 123, may_not_be_served_today=True), WaitEstimate(45, 30, 60, 9)]


@pytest.mark.parametrize("width", [32, 42, 48])
@pytest.mark.parametrize("wait", WAITS)
def test_every_wait_fits_the_paper_in_ascii(width, wait):
    ops = ticket_layout(with_wait(wait), OFFICE, PrinterConfig(width=width), TZ)
    lines = [op.text for op in ops if isinstance(op, Line)]
    for op in ops:
        if isinstance(op, Line):
            assert len(op.text) * op.scale <= width and op.text.isascii(), op
    assert f"People ahead: {wait.people_ahead}" in "\n".join(lines)
    assert not any("+/-0" in line or "~" in line for line in lines)


@pytest.mark.parametrize("width", [32, 48])
def test_escpos_bytes_read_back_carry_the_range(config, loopback, width):
    cfg = with_printer(config, loopback.url, width=width)
    printer = TicketPrinter(cfg)
    assert printer.print_view(SAMPLE_TICKET).ok and printer.print_view(LATE_TICKET).ok
    loopback.wait_closed(2)
    sample, late = (job.decoded() for job in loopback.ticket_jobs()[-2:])
    assert "Perkiraan tunggu: 10-20 menit" in sample.text.splitlines()
    assert "Estimated wait: 10-20 min" in sample.text.splitlines()
    assert "terlayani" not in sample.text and "segera" not in sample.text
    assert "Perkiraan tunggu: 1-2,5 jam" in late.text.splitlines()
    [warning] = late.lines_with("Mungkin tidak terlayani hari ini")
    assert warning.bold and late.lines_with("May not be served today")[0].bold
    ahead = "Antrean di depan Anda: 17 / People ahead: 17" if width == 48 else "People ahead: 17"
    assert ahead in late.text.splitlines()


def test_a_real_ticket_prints_the_estimators_range(db, config, loopback):
    """On SQLite and PostgreSQL: the printed range is the ticket's own estimate, in `wait_text`'s words."""
    ids = add_queue(db, config, 6)
    cfg = with_printer(config, loopback.url, width=48)
    view = db.run(lambda s: ticket_view(s, config, s.get(Ticket, ids[5]), NOW))
    assert view.estimated_wait_low_minutes < view.estimated_wait_high_minutes
    assert view.estimated_wait_low_minutes <= view.estimated_wait_minutes <= view.estimated_wait_high_minutes
    assert print_now(db, TicketPrinter(cfg), cfg, ticket_id=ids[5], now=NOW).ok
    loopback.wait_closed(1)
    paper = loopback.last_job().decoded().text.splitlines()
    words = wait_text(view.wait, label=True)  # '... 10–20 menit' / '... 10–20 min', or 'segera / soon'
    expected = [words.paper()] if len(words.paper()) <= 48 else [Text(words.id).paper(), Text(words.en).paper()]
    start = paper.index(expected[0])
    assert paper[start:start + len(expected)] == expected
    assert f"People ahead: {view.people_ahead}" in "\n".join(paper)
