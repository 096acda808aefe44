"""Render booking codes as QR / Code 128 images (for the demo camera, tests and the benchmark)."""
from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from scanner.decode.decoder import parse_symbologies
from shared.text import Text

_FORMATS = {"QRCODE": zxingcpp.BarcodeFormat.QRCode, "CODE128": zxingcpp.BarcodeFormat.Code128}


def render_code(text: str, symbology: str = "QRCODE", width: int = 300) -> np.ndarray:
    """Return a white-background grey image of ``text`` about ``width`` px wide, with its quiet zone."""
    (name,) = parse_symbologies([symbology])
    if name not in _FORMATS:
        raise ValueError((Text(f"Tidak bisa membuat {name}", f"Cannot render {name}")
                          + Text("; pilihan: ", "; allowed: ") + ", ".join(_FORMATS)).line())
    code = zxingcpp.create_barcode(text, _FORMATS[name])
    base = np.asarray(code.to_image(scale=1, add_quiet_zones=True), dtype=np.uint8)
    scale = max(1.0, width / base.shape[1])
    # Whole-pixel modules when the scale allows; otherwise smooth edges, as a real screen would show them.
    interpolation = cv2.INTER_NEAREST if scale == int(scale) else cv2.INTER_LINEAR
    image = cv2.resize(base, None, fx=scale, fy=scale, interpolation=interpolation)
    if name == "CODE128":
        # A one-pixel-high bar row comes back for linear codes; give the bars a phone-screen height.
        image = cv2.resize(image, (image.shape[1], max(image.shape[1] // 3, image.shape[0])),
                           interpolation=cv2.INTER_NEAREST)
    return image
