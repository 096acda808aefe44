"""`antrian-print find`: the USB printers plugged into this PC, each with the `usb://VID:PID` for
`[printer] url`.

A device is listed when one of its interfaces is of the USB printer class (7), or when it is a known ESC/POS
receipt printer that reports a vendor-specific class (many cheap POS-58/POS-80 printers). Names come from
the device, or from sysfs when this user may not open it; `writable` says whether this user may print to it
(if not: the udev rule in the README). pyusb needs the libusb library: without it `UsbBackendMissing` says
so in words.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.text import Text

PRINTER_CLASS = 7
# Makers of receipt printers: any of their devices is a candidate.
ESCPOS_VENDORS = {
    0x04B8: "Epson",
    0x0519: "Star Micronics",
    0x1D90: "Citizen",
    0x1504: "Bixolon",
    0x154F: "SNBC",
    0x0DD4: "Custom",
}
# Generic chips that many unbranded POS-58/POS-80 printers (Xprinter, Zjiang, Rongta, …) are built on: only
# these exact vendor:product pairs, because the same vendors make keyboards and adapters too.
ESCPOS_DEVICES = {
    (0x0416, 0x5011): "POS-58/80 (Winbond)",
    (0x0FE6, 0x811E): "POS-58/80 (ICS)",
    (0x28E9, 0x0289): "POS-58/80 (GD32)",
    (0x1FC9, 0x2016): "POS-80 (NXP)",
}

USB_BACKEND_MISSING = Text(
    "Pustaka USB (libusb) belum terpasang — sudo apt-get install libusb-1.0-0",
    "USB library (libusb) not installed — sudo apt-get install libusb-1.0-0",
)
PYUSB_MISSING = Text("pyusb belum terpasang — pip install pyusb", "pyusb not installed — pip install pyusb")
PRINTER_CLASS_WHY = Text("kelas printer USB", "USB printer class")
KNOWN_VENDOR_WHY = Text("printer ESC/POS dikenal", "known ESC/POS printer")


class UsbBackendMissing(RuntimeError):
    def __init__(self, text: Text = USB_BACKEND_MISSING) -> None:
        self.text = text
        super().__init__(text.line())


def is_no_backend(exc: BaseException | None) -> bool:
    """pyusb's NoBackendError ("No backend available": libusb is missing), wherever it is in the chain."""
    seen = 0
    while exc is not None and seen < 5:
        if type(exc).__name__ == "NoBackendError":
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


@dataclass(frozen=True)
class UsbPrinter:
    vendor: int
    product: int
    bus: int = 0
    address: int = 0
    manufacturer: str = ""
    name: str = ""
    serial: str = ""
    why: Text = PRINTER_CLASS_WHY
    writable: bool | None = None  # this user may open /dev/bus/usb/BBB/DDD (None: unknown, not Linux)

    @property
    def url(self) -> str:
        return f"usb://{self.vendor:04x}:{self.product:04x}"

    @property
    def label(self) -> str:
        known = ESCPOS_DEVICES.get((self.vendor, self.product)) or ESCPOS_VENDORS.get(self.vendor, "")
        return " ".join(dict.fromkeys(p for p in (self.manufacturer, self.name) if p)) or known or "?"


def _interface_classes(device: Any) -> set[int]:
    classes = {int(getattr(device, "bDeviceClass", 0) or 0)}
    try:
        for configuration in device:
            for interface in configuration:
                classes.add(int(interface.bInterfaceClass))
    except Exception:  # noqa: BLE001 - a descriptor we may not read: the device class is all we know
        pass
    return classes


def _why(device: Any) -> Text | None:
    vendor, product = int(device.idVendor), int(device.idProduct)
    if PRINTER_CLASS in _interface_classes(device):
        return PRINTER_CLASS_WHY
    if vendor in ESCPOS_VENDORS or (vendor, product) in ESCPOS_DEVICES:
        return KNOWN_VENDOR_WHY
    return None


def _sysfs_strings(bus: int, address: int, sys_root: Path) -> dict[str, str]:
    """manufacturer / product / serial of a device from /sys (readable without permission on the device)."""
    base = sys_root / "bus" / "usb" / "devices"
    if not base.is_dir():
        return {}
    for folder in base.iterdir():
        try:
            if int((folder / "busnum").read_text()) != bus or int((folder / "devnum").read_text()) != address:
                continue
        except (OSError, ValueError):
            continue
        out = {}
        for key in ("manufacturer", "product", "serial"):
            try:
                out[key] = (folder / key).read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                pass
        return out
    return {}


def _device_string(device: Any, index_name: str) -> str:
    index = getattr(device, index_name, 0)
    if not index:
        return ""
    try:
        import usb.util

        return str(usb.util.get_string(device, index) or "").strip()
    except Exception:  # noqa: BLE001 - no permission to open it, or a device that does not answer
        return ""


def usb_devices() -> list[Any]:
    """Every USB device pyusb sees; `UsbBackendMissing` when libusb is not installed."""
    try:
        import usb.core
    except ImportError:
        raise UsbBackendMissing(PYUSB_MISSING) from None
    try:
        return list(usb.core.find(find_all=True) or [])
    except Exception as exc:
        if is_no_backend(exc):
            raise UsbBackendMissing() from exc
        raise


def find_printers(devices: Iterable[Any] | None = None, sys_root: Path = Path("/sys"),
                  dev_root: Path = Path("/dev")) -> list[UsbPrinter]:
    """The printers among `devices` (default: every USB device of this PC), in bus order."""
    found = []
    for device in usb_devices() if devices is None else devices:
        why = _why(device)
        if why is None:
            continue
        bus, address = int(getattr(device, "bus", 0) or 0), int(getattr(device, "address", 0) or 0)
        strings = _sysfs_strings(bus, address, sys_root) if bus else {}
        node = dev_root / "bus" / "usb" / f"{bus:03d}" / f"{address:03d}"
        found.append(UsbPrinter(
            vendor=int(device.idVendor), product=int(device.idProduct), bus=bus, address=address,
            manufacturer=strings.get("manufacturer") or _device_string(device, "iManufacturer"),
            name=strings.get("product") or _device_string(device, "iProduct"),
            serial=strings.get("serial", ""),
            why=why,
            writable=os.access(node, os.R_OK | os.W_OK) if node.exists() else None,
        ))
    return sorted(found, key=lambda p: (p.bus, p.address))


NONE_FOUND = Text("Tidak ada printer USB ditemukan", "No USB printer found")
NONE_FOUND_HINT = Text("periksa kabel dan daya printer; printer jaringan: network://IP:9100",
                       "check the printer's cable and power; a network printer: network://IP:9100")
TITLE = Text("Printer USB", "USB printers")
NO_PERMISSION = Text("pengguna ini belum boleh memakainya: lihat aturan udev di README",
                     "this user may not use it yet: see the udev rule in the README")
USE_IT = Text("pakai di config.toml", "use in config.toml")


def describe(printer: UsbPrinter) -> list[str]:
    lines = [f"  {printer.url}  {printer.label}  (bus {printer.bus:03d} device {printer.address:03d}; "
             f"{printer.why.line()})"]
    if printer.writable is False:
        lines.append(f"     {NO_PERMISSION.line()}")
    lines.append(f'     {USE_IT.line()}: [printer] url = "{printer.url}"')
    return lines
