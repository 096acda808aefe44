"""zxing-cpp decoder: the strongest single reader on the corpus (see bench/decode.py)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import zxingcpp

from scanner.decoder import DecodedCode, dedupe
from scanner.imaging import looks_like_code, to_grey

ZXING_FORMATS: dict[str, zxingcpp.BarcodeFormat] = {
    "QRCODE": zxingcpp.BarcodeFormat.QRCode,
    "CODE128": zxingcpp.BarcodeFormat.Code128,
    "CODE39": zxingcpp.BarcodeFormat.Code39,
    "CODE93": zxingcpp.BarcodeFormat.Code93,
    "EAN13": zxingcpp.BarcodeFormat.EAN13,
    "EAN8": zxingcpp.BarcodeFormat.EAN8,
    "UPCA": zxingcpp.BarcodeFormat.UPCA,
    "UPCE": zxingcpp.BarcodeFormat.UPCE,
    "I25": zxingcpp.BarcodeFormat.ITF,
    "CODABAR": zxingcpp.BarcodeFormat.Codabar,
    "PDF417": zxingcpp.BarcodeFormat.PDF417,
}
_NAMES = {fmt.name: name for name, fmt in ZXING_FORMATS.items()}


def symbology_name(fmt: zxingcpp.BarcodeFormat) -> str:
    return _NAMES.get(fmt.name, fmt.name.upper())


class ZxingDecoder:
    name = "zxing"

    def __init__(self, symbologies: Sequence[str], use_gate: bool = False) -> None:
        self.symbologies = tuple(symbologies)
        self._use_gate = use_gate
        formats = [ZXING_FORMATS[s] for s in self.symbologies]
        self._formats = zxingcpp.barcode_formats_from_str(",".join(f.name for f in formats))

    def decode(self, grey: np.ndarray) -> list[DecodedCode]:
        grey = np.ascontiguousarray(to_grey(grey))
        if self._use_gate and not looks_like_code(grey):
            return []   # an empty scene: skip the ~9 ms full-frame search at 1080p
        # Plain text mode: the booking code is what the symbol holds, not a human-readable rendering.
        results = zxingcpp.read_barcodes(grey, formats=self._formats, text_mode=zxingcpp.TextMode.Plain)
        return dedupe([
            DecodedCode(text=r.text, symbology=symbology_name(r.format), polygon=_polygon(r.position))
            for r in results
        ])


def _polygon(position) -> tuple[tuple[int, int], ...]:
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return tuple((int(p.x), int(p.y)) for p in corners)
