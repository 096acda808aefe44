"""The decoder interface shared by every barcode back-end, and the factory that picks one by name.

Qt-free: the pipeline thread, the ``decode`` CLI and the benchmark all call ``Decoder.decode``
on a grey frame.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from shared.text import Text

Point = tuple[int, int]

# Symbology names follow zbar's spelling because the config and the audit trail already use it.
SUPPORTED_SYMBOLOGIES: tuple[str, ...] = (
    "QRCODE", "CODE128", "CODE39", "CODE93", "EAN13", "EAN8", "UPCA", "UPCE", "I25", "CODABAR", "PDF417",
)
DECODER_NAMES: tuple[str, ...] = ("pyzbar", "zxing", "opencv", "combined")
DEFAULT_SYMBOLOGIES: tuple[str, ...] = ("QRCODE", "CODE128")


class DecoderError(ValueError):
    """The decoder configuration cannot be used; `text` says why and what is allowed."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.line())


@dataclass(frozen=True)
class DecodedCode:
    text: str
    symbology: str
    polygon: tuple[Point, ...]

    def centre(self) -> tuple[float, float]:
        xs = [p[0] for p in self.polygon] or [0]
        ys = [p[1] for p in self.polygon] or [0]
        return (sum(xs) / len(xs), sum(ys) / len(ys))


class Decoder(Protocol):
    name: str
    symbologies: tuple[str, ...]

    def decode(self, grey: np.ndarray) -> list[DecodedCode]:
        """Decode every code in an 8-bit single-channel frame (a colour frame is accepted and converted)."""
        ...


def parse_symbologies(value: str | Sequence[str]) -> tuple[str, ...]:
    """Normalise "qrcode, code128" or a sequence of names; raise DecoderError naming what is allowed."""
    items = value.split(",") if isinstance(value, str) else list(value)
    names = tuple(dict.fromkeys(s.strip().upper().replace("-", "") for s in items if s.strip()))
    if not names:
        raise DecoderError(Text("Daftar simbologi kosong", "Empty symbology list") + _allowed(SUPPORTED_SYMBOLOGIES))
    unknown = [n for n in names if n not in SUPPORTED_SYMBOLOGIES]
    if unknown:
        raise DecoderError(Text("Simbologi tidak dikenal", "Unknown symbology") + f": {', '.join(unknown)}"
                           + _allowed(SUPPORTED_SYMBOLOGIES))
    return names


def dedupe(codes: Sequence[DecodedCode]) -> list[DecodedCode]:
    """Keep the first code per (text, symbology): two passes over one frame must not report a code twice."""
    seen: set[tuple[str, str]] = set()
    out: list[DecodedCode] = []
    for code in codes:
        key = (code.text, code.symbology)
        if key not in seen:
            seen.add(key)
            out.append(code)
    return out


class CombinedDecoder:
    """Runs the primary decoder and asks the fallback only when the primary found nothing."""

    name = "combined"

    def __init__(self, primary: Decoder, fallback: Decoder) -> None:
        self.primary = primary
        self.fallback = fallback
        self.symbologies = primary.symbologies

    def decode(self, grey: np.ndarray) -> list[DecodedCode]:
        staged = getattr(self.primary, "decode_staged", None)
        if staged is None:
            found = self.primary.decode(grey)
            return found if found else self.fallback.decode(grey)
        # A primary with cheap stages says itself when the scene is worth the fallback's time.
        found, try_fallback = staged(grey)
        return self.fallback.decode(grey) if try_fallback else found


def make_decoder(name: str = "pyzbar", symbologies: Sequence[str] = DEFAULT_SYMBOLOGIES) -> Decoder:
    """Build a decoder by config name: "pyzbar" (default), "zxing", "opencv" or "combined"."""
    symbols = parse_symbologies(symbologies)
    key = name.strip().lower()
    # Imports are local so a site that never uses a back-end need not have it installed.
    if key == "pyzbar":
        from scanner.decode.pyzbar_decoder import PyzbarDecoder
        return PyzbarDecoder(symbols)
    if key == "zxing":
        from scanner.decode.zxing_decoder import ZxingDecoder
        return ZxingDecoder(symbols)
    if key == "opencv":
        from scanner.decode.opencv_decoder import OpenCvQrDecoder
        return OpenCvQrDecoder(symbols)
    if key == "combined":
        from scanner.decode.pyzbar_decoder import PyzbarDecoder
        from scanner.decode.zxing_decoder import ZxingDecoder
        # zxing-cpp reads big frames in stages (ZxingDecoder.decode_staged): half size first, full size and
        # the pyzbar fallback only when a code-like symbol or grid was seen; ~4 ms on an empty 1080p desk.
        return CombinedDecoder(ZxingDecoder(symbols), PyzbarDecoder(symbols))
    raise DecoderError(Text("Dekoder tidak dikenal", "Unknown decoder") + f": {name!r}" + _allowed(DECODER_NAMES))


def _allowed(names: Sequence[str]) -> Text:
    return Text("; pilihan: ", "; allowed: ") + ", ".join(names)
