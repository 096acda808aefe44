"""`antrian-print find`: USB printers among made-up devices, and a missing libusb said in words."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import usb.core

from printing import cli as print_cli
from printing import usb_find
from printing.connectors import make_connector
from printing.status import Fault, PrinterFault
from printing.usb_find import UsbBackendMissing, find_printers
from shared.config import PrinterConfig


@dataclass
class Interface:
    bInterfaceClass: int


@dataclass
class Device:
    idVendor: int
    idProduct: int
    interface_classes: tuple[int, ...] = ()
    bus: int = 1
    address: int = 4
    bDeviceClass: int = 0
    iManufacturer: int = 0
    iProduct: int = 0
    configurations: list = field(default_factory=list)

    def __iter__(self):
        return iter([[Interface(c) for c in self.interface_classes]])


def sysfs(tmp_path: Path, bus: int, address: int, **strings: str) -> Path:
    folder = tmp_path / "sys" / "bus" / "usb" / "devices" / f"{bus}-{address}"
    folder.mkdir(parents=True)
    (folder / "busnum").write_text(f"{bus}\n")
    (folder / "devnum").write_text(f"{address}\n")
    for key, value in strings.items():
        (folder / key).write_text(value + "\n")
    return tmp_path / "sys"


def test_printer_class_and_known_escpos_makers_are_found_others_not(tmp_path: Path) -> None:
    devices = [
        Device(0x1234, 0x0001, (7,), bus=1, address=5),  # any maker, USB printer class
        Device(0x04B8, 0x0E15, (0xFF,), bus=1, address=3),  # Epson TM-T20 with a vendor-specific interface
        Device(0x0416, 0x5011, (0xFF,), bus=2, address=2),  # a generic POS-58 on a Winbond chip
        Device(0x0416, 0x0001, (3,), bus=2, address=3),  # a Winbond keyboard: not a printer
        Device(0x046D, 0xC077, (3,), bus=2, address=4),  # a mouse
    ]
    sys_root = sysfs(tmp_path, 1, 3, manufacturer="EPSON", product="TM-T20II", serial="X5E1234")
    found = find_printers(devices, sys_root=sys_root, dev_root=tmp_path / "dev")
    assert [p.url for p in found] == ["usb://04b8:0e15", "usb://1234:0001", "usb://0416:5011"]
    epson, generic_class, pos58 = found
    assert epson.label == "EPSON TM-T20II" and epson.serial == "X5E1234"
    assert epson.why == usb_find.KNOWN_VENDOR_WHY and generic_class.why == usb_find.PRINTER_CLASS_WHY
    assert pos58.label == "POS-58/80 (Winbond)"
    assert epson.writable is None  # no /dev/bus/usb node in this tree


def test_the_device_node_tells_whether_this_user_may_print(tmp_path: Path) -> None:
    node = tmp_path / "dev" / "bus" / "usb" / "001" / "004"
    node.parent.mkdir(parents=True)
    node.touch()
    (printer,) = find_printers([Device(0x04B8, 0x0202, (7,))], sys_root=tmp_path, dev_root=tmp_path / "dev")
    assert printer.writable is True
    node.chmod(0o000)
    (printer,) = find_printers([Device(0x04B8, 0x0202, (7,))], sys_root=tmp_path, dev_root=tmp_path / "dev")
    import os

    assert printer.writable is (os.geteuid() == 0)  # root may open anything
    lines = usb_find.describe(printer.__class__(0x04B8, 0x0202, 1, 4, writable=False))
    assert any("udev" in line for line in lines)
    assert lines[-1].endswith('[printer] url = "usb://04b8:0202"')


def test_a_missing_libusb_is_said_in_words(monkeypatch) -> None:
    def no_backend(**_kwargs):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    with pytest.raises(UsbBackendMissing) as missing:
        find_printers()
    assert missing.value.text.id.startswith("Pustaka USB (libusb) belum terpasang")
    assert "sudo apt-get install libusb-1.0-0" in missing.value.text.en


def test_find_cli_lists_printers_and_needs_no_config(monkeypatch, capsys) -> None:
    monkeypatch.setenv("ANTRIAN_CONFIG", "/nonexistent/config.toml")
    monkeypatch.setattr(usb.core, "find", lambda **_k: [Device(0x0519, 0x0003, (7,), bus=3, address=7)])
    assert print_cli.main(["find"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Printer USB / USB printers:")
    assert "usb://0519:0003" in out and '[printer] url = "usb://0519:0003"' in out
    assert print_cli.main(["--json", "find"]) == 0
    (printer,) = json.loads(capsys.readouterr().out)["printers"]
    assert printer["url"] == "usb://0519:0003" and printer["vendor"] == "0519" and printer["bus"] == 3


def test_find_cli_without_printers_or_without_libusb_exits_1(monkeypatch, capsys) -> None:
    monkeypatch.setattr(usb.core, "find", lambda **_k: [Device(0x046D, 0xC077, (3,))])
    assert print_cli.main(["find"]) == 1
    assert "Tidak ada printer USB ditemukan / No USB printer found" in capsys.readouterr().err

    def no_backend(**_kwargs):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    assert print_cli.main(["find"]) == 1
    err = capsys.readouterr().err
    assert "USB library (libusb) not installed" in err and "No backend available" not in err
    assert print_cli.main(["--json", "find"]) == 1
    assert json.loads(capsys.readouterr().out)["fault"] == "no_usb_backend"


def test_printing_to_usb_without_libusb_says_which_library_is_missing(monkeypatch) -> None:
    connector = make_connector(PrinterConfig(url="usb://04b8:0e15"))
    if connector.target.scheme != "usb" or not __import__("escpos.printer").printer.Usb.is_usable():
        pytest.skip("python-escpos has no USB support here")

    def no_backend(**_kwargs):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    with pytest.raises(PrinterFault) as fault:
        connector.open()
    assert fault.value.fault is Fault.UNAVAILABLE
    assert "libusb-1.0-0" in fault.value.detail and "No backend available" not in str(fault.value)
    assert "Pustaka USB (libusb) belum terpasang" in str(fault.value)


def test_the_backend_error_is_recognised_anywhere_in_the_chain() -> None:
    try:
        try:
            raise usb.core.NoBackendError("No backend available")
        except ValueError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert usb_find.is_no_backend(outer)
    assert not usb_find.is_no_backend(OSError("other"))
