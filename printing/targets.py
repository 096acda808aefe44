"""`printer.url` parsed once into a target: which connector, and its address. A bad value names all allowed forms."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from escpos import capabilities

from shared.config import ConfigError

ALLOWED_FORMS = (
    "network://HOST:9100, usb://VENDOR:PRODUCT (hex ids, e.g. usb://04b8:0202), "
    "serial:///dev/ttyUSB0?baudrate=19200 (or serial://COM3), cups://QUEUE, win32://PRINTER, "
    "file:///path/to/ticket.bin, preview://DIR"
)
# Connectors that carry the printer's answers back ("none": no printer set; its answer is that fault).
STATUS_SCHEMES = frozenset({"network", "usb", "serial", "none"})
NO_PRINTER_SCHEME = "none"


class PrinterUrlError(ConfigError):
    """A printer.url that cannot be used; the message names the key, the value and the allowed forms."""


@dataclass(frozen=True)
class PrinterTarget:
    scheme: str
    url: str
    host: str = ""
    port: int = 9100
    vendor: int = 0
    product: int = 0
    path: str = ""  # serial device, file, preview folder, CUPS queue or Windows printer name
    baudrate: int = 9600

    @property
    def can_query_status(self) -> bool:
        return self.scheme in STATUS_SCHEMES


def _bad(url: str, why: str) -> PrinterUrlError:
    return PrinterUrlError(
        f"printer.url = {url!r}: alamat printer salah / bad printer address ({why}); allowed: {ALLOWED_FORMS}"
    )


def parse_printer_url(url: str) -> PrinterTarget:
    """The target `printer.url` names; an empty URL is "no printer" (every print fails as not configured)."""
    if not (url or "").strip():
        return PrinterTarget(NO_PRINTER_SCHEME, "")
    parts = urlsplit((url or "").strip())
    scheme = parts.scheme.lower()
    where = unquote(parts.netloc + parts.path)
    if scheme == "network":
        return _network(url, parts.hostname or "", parts)
    if scheme == "usb":
        return _usb(url, parts.netloc)
    if scheme == "serial":
        return _serial(url, where, parse_qs(parts.query))
    if scheme in ("cups", "win32", "file", "preview"):
        if not where.strip("/") and scheme != "file":
            raise _bad(url, f"{scheme}:// needs a name")
        if scheme == "file" and not where:
            raise _bad(url, "file:// needs a path")
        return PrinterTarget(scheme, url, path=where)
    raise _bad(url, f"unknown kind {scheme!r}" if scheme else "no kind:// prefix")


def _network(url: str, host: str, parts: object) -> PrinterTarget:
    if not host:
        raise _bad(url, "network:// needs a host")
    try:
        port = parts.port or 9100  # type: ignore[attr-defined]
    except ValueError:
        raise _bad(url, "the port must be a number 1-65535") from None
    return PrinterTarget("network", url, host=host, port=port)


def _usb(url: str, ids: str) -> PrinterTarget:
    vendor, _, product = ids.partition(":")
    try:
        v, p = int(vendor, 16), int(product, 16)
    except ValueError:
        raise _bad(url, "usb:// needs hex vendor and product ids") from None
    if not (0 < v <= 0xFFFF and 0 < p <= 0xFFFF):
        raise _bad(url, "usb ids must be 0001-ffff")
    return PrinterTarget("usb", url, vendor=v, product=p)


def _serial(url: str, device: str, query: dict[str, list[str]]) -> PrinterTarget:
    if not device:
        raise _bad(url, "serial:// needs a device")
    rate = query.get("baudrate", ["9600"])[0]
    if not rate.isdigit() or int(rate) not in (2400, 4800, 9600, 19200, 38400, 57600, 115200):
        raise _bad(url, "baudrate must be one of 2400 4800 9600 19200 38400 57600 115200")
    return PrinterTarget("serial", url, path=device, baudrate=int(rate))


def check_profile(name: str) -> str:
    """The python-escpos profile name, checked against the profiles python-escpos knows."""
    known = sorted(
        capabilities.PROFILES if hasattr(capabilities, "PROFILES") else capabilities.CAPABILITIES["profiles"]
    )
    if name not in known:
        raise ConfigError(
            f"printer.profile = {name!r}: profil tidak dikenal / unknown profile; allowed: {', '.join(known)}"
        )
    return name
