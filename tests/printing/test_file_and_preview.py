"""The file connector (raw ESC/POS bytes) and the preview connector (PNG at the printer's dot width)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from printing.escpos_decode import decode
from printing.jobs import print_now
from printing.png_render import render_png
from printing.samples import SAMPLE_TICKET, write_samples
from printing.service import TicketPrinter

from .conftest import NOW, add_queue, with_printer

DAY = NOW.date()


def test_file_connector_writes_the_ticket_bytes(sqlite_db, config, tmp_path: Path):
    [tid] = add_queue(sqlite_db, config, 1)
    out = tmp_path / "ticket.bin"
    cfg = with_printer(config, f"file://{out}")
    outcome = print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=tid, now=NOW)
    assert outcome.ok and outcome.status is None  # a file cannot answer: no status, the print counts
    paper = decode(out.read_bytes())
    assert paper.lines_with("A-001")[0].width == 5 and paper.cuts and paper.status_queries == []
    assert paper.codepage_switches == []


def test_file_connector_in_a_missing_folder_fails_with_a_reason(sqlite_db, config, tmp_path: Path):
    [tid] = add_queue(sqlite_db, config, 1)
    cfg = with_printer(config, f"file://{tmp_path}/no/such/dir/t.bin")
    outcome = print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=tid)
    assert not outcome.ok and outcome.fault == "not_found"


@pytest.mark.parametrize("width, dots", [(32, 384), (42, 512), (48, 576)])
def test_preview_connector_draws_the_ticket_at_the_printer_width(
    sqlite_db, config, tmp_path: Path, width, dots
):
    [tid] = add_queue(sqlite_db, config, 1)
    cfg = with_printer(config, f"preview://{tmp_path}", width=width)
    outcome = print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=tid, now=NOW)
    assert outcome.ok and outcome.output == str(tmp_path / f"{DAY.isoformat()}_A-001.png")
    image = Image.open(outcome.output)
    assert image.width == dots and 700 < image.height < 1400


def test_preview_shows_the_qr_that_identifies_the_ticket(config):
    zxingcpp = pytest.importorskip("zxingcpp")
    ops = TicketPrinter(with_printer(config, "preview:///tmp", width=48)).layout(SAMPLE_TICKET)
    image = render_png(ops, 48).convert("L")
    texts = [code.text for code in zxingcpp.read_barcodes(image)]
    assert "ANTRIAN:2026-11-28:A-042:1042" in texts


def test_sample_tickets_for_the_docs(config, tmp_path: Path):
    small, large = write_samples(tmp_path, config)
    assert Image.open(small).width == 384 and Image.open(large).width == 576
