"""zxing-cpp decoder: the strongest single reader on the corpus (see bench/decode.py)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import zxingcpp

from scanner.decode.decoder import DecodedCode, dedupe
from scanner.decode.imaging import candidate_regions, downscale, grid_like, looks_like_code, to_grey

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
QUICK_SIDE = 960            # the quick pass reads a 1080p frame at half size: ~2 ms instead of ~9 ms
QUICK_MIN_SIDE = 1440       # below this the full-size read is cheap enough on its own
WHOLE_FRAME_SHARE = 0.6     # when the edge-dense regions cover more than this, read the whole frame


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
        return self._read(grey)

    def decode_staged(self, grey: np.ndarray) -> tuple[list[DecodedCode], bool]:
        """Cheapest read first for big frames; returns the codes and whether a fallback decoder should try.

        1. the frame at half size (finds most codes; reports symbols it saw but could not decode);
        2. nothing seen: only the edge-dense crops at full size (a small code), no fallback;
        3. a symbol seen but not read, or a QR-like grid of edges: the whole frame at full size, then
           the fallback (the corpus's glare/blur/damaged codes land here).
        """
        grey = np.ascontiguousarray(to_grey(grey))
        if max(grey.shape[:2]) < QUICK_MIN_SIDE:
            found = self._read(grey)
            return found, not found
        small, factor = downscale(grey, QUICK_SIDE)
        results = self._raw(small, try_downscale=False, try_invert=False, try_rotate=False, return_errors=True)
        found = dedupe([_code(r, factor) for r in results if r.valid])
        seen_unread = any(not r.valid for r in results)
        if found and not seen_unread:
            return found, False
        if seen_unread or grid_like(small):
            found = dedupe(found + self._read(grey))
            return found, not found
        return self._read_regions(grey, small, factor), False

    def _read_regions(self, grey: np.ndarray, small: np.ndarray, factor: float) -> list[DecodedCode]:
        h, w = grey.shape[:2]
        regions = [(int(x * factor), int(y * factor), min(w, int(rw * factor) + 2), min(h, int(rh * factor) + 2))
                   for x, y, rw, rh in candidate_regions(small)]
        if sum(rw * rh for _, _, rw, rh in regions) > WHOLE_FRAME_SHARE * w * h:
            return self._read(grey)
        found: list[DecodedCode] = []
        for x, y, rw, rh in regions:
            crop = np.ascontiguousarray(grey[y:y + rh, x:x + rw])
            found += [_code(r, 1.0, (x, y)) for r in self._raw(crop, try_downscale=False, try_invert=False)]
        return dedupe(found)

    def _read(self, grey: np.ndarray) -> list[DecodedCode]:
        return dedupe([_code(r) for r in self._raw(grey)])

    def _raw(self, grey: np.ndarray, **options) -> list:
        # Plain text mode: the booking code is what the symbol holds, not a human-readable rendering.
        return zxingcpp.read_barcodes(grey, formats=self._formats, text_mode=zxingcpp.TextMode.Plain, **options)


def _code(result, factor: float = 1.0, offset: tuple[int, int] = (0, 0)) -> DecodedCode:
    position = result.position
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    ox, oy = offset
    polygon = tuple((round(p.x * factor) + ox, round(p.y * factor) + oy) for p in corners)
    return DecodedCode(text=result.text, symbology=symbology_name(result.format), polygon=polygon)
