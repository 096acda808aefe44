"""printer.url: every allowed form, and a clear message for everything else."""

from __future__ import annotations

import pytest
from escpos import printer as escpos_printer

from printing.connectors import EscposConnector, PreviewConnector, make_connector
from printing.status import Fault, PrinterFault
from printing.targets import PrinterTarget, PrinterUrlError, parse_printer_url
from shared.config import ConfigError, PrinterConfig


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "network://192.0.2.7:9100",
            PrinterTarget("network", "network://192.0.2.7:9100", host="192.0.2.7", port=9100),
        ),
        (
            "network://printer.local",
            PrinterTarget("network", "network://printer.local", host="printer.local"),
        ),
        ("usb://04b8:0202", PrinterTarget("usb", "usb://04b8:0202", vendor=0x04B8, product=0x0202)),
        (
            "serial:///dev/ttyUSB0?baudrate=19200",
            PrinterTarget(
                "serial", "serial:///dev/ttyUSB0?baudrate=19200", path="/dev/ttyUSB0", baudrate=19200
            ),
        ),
        ("serial://COM3", PrinterTarget("serial", "serial://COM3", path="COM3")),
        ("cups://TM-T20II", PrinterTarget("cups", "cups://TM-T20II", path="TM-T20II")),
        ("win32://EPSON%20TM-T82", PrinterTarget("win32", "win32://EPSON%20TM-T82", path="EPSON TM-T82")),
        ("file:///tmp/ticket.bin", PrinterTarget("file", "file:///tmp/ticket.bin", path="/tmp/ticket.bin")),
        (
            "preview://demo-output/tickets",
            PrinterTarget("preview", "preview://demo-output/tickets", path="demo-output/tickets"),
        ),
    ],
)
def test_allowed_forms(url, expected):
    assert parse_printer_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "192.0.2.7:9100",
        "lpt://1",
        "network://",
        "network://host:99999",
        "usb://epson",
        "usb://04b8",
        "serial://",
        "serial:///dev/ttyS0?baudrate=1234",
        "cups://",
        "preview://",
        "file://",
    ],
)
def test_bad_urls_name_the_key_the_value_and_the_allowed_forms(url):
    with pytest.raises(PrinterUrlError) as err:
        parse_printer_url(url)
    message = str(err.value)
    assert message.startswith(f"printer.url = {url!r}")
    assert (
        "network://HOST:9100" in message and "usb://VENDOR:PRODUCT" in message and "preview://DIR" in message
    )
    assert isinstance(err.value, ConfigError)  # the programs stop on it like on any bad setting


def test_status_is_asked_only_where_the_connector_answers():
    assert parse_printer_url("network://h").can_query_status
    assert parse_printer_url("usb://1:2").can_query_status
    assert parse_printer_url("serial://COM1").can_query_status
    assert not parse_printer_url("file:///x").can_query_status
    assert not parse_printer_url("cups://q").can_query_status


def test_unknown_profile_is_a_config_error():
    with pytest.raises(ConfigError, match="printer.profile = 'TM-XYZ'.*TM-T88V"):
        make_connector(PrinterConfig(url="network://h", profile="TM-XYZ"))


def test_make_connector_by_url():
    assert isinstance(make_connector(PrinterConfig(url="preview:///tmp/x")), PreviewConnector)
    connector = make_connector(PrinterConfig(url="network://h", profile="TM-T20II"))
    assert isinstance(connector, EscposConnector) and connector.qr_is_native
    assert not make_connector(PrinterConfig(url="network://h", profile="POS-5890")).qr_is_native


@pytest.mark.parametrize(
    "url, cls",
    [
        ("usb://04b8:0202", escpos_printer.Usb),
        ("serial:///dev/ttyUSB9", escpos_printer.Serial),
        ("cups://q", escpos_printer.CupsPrinter),
        ("win32://p", escpos_printer.Win32Raw),
    ],
)
def test_missing_platform_support_says_what_to_install(url, cls):
    if cls.is_usable():
        pytest.skip(f"{cls.__name__} is usable on this machine")
    with pytest.raises(PrinterFault) as err:
        make_connector(PrinterConfig(url=url)).open()
    assert err.value.fault is Fault.UNAVAILABLE
    assert "tidak tersedia" in err.value.text.id and "not available" in err.value.text.en
    assert "pip install" in err.value.detail or "Windows" in err.value.detail


def test_an_empty_url_is_no_printer_and_every_print_says_so():
    """printer.url = "" (the office template): no printer, never an error that stops a role."""
    connector = make_connector(PrinterConfig(url=""))
    assert connector.target.scheme == "none" and connector.target.can_query_status
    with pytest.raises(PrinterFault) as fault:
        connector.open()
    assert fault.value.fault is Fault.NOT_CONFIGURED and fault.value.text.en.startswith("No printer configured")
