"""OpenCV's built-in QR detector, kept as a dependency-free comparison point (QR only)."""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from scanner.decode.decoder import DecodedCode, DecoderError
from scanner.decode.imaging import to_grey
from shared.text import Text


class OpenCvQrDecoder:
    name = "opencv"

    def __init__(self, symbologies: Sequence[str] = ("QRCODE",)) -> None:
        # Reading only QR is a hard limit of cv2.QRCodeDetector; other symbologies in the list are not read.
        if "QRCODE" not in symbologies:
            raise DecoderError(Text("Dekoder opencv hanya membaca QRCODE", "The opencv decoder reads only QRCODE")
                               + f"; {', '.join(symbologies)}")
        self.symbologies = ("QRCODE",)
        self._detector = cv2.QRCodeDetector()

    def decode(self, grey: np.ndarray) -> list[DecodedCode]:
        grey = to_grey(grey)
        # The multi-code detector misses tilted phone screens that the single-code one reads; try both.
        return self._decode_multi(grey) or self._decode_single(grey)

    def _decode_multi(self, grey: np.ndarray) -> list[DecodedCode]:
        try:
            ok, texts, points, _ = self._detector.detectAndDecodeMulti(grey)
        except (cv2.error, UnicodeDecodeError):  # binary payloads make OpenCV raise while decoding text
            return []
        if not ok or points is None:
            return []
        return [_code(text, quad) for text, quad in zip(texts, points, strict=False) if text]

    def _decode_single(self, grey: np.ndarray) -> list[DecodedCode]:
        try:
            text, points, _ = self._detector.detectAndDecode(grey)
        except (cv2.error, UnicodeDecodeError):  # binary payloads make OpenCV raise while decoding text
            return []
        return [_code(text, points.reshape(-1, 2))] if text and points is not None else []


def _code(text: str, quad) -> DecodedCode:
    return DecodedCode(text=text, symbology="QRCODE", polygon=tuple((int(x), int(y)) for x, y in quad))
