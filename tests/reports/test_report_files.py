"""`antrian report` end to end on the scripted day: JSON on stdout, and CSV, XLSX and PDF files opened back."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime

import pytest

from shared import cli
from shared.services.reports import FIELDS

from .test_report_figures import DAY, scripted_day


@pytest.fixture
def office(sqlite_db, config, monkeypatch):
    scripted_day(sqlite_db, config)
    monkeypatch.setenv("ANTRIAN_DATABASE_URL", sqlite_db.url)
    return sqlite_db


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def test_json_on_stdout(office, capsys):
    code, out = run(capsys, "--json", "report", "--from", DAY.isoformat(), "--to", DAY.isoformat(), "--by", "service")
    assert code == 0
    data = json.loads(out)
    assert [r["service"] for r in data["rows"]] == ["A", "B", "C", "I", "D"]
    assert all(list(r) == ["service", *FIELDS] for r in data["rows"])
    assert data["total"]["wait_p90_s"] == 1950.0 and data["total"]["arrived"] == 6
    code, out = run(capsys, "report", "--from", DAY.isoformat(), "--format", "json", "--by", "officer")
    assert code == 0 and json.loads(out)["rows"][0]["officer"] == "—"


def test_text_table_and_bad_grouping(office, capsys):
    code, out = run(capsys, "report", "--from", DAY.isoformat(), "--by", "counter")
    assert code == 0 and "Loket 4" in out and "Total" in out
    assert cli.main(["report", "--by", "month"]) == cli.EXIT_USAGE


def test_csv_for_excel_in_indonesian(office, capsys, tmp_path):
    out = tmp_path / "r.csv"
    code, _ = run(capsys, "report", "--from", DAY.isoformat(), "--by", "service", "--format", "csv", "--out", str(out))
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    lines = raw.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[2] == "Pemohon terjadwal / Booked applicants" and len(header) == 2 + len(FIELDS)
    total = lines[-1].split(";")
    assert total[0] == "Total" and total[2:9] == ["4", "6", "6", "5", "1", "1", "2"]
    assert total[9] == "71,4" and total[10] == "1300,0"  # decimal comma
    c_row = next(line.split(";") for line in lines if line.startswith("C;"))
    assert c_row[1] == "C Pengambilan Paspor / Passport pickup"
    assert c_row[2 + FIELDS.index("service_mean_s")] == ""  # nothing to measure: empty, not 0


def test_xlsx_sheet_per_grouping_with_charts(office, capsys, tmp_path):
    out = tmp_path / "r.xlsx"
    code, _ = run(capsys, "report", "--from", DAY.isoformat(), "--format", "xlsx", "--out", str(out))
    assert code == 0
    with zipfile.ZipFile(out) as book:
        names = book.namelist()
        workbook = book.read("xl/workbook.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
        sheets = re.findall(r'<sheet name="([^"]+)"', workbook)
        assert sheets == ["Ringkasan - Summary", "Hari - Day", "Jam - Hour", "Layanan - Service", "Loket - Counter",
                          "Petugas - Officer"]
        assert len([n for n in names if n.startswith("xl/charts/chart")]) == 10  # two native charts per grouping
        assert "Tunggu P90 (dtk) / Wait P90 (s)" in strings and "Loket 4" in strings
        service_sheet = book.read("xl/worksheets/sheet4.xml").decode()
    # the service sheet's total row: arrived 6 in column D (A key, B label, C booked, D arrived)
    assert re.search(r'<c r="D7"[^>]*><v>6</v>', service_sheet)
    assert re.search(r'<c r="K7"[^>]*><v>1300</v>', service_sheet)  # wait mean


def test_pdf_monthly_report(office, capsys, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "r.pdf"
    code, _ = run(capsys, "report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "pdf", "--out", str(out))
    assert code == 0
    reader = pypdf.PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 4
    for words in ("Kantor Imigrasi Kelas II TPI Ketapang", "01-11-2026 s.d. 30-11-2026", "Tingkat layanan",
                  "Service level", "Per layanan", "By counter", "Kehadiran per jadwal", "Foto dan Wawancara"):
        assert words in text, words
    assert "71,4" in text and "21,7" in text  # service level %, the wait mean 1300 s in minutes
    images = sum(len(page.images) for page in reader.pages)
    assert images == 3  # arrivals and waits by hour, per service, per counter


def test_pdf_without_dejavu_falls_back_to_ascii(office, config, tmp_path, monkeypatch):
    from shared.services import report_export
    from shared.services.reports import all_groupings

    monkeypatch.setattr(report_export, "find_font", lambda bold=False: None)
    reports = office.read(all_groupings, config, DAY, DAY, datetime.now(config.office.tz))
    out = tmp_path / "ascii.pdf"
    report_export.report_pdf(reports, config, out)
    assert out.read_bytes().startswith(b"%PDF")
