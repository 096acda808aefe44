"""The ticket layout: a pure function of the ticket, the office and the printer settings."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest

from printing.layout import Cut, Feed, Line, Qr, configured_text, layout_test_page, qr_payload, ticket_layout
from printing.samples import SAMPLE_TICKET
from shared.config import PrinterConfig
from shared.text import Text, to_ascii

TZ = ZoneInfo("Asia/Pontianak")
OFFICE = "Kantor Imigrasi Kelas II TPI Ketapang"


def texts(ops) -> list[Line]:
    return [op for op in ops if isinstance(op, Line)]


@pytest.mark.parametrize("width", [32, 42, 48])
def test_no_line_is_wider_than_the_paper(width):
    long_name = dataclasses.replace(
        SAMPLE_TICKET,
        applicant_name="MUHAMMAD ABDURRAHMAN WAHYUDI SUSILO BAMBANG NUGROHO PRATAMA",
        service_name="Penggantian Paspor karena Hilang atau Rusak",
        people_ahead=123,
        estimated_wait_minutes=738,
    )
    for ticket in (SAMPLE_TICKET, long_name):
        ops = ticket_layout(ticket, OFFICE + " Kalimantan Barat", PrinterConfig(width=width), TZ)
        for op in texts(ops):
            assert len(op.text) * op.scale <= width, op
            assert op.text.isascii()


@pytest.mark.parametrize("width, scale", [(32, 4), (42, 5), (48, 5)])
def test_the_number_is_very_large(width, scale):
    ops = ticket_layout(SAMPLE_TICKET, OFFICE, PrinterConfig(width=width), TZ)
    number = [op for op in texts(ops) if op.text == "A-042"]
    assert number == [Line("A-042", "center", bold=True, scale=scale)]


def test_content_of_a_booked_ticket():
    ops = ticket_layout(SAMPLE_TICKET, OFFICE, PrinterConfig(width=48), TZ)
    lines = [op.text for op in texts(ops)]
    assert OFFICE in lines
    assert "Paspor Baru" in lines and "New passport" in lines
    assert "28-11-2026  08:03 WIB" in lines  # issued_at is UTC; printed in the office's time zone
    assert "Nama/Name : SITI AMINAH" in lines
    assert "NIK : 6104********0003" in lines
    assert "Kode booking : K7Q2M9XA" in lines
    assert "Antrean di depan Anda: 4 / People ahead: 4" in lines
    assert "Perkiraan tunggu: 10-20 menit" in lines and "Estimated wait: 10-20 min" in lines
    assert Qr("ANTRIAN:2026-11-28:A-042:1042", size=6) in ops
    assert "Tunggu nomor Anda dipanggil" in lines[-3] or "Tunggu nomor Anda dipanggil" in " ".join(lines)
    assert ops[-2:] == [Feed(2), Cut()]


def test_walk_in_ticket_has_no_applicant_lines():
    walk_in = dataclasses.replace(
        SAMPLE_TICKET,
        number="C-007",
        applicant_name=None,
        nik_masked=None,
        booking_code=None,
        service_name="Pengambilan Paspor",
    )
    lines = " ".join(op.text for op in texts(ticket_layout(walk_in, OFFICE, PrinterConfig(width=32), TZ)))
    assert "NIK" not in lines and "Nama" not in lines and "Kode booking" not in lines
    assert "C-007" in lines


def test_configured_instruction_and_footer_are_split_by_language_on_narrow_paper():
    printer = PrinterConfig(
        width=32,
        instruction="Siapkan e-KTP dan KK / Have your e-KTP and family card ready",
        footer="Selamat datang / Welcome",
    )
    lines = [op.text for op in texts(ticket_layout(SAMPLE_TICKET, OFFICE, printer, TZ))]
    assert "Siapkan e-KTP dan KK" in lines
    assert "Have your e-KTP and family card" in lines and "ready" in lines
    assert "Selamat datang / Welcome" in lines
    assert configured_text("Selamat datang / Welcome") == Text("Selamat datang", "Welcome")
    assert configured_text("Selamat datang") == Text("Selamat datang")


def test_text_is_normalised_to_ascii():
    assert (
        to_ascii("Kantor Imigrasi Kelas I Khusus Ngurah Rai – Bali ±5 “ok” Déjà\tvu")
        == 'Kantor Imigrasi Kelas I Khusus Ngurah Rai - Bali +/-5 "ok" Deja vu'
    )
    accented = dataclasses.replace(SAMPLE_TICKET, applicant_name="JOSÉ MARÍA ÑUÑEZ")
    lines = [op.text for op in texts(ticket_layout(accented, OFFICE, PrinterConfig(width=48), TZ))]
    assert "Nama/Name : JOSE MARIA NUNEZ" in lines


def test_qr_payload_identifies_the_ticket():
    assert qr_payload(SAMPLE_TICKET) == "ANTRIAN:2026-11-28:A-042:1042"


def test_test_page_fits_every_width():
    for width in (32, 42, 48):
        ops = layout_test_page(OFFICE, PrinterConfig(width=width), "network://192.0.2.7:9100")
        assert all(len(op.text) * op.scale <= width for op in texts(ops))
        assert ("0123456789" * 5)[:width] in [op.text for op in texts(ops)]
