"""Connectors: open a printer named by its target, ask its status, send a layout, close.

One connection per job: a printer that was switched off and on between two tickets is simply reached again.
Timeouts are the configured few seconds, never python-escpos' 60 s default.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from escpos import printer as escpos_printer
from escpos.capabilities import get_profile
from escpos.escpos import Escpos

from shared.config import PrinterConfig

from .escpos_render import fixed_encoding_args, render_escpos, supports_native_qr
from .layout import Op
from .png_render import save_png
from .status import Fault, PrinterFault, PrinterStatus, query_status
from .targets import NO_PRINTER_SCHEME, PrinterTarget, check_profile, parse_printer_url
from .usb_find import USB_BACKEND_MISSING, is_no_backend

_EXTRAS = {
    "usb": "pyusb (pip install 'python-escpos[usb]')",
    "serial": "pyserial (pip install 'python-escpos[serial]')",
    "cups": "pycups and a CUPS server (Linux/macOS: pip install 'python-escpos[cups]')",
    "win32": "Windows with pywin32 (pip install 'python-escpos[win32]')",
}


class PrinterSession(Protocol):
    def status(self) -> PrinterStatus | None: ...
    def print_ops(self, ops: Sequence[Op], name: str) -> str: ...
    def close(self) -> None: ...


class Connector(Protocol):
    target: PrinterTarget

    def open(self) -> PrinterSession: ...


def os_fault(exc: BaseException) -> PrinterFault:
    """An OS-level error from a socket, device or file, as the fault an officer understands."""
    if isinstance(exc, PrinterFault):
        return exc
    if is_no_backend(exc):  # pyusb's "No backend available": name the missing library and how to install it
        return PrinterFault(Fault.UNAVAILABLE, USB_BACKEND_MISSING.line())
    if isinstance(exc, ConnectionRefusedError):
        return PrinterFault(Fault.CONNECTION_REFUSED, str(exc))
    if isinstance(exc, TimeoutError | socket.timeout):
        return PrinterFault(Fault.TIMEOUT, str(exc) or "timed out")
    if isinstance(exc, socket.gaierror | FileNotFoundError):
        return PrinterFault(Fault.NOT_FOUND, str(exc))
    if isinstance(exc, ConnectionError | BrokenPipeError):
        return PrinterFault(Fault.NOT_ANSWERING, str(exc))
    return PrinterFault(Fault.NOT_FOUND if isinstance(exc, OSError) else Fault.NOT_ANSWERING, str(exc))


class EscposSession:
    def __init__(self, device: Escpos, target: PrinterTarget, profile: str, native_qr: bool | None) -> None:
        self.device = device
        self.profile = profile
        self.target = target
        self.native_qr = native_qr

    def status(self) -> PrinterStatus | None:
        if not self.target.can_query_status:
            return None
        if self.target.scheme == "serial":  # pyserial's read(16) would wait the whole timeout for 16 bytes
            return query_status(self.device, read=lambda: self.device.device.read(1))
        return query_status(self.device)

    def print_ops(self, ops: Sequence[Op], name: str) -> str:
        # Rendered into memory first and sent in one write: one TCP segment train / one USB transfer per ticket
        # instead of a write per command, and nothing half-sent when the layout itself fails.
        buffer = escpos_printer.Dummy(
            profile=self.profile, magic_encode_args=fixed_encoding_args(self.device.profile)
        )
        render_escpos(buffer, ops, self.native_qr)
        try:
            self.device._raw(buffer.output)
            if self.target.scheme == "cups":
                self.device.send()  # CUPS queues the job only on send()
        except Exception as exc:
            raise os_fault(exc) from exc
        return self.target.url

    def close(self) -> None:
        try:
            self.device.close()
        except Exception:  # noqa: BLE001 - a dead connection is closed either way
            pass


class EscposConnector:
    """Network, USB, serial, CUPS, Windows and file printers through python-escpos."""

    def __init__(self, target: PrinterTarget, config: PrinterConfig, native_qr: bool | None = None) -> None:
        self.target = target
        self.config = config
        self.profile = check_profile(config.profile)
        self.native_qr = native_qr

    @property
    def qr_is_native(self) -> bool:
        return supports_native_qr_profile(self.profile) if self.native_qr is None else self.native_qr

    def open(self) -> EscposSession:
        device = self._make()
        try:
            device.open(raise_not_found=True)
        except Exception as exc:
            raise os_fault(exc.__context__ or exc) from exc
        if self.target.scheme == "network":  # status questions are 3 bytes: do not let Nagle hold them back
            device.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return EscposSession(device, self.target, self.profile, self.native_qr)

    def _make(self) -> Escpos:
        t, seconds = self.target, self.config.timeout_seconds
        kwargs: dict[str, Any] = {"profile": self.profile, "magic_encode_args": self._magic()}
        if t.scheme in _EXTRAS and not _usable(t.scheme):
            raise PrinterFault(Fault.UNAVAILABLE, f"{t.scheme}:// needs {_EXTRAS[t.scheme]}")
        if t.scheme == "network":
            return escpos_printer.Network(t.host, t.port, timeout=seconds, **kwargs)
        if t.scheme == "usb":
            return escpos_printer.Usb(t.vendor, t.product, timeout=int(seconds * 1000), **kwargs)
        if t.scheme == "serial":
            return escpos_printer.Serial(t.path, baudrate=t.baudrate, timeout=seconds, **kwargs)
        if t.scheme == "cups":
            return escpos_printer.CupsPrinter(t.path, **kwargs)
        if t.scheme == "win32":
            return escpos_printer.Win32Raw(t.path, **kwargs)
        return escpos_printer.File(t.path, **kwargs)

    def _magic(self) -> dict[str, Any]:
        return fixed_encoding_args(get_profile(self.profile))


def _usable(scheme: str) -> bool:
    cls = {
        "usb": escpos_printer.Usb,
        "serial": escpos_printer.Serial,
        "cups": escpos_printer.CupsPrinter,
        "win32": escpos_printer.Win32Raw,
    }[scheme]
    return bool(cls.is_usable())


def supports_native_qr_profile(profile: str) -> bool:
    return bool(get_profile(profile).supports("qrCode"))


class PreviewSession:
    def __init__(self, folder: Path, width: int) -> None:
        self.folder, self.width = folder, width

    def status(self) -> PrinterStatus | None:
        return None

    def print_ops(self, ops: Sequence[Op], name: str) -> str:
        try:
            return str(save_png(ops, self.width, self.folder / f"{name}.png"))
        except OSError as exc:
            raise PrinterFault(Fault.NOT_FOUND, f"{self.folder}: {exc}") from exc

    def close(self) -> None:
        pass


class PreviewConnector:
    """preview://DIR: the same layout drawn to `<DIR>/<day>_<number>.png` (demo, tests, no printer at hand)."""

    qr_is_native = False

    def __init__(self, target: PrinterTarget, config: PrinterConfig) -> None:
        self.target = target
        self.config = config

    def open(self) -> PreviewSession:
        return PreviewSession(Path(self.target.path).expanduser(), self.config.width)


class NoPrinterConnector:
    """An empty printer.url: no printer on this PC. Opening it fails as "Printer belum diatur / No printer
    configured", so every ticket is kept as unprinted (and listed for reprint) instead of reported printed."""

    qr_is_native = False

    def __init__(self, target: PrinterTarget, config: PrinterConfig) -> None:
        self.target = target
        self.config = config

    def open(self) -> PrinterSession:
        raise PrinterFault(Fault.NOT_CONFIGURED, "printer.url is empty")


def make_connector(
    config: PrinterConfig, native_qr: bool | None = None
) -> EscposConnector | PreviewConnector | NoPrinterConnector:
    """The connector `printer.url` names; a bad URL or profile raises a ConfigError naming the key; an empty URL
    gives the no-printer connector."""
    target = parse_printer_url(config.url)
    if target.scheme == NO_PRINTER_SCHEME:
        return NoPrinterConnector(target, config)
    if target.scheme == "preview":
        return PreviewConnector(target, config)
    return EscposConnector(target, config, native_qr)


__all__ = [
    "Connector",
    "EscposConnector",
    "NoPrinterConnector",
    "PreviewConnector",
    "PrinterSession",
    "make_connector",
    "supports_native_qr",
    "os_fault",
]
