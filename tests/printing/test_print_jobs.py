"""shared.services.print_jobs on SQLite and PostgreSQL: jobs, attempts, the unprinted list, the printed view."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from shared.services import print_jobs

from .conftest import NOW, add_queue, add_walk_in

DAY = NOW.date()


def test_job_lifecycle_counts_attempts_and_keeps_reasons(db, config):
    [tid] = add_queue(db, config, 1)
    job = db.run(print_jobs.create_job, tid, "network://192.0.2.7:9100", NOW)
    assert (job.status, job.attempts, job.reason, job.printer) == (
        "queued",
        0,
        None,
        "network://192.0.2.7:9100",
    )
    failed = db.run(print_jobs.mark_failed, job.id, "paper_out: Kertas habis / Paper out", NOW)
    assert (failed.status, failed.attempts, failed.reason) == (
        "failed",
        1,
        "paper_out: Kertas habis / Paper out",
    )
    retry = db.run(print_jobs.start_job, tid, "network://192.0.2.7:9100", NOW + timedelta(minutes=1))
    assert retry.id == job.id and retry.status == "queued" and retry.attempts == 1
    printed = db.run(print_jobs.mark_printed, job.id, None, NOW + timedelta(minutes=1))
    assert (printed.status, printed.attempts, printed.reason) == ("printed", 2, None)
    assert printed.updated_at == NOW + timedelta(minutes=1) and printed.created_at == NOW
    reprint = db.run(print_jobs.start_job, tid, "", NOW)
    assert reprint.id != job.id and db.run(print_jobs.latest_job, tid) == reprint


def test_unprinted_tickets_are_those_whose_latest_job_did_not_print(db, config):
    a1, a2, a3, a4 = add_queue(db, config, 4)
    walk_in = add_walk_in(db, config)
    for tid in (a1, a2, a3):
        db.run(print_jobs.mark_printed, db.run(print_jobs.create_job, tid, "", NOW).id, None, NOW)
    db.run(
        print_jobs.mark_failed, db.run(print_jobs.create_job, a2, "", NOW).id, "cover_open: ...", NOW
    )  # reprint failed
    db.run(print_jobs.create_job, a3, "", NOW)  # a reprint still queued (the program stopped mid-print)
    unprinted = db.run(print_jobs.unprinted_tickets, DAY)
    assert [(u.number, u.job_status, u.attempts) for u in unprinted] == [
        ("A-002", "failed", 1),
        ("A-003", "queued", 0),
        ("A-004", None, 0),
        ("C-001", None, 0),
    ]
    assert unprinted[0].reason == "cover_open: ..." and unprinted[0].status == "waiting"
    assert {u.ticket_id for u in unprinted} == {a2, a3, a4, walk_in}
    assert db.run(print_jobs.unprinted_tickets, DAY + timedelta(days=1)) == ()


def test_view_for_print_by_id_and_by_number(db, config):
    ids = add_queue(db, config, 3)
    by_id = db.run(print_jobs.view_by_id, config, ids[2], NOW)
    by_number = db.run(print_jobs.view_by_number, config, DAY, "a-003", NOW)
    assert by_id == by_number
    assert (
        by_id.number == "A-003"
        and by_id.nik_masked == "6104********0003"
        and by_id.booking_code == "BOOK0003X"
    )
    assert by_id.people_ahead == 2 and by_id.estimated_wait_minutes > 0
    assert by_id.service_name == "Paspor Baru" and by_id.issued_at == NOW + timedelta(minutes=3)
    assert db.run(print_jobs.view_by_number, config, DAY, "A-404", NOW) is None
    assert db.run(print_jobs.view_by_id, config, 999_999, NOW) is None


def test_reprint_reads_the_view_and_starts_the_job_in_one_transaction(db, config):
    ids = add_queue(db, config, 2)
    start = db.run(print_jobs.reprint_by_number, config, DAY, "a-001", "file:///tmp/t.bin", NOW)
    assert start.view.number == "A-001" and start.job.status == "queued" and start.job.printer == "file:///tmp/t.bin"
    assert db.run(print_jobs.latest_job, ids[0]) == start.job
    printed = db.run(print_jobs.record_outcome, start.job.id, True, None, NOW)
    assert (printed.status, printed.attempts, printed.reason) == ("printed", 1, None)
    already = db.run(print_jobs.reprint_by_id, config, ids[0], "", NOW, True)
    assert already.view.printed and already.job is None  # only unprinted tickets asked for: nothing to print
    again = db.run(print_jobs.reprint_by_id, config, ids[0], "", NOW, False)
    assert again.job.id != start.job.id  # an explicit reprint of a printed ticket is a new job
    failed = db.run(print_jobs.record_outcome, again.job.id, False, "cover_open: ...", NOW)
    assert (failed.status, failed.reason) == ("failed", "cover_open: ...")
    assert db.run(print_jobs.reprint_by_id, config, 999_999, "", NOW) == print_jobs.PrintStart(None, None)
    assert [u.number for u in db.run(print_jobs.unprinted_tickets, DAY, NOW)] == ["A-001", "A-002"]


def test_the_officer_reads_the_words_of_a_stored_reason(db, config):
    """The job row keeps "<fault>: <words> [<cause>]"; the gate's unprinted menu shows only the words."""
    (tid,) = add_queue(db, config, 1)
    reason = "paper_out: Kertas habis — ganti gulungan / Paper out — replace the roll [ESC/POS status 0x0c]"
    db.run(print_jobs.mark_failed, db.run(print_jobs.create_job, tid, "", NOW).id, reason, NOW)
    (item,) = db.run(print_jobs.unprinted_tickets, DAY)
    assert item.words == "Kertas habis — ganti gulungan / Paper out — replace the roll"
    assert replace(item, reason=None).words is None
