"""Tickets printed through python-escpos' real Network connector into the loopback printer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from printing.connectors import make_connector
from printing.jobs import print_now
from printing.service import TicketPrinter
from printing.status import Fault
from shared.db.models import PrintJob, Ticket
from shared.services.print_jobs import unprinted_tickets
from shared.services.tickets import people_ahead
from shared.text import Text

from .conftest import FULL_NIK, NOW, add_queue, add_walk_in, with_printer

DAY = NOW.date()


def ticket_row(db, ticket_id: int) -> tuple:
    def read(session):
        t = session.get(Ticket, ticket_id)
        return t.number, t.status, t.sort_at, people_ahead(session, t)

    return db.run(read)


def jobs_of(db, ticket_id: int) -> list[tuple[str, int, str | None]]:
    def read(session):
        rows = session.scalars(select(PrintJob).where(PrintJob.ticket_id == ticket_id).order_by(PrintJob.id))
        return [(j.status, j.attempts, j.reason) for j in rows]

    return db.run(read)


def test_ticket_prints_with_large_number_masked_nik_qr_and_cut(db, config, loopback):
    ids = add_queue(db, config, 3)
    cfg = with_printer(config, loopback.url)
    outcome = print_now(db, TicketPrinter(cfg, None), cfg, ticket_id=ids[2], now=NOW)
    assert outcome.ok and outcome.number == "A-003" and outcome.message.en == "Ticket printed"
    assert outcome.short.en == "Printed" and outcome.job_id is not None
    assert outcome.status is not None and outcome.status.paper == "ok"

    loopback.wait_closed(1)
    paper = loopback.last_job().decoded()
    [number] = paper.lines_with("A-003")
    assert (number.width, number.height, number.bold, number.align) == (5, 5, True, "center")
    assert [line.text for line in paper.lines_with("NIK")] == ["NIK : 6104********0003"]
    assert FULL_NIK not in bytes(loopback.last_job().data).decode("latin-1")  # not even inside the QR
    assert paper.qr_payloads == [f"ANTRIAN:{DAY.isoformat()}:A-003:{ids[2]}"] and paper.qr_prints == 1
    assert paper.cuts == [0]  # GS V 0: full cut
    assert paper.codepage_switches == []  # no ESC t: ASCII in the printer's default page
    assert "Antrean di depan Anda: 2 / People ahead: 2" in paper.text
    assert paper.status_queries == [1, 2, 4, 1, 2, 4]  # before and after printing
    assert jobs_of(db, ids[2]) == [("printed", 1, None)]


def test_image_qr_where_the_profile_has_no_native_qr(sqlite_db, config, loopback):
    [tid] = add_queue(sqlite_db, config, 1)
    cfg = with_printer(config, loopback.url, profile="TH230")  # no qrCode feature in its profile
    assert not make_connector(cfg.printer).qr_is_native
    assert print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=tid, now=NOW).ok
    paper = loopback.last_job().decoded()
    assert paper.qr_payloads == [] and len(paper.images) == 1
    assert (
        paper.codepage_switches == []
    )  # python-escpos' own "\n" around the image does not switch pages either
    zxingcpp = pytest.importorskip("zxingcpp")
    [code] = zxingcpp.read_barcodes(paper.images[0].convert("L").resize((paper.images[0].width * 2,) * 2))
    assert code.text == f"ANTRIAN:{DAY.isoformat()}:A-001:{tid}"


@pytest.mark.parametrize(
    "state, fault, message_id",
    [
        ("paper_out", Fault.PAPER_OUT, "Kertas habis — ganti gulungan kertas, lalu cetak ulang"),
        ("cover_open", Fault.COVER_OPEN, "Tutup printer terbuka — tutup rapat, lalu cetak ulang"),
        ("error", Fault.PRINTER_ERROR, None),
        ("offline", Fault.NOT_ANSWERING, "Printer tidak menjawab — periksa daya dan kabel, lalu cetak ulang"),
    ],
)
def test_a_fault_before_printing_keeps_the_ticket_unprinted(db, config, loopback, state, fault, message_id):
    ids = add_queue(db, config, 3)
    before = ticket_row(db, ids[1])
    loopback.set_state(state)
    cfg = with_printer(config, loopback.url, timeout_seconds=0.3)
    outcome = print_now(db, TicketPrinter(cfg), cfg, ticket_id=ids[1], now=NOW)
    assert not outcome.ok and outcome.fault == fault.value and outcome.number == "A-002"
    assert outcome.short == fault.short and outcome.message == fault.text
    if message_id:
        assert outcome.message.id == message_id
        assert outcome.short.id == message_id.split(" — ")[0]  # the table's short form, never split in code
    [(status, attempts, reason)] = jobs_of(db, ids[1])
    assert (status, attempts) == ("failed", 1) and reason.startswith(fault.value)
    assert ticket_row(db, ids[1]) == before  # same number, same status, same place in the queue
    assert [u.number for u in db.run(unprinted_tickets, DAY)] == ["A-001", "A-002", "A-003"]
    loopback.wait_closed(len(loopback.jobs))
    assert all(
        not job.decoded().lines for job in loopback.jobs
    )  # nothing was sent to a printer that cannot print


def test_paper_running_out_during_the_ticket_fails_it_and_reprint_succeeds(db, config, loopback):
    ids = add_queue(db, config, 2)
    cfg = with_printer(config, loopback.url)
    printer = TicketPrinter(cfg)
    loopback.fail_during_job = "paper_out"
    outcome = print_now(db, printer, cfg, day=DAY, number="a-002", now=NOW)  # by number, as the officer types it
    assert not outcome.ok and outcome.fault == "paper_out" and outcome.status.paper == "out"
    assert "Paper out" in outcome.message.en
    assert jobs_of(db, ids[1])[0][:2] == ("failed", 1)

    loopback.set_state("ok")  # the officer changed the roll
    again = print_now(db, printer, cfg, day=DAY, number="A-002", now=NOW)
    assert again.ok and again.job_id == outcome.job_id  # the same job, a second attempt
    assert jobs_of(db, ids[1]) == [("printed", 2, None)]
    assert ticket_row(db, ids[1])[0] == "A-002"

    reprint = print_now(db, printer, cfg, day=DAY, number="A-002", now=NOW)  # a reprint of a printed ticket is a new job
    assert reprint.ok and jobs_of(db, ids[1]) == [("printed", 2, None), ("printed", 1, None)]
    assert [job.decoded().lines_with("A-002")[0].width for job in loopback.ticket_jobs()] == [5, 5, 5]


def test_near_end_prints_with_a_warning(sqlite_db, config, loopback):
    [tid] = add_queue(sqlite_db, config, 1)
    loopback.set_state("near_end")
    cfg = with_printer(config, loopback.url)
    outcome = print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=tid, now=NOW)
    assert outcome.ok and outcome.fault == "paper_near_end"
    assert outcome.message.id == "Tiket tercetak. Kertas hampir habis — siapkan gulungan baru"
    assert outcome.short == Text("Tercetak. Kertas hampir habis", "Printed. Paper nearly out")
    [(status, attempts, reason)] = jobs_of(sqlite_db, tid)
    assert status == "printed" and reason.startswith("paper_near_end")


def test_slow_printer_within_the_timeout_prints_beyond_it_fails(sqlite_db, config, loopback):
    ids = add_queue(sqlite_db, config, 2)
    loopback.slow_seconds = 0.05
    patient = with_printer(config, loopback.url, timeout_seconds=1.0)
    assert print_now(sqlite_db, TicketPrinter(patient), patient, ticket_id=ids[0]).ok
    loopback.slow_seconds = 0.6
    hasty = with_printer(config, loopback.url, timeout_seconds=0.2)
    outcome = print_now(sqlite_db, TicketPrinter(hasty), hasty, ticket_id=ids[1])
    assert not outcome.ok and outcome.fault == "not_answering"


def test_connection_refused(sqlite_db, config, loopback):
    [tid] = add_queue(sqlite_db, config, 1)
    url = loopback.url
    loopback.stop()
    cfg = with_printer(config, url)
    outcome = print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=tid)
    assert not outcome.ok and outcome.fault == "connection_refused"
    assert outcome.message.id.startswith("Printer menolak sambungan")
    assert jobs_of(sqlite_db, tid)[0][0] == "failed"


def test_unknown_ticket_number(sqlite_db, config, loopback):
    cfg = with_printer(config, loopback.url)
    outcome = print_now(sqlite_db, TicketPrinter(cfg), cfg, day=DAY, number="Z-999")
    assert not outcome.ok and outcome.fault == "ticket_not_found" and outcome.job_id is None
    assert outcome.fault == Fault.TICKET_NOT_FOUND and outcome.message == Fault.TICKET_NOT_FOUND.text
    assert print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=999_999).fault == "ticket_not_found"


def test_walk_in_ticket_prints_without_personal_data(sqlite_db, config, loopback):
    tid = add_walk_in(sqlite_db, config, "pickup")
    cfg = with_printer(config, loopback.url, width=32)
    assert print_now(sqlite_db, TicketPrinter(cfg), cfg, ticket_id=tid, now=NOW).ok
    paper = loopback.last_job().decoded()
    assert paper.lines_with("C-001")[0].width == 4
    assert not paper.lines_with("NIK") and "Pengambilan Paspor" in paper.text
    assert all(len(line.text) * line.width <= 32 for line in paper.lines)


def test_print_what_did_not_print_never_prints_a_ticket_twice(sqlite_db, config, loopback):
    ids = add_queue(sqlite_db, config, 2)
    cfg = with_printer(config, loopback.url)
    printer = TicketPrinter(cfg, None)
    assert print_now(sqlite_db, printer, cfg, ticket_id=ids[0], now=NOW).ok
    again = print_now(sqlite_db, printer, cfg, ticket_id=ids[0], now=NOW, only_if_unprinted=True)  # pressed late
    assert again.ok and again.message.en == "Already printed"
    assert len(loopback.ticket_jobs()) == 1 and jobs_of(sqlite_db, ids[0]) == [("printed", 1, None)]
    fresh = print_now(sqlite_db, printer, cfg, ticket_id=ids[1], now=NOW, only_if_unprinted=True)
    assert fresh.message.en == "Ticket printed"
    assert len(loopback.ticket_jobs()) == 2


def test_print_view_needs_no_database_and_never_raises_for_a_printer_fault(config, loopback):
    from printing.samples import SAMPLE_TICKET

    printer = TicketPrinter(with_printer(config, loopback.url, timeout_seconds=0.3))
    printed = printer.print_view(SAMPLE_TICKET, job_id=7)
    assert printed.ok and printed.job_id == 7 and printed.record_reason is None
    assert loopback.last_job().decoded().lines_with("A-042")
    loopback.set_state("cover_open")
    failed = printer.print_view(SAMPLE_TICKET)
    assert not failed.ok and failed.fault is Fault.COVER_OPEN and failed.job_id is None
    assert failed.record_reason == f"cover_open: {Fault.COVER_OPEN.text.line()} [before printing]"
    assert failed.as_dict()["message_en"] == "Printer cover open — close it, then reprint"
    assert failed.as_dict()["short"] == {"id": "Tutup printer terbuka", "en": "Printer cover open"}
