"""antrian-print end to end: config and database from the environment, the loopback printer on the other side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from printing.cli import main
from shared.db.engine import open_database

from .conftest import NOW, add_queue

DAY = NOW.date().isoformat()


@pytest.fixture
def site(tmp_path: Path, monkeypatch, config, loopback):
    """A SQLite file with two tickets, and ANTRIAN_* pointing the CLI at it and at the loopback printer."""
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    db = open_database(url)
    add_queue(db, config, 2)
    db.dispose()
    monkeypatch.setenv("ANTRIAN_DATABASE_URL", url)
    monkeypatch.setenv("ANTRIAN_PRINTER_URL", loopback.url)
    monkeypatch.setenv("ANTRIAN_PRINTER_TIMEOUT_SECONDS", "0.5")
    return loopback


def test_ticket_prints_and_reprints(site, capsys):
    assert main(["ticket", "A-002", "--date", DAY]) == 0
    assert "A-002: Tiket tercetak / Ticket printed" in capsys.readouterr().out
    assert main(["--json", "ticket", "a-002", "--date", DAY]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["number"] == "A-002" and result["status"]["paper"] == "ok"
    assert len(site.ticket_jobs()) == 2


def test_ticket_failure_exits_non_zero_with_the_reason(site, capsys):
    site.set_state("cover_open")
    assert main(["ticket", "A-001", "--date", DAY]) == 1
    assert "Tutup printer terbuka" in capsys.readouterr().err
    assert main(["ticket", "A-404", "--date", DAY]) == 3


def test_preview_writes_a_png(site, tmp_path: Path, capsys):
    out = tmp_path / "a1.png"
    assert main(["preview", "A-001", "--date", DAY, "--out", str(out)]) == 0
    assert Image.open(out).width == 576 and site.ticket_jobs() == []
    assert main(["preview", "B-001", "--date", DAY, "--out", str(out)]) == 3


def test_status_and_test_page(site, capsys):
    assert main(["status"]) == 0
    assert "Printer siap / Printer ready" in capsys.readouterr().out
    site.set_state("paper_out")
    assert main(["--json", "status"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"]["paper"] == "out" and answer["message_en"].startswith("Paper out")
    site.set_state("offline")
    assert main(["status"]) == 1
    assert "Printer tidak menjawab" in capsys.readouterr().err
    site.set_state("ok")
    assert main(["test-page"]) == 0
    assert "PRINTER TEST PAGE" in site.last_job().decoded().text


def test_status_of_a_connector_that_cannot_answer(site, capsys, tmp_path: Path):
    assert main(["--printer", f"file://{tmp_path}/t.bin", "status"]) == 0
    assert "cannot report status" in capsys.readouterr().out


def test_bad_printer_url_stops_with_exit_2(site, monkeypatch, capsys):
    monkeypatch.setenv("ANTRIAN_PRINTER_URL", "tcp://192.0.2.7")
    assert main(["status"]) == 2
    assert "printer.url = 'tcp://192.0.2.7'" in capsys.readouterr().err
