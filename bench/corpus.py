"""Read the shared corpus of photographed barcodes and score decodes against its truth.

Used by tests/scanner and bench/decode.py only; the gate itself never touches the corpus.
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from scanner.decode.decoder import DecodedCode
from shared.text import Text

EMPTY_SUBSETS = ("zxing/falsepositives", "zxing/partial")


@dataclass(frozen=True)
class CorpusImage:
    path: Path
    symbology: str
    expected_text: str
    polygons: tuple[tuple[tuple[float, float], ...], ...]
    subset: str

    @property
    def expected_codes(self) -> int:
        """How many codes a perfect decoder finds here."""
        if self.subset in EMPTY_SUBSETS or self.symbology == "NONE":
            return 0
        return len(self.polygons) if self.polygons else 1


@dataclass(frozen=True)
class Score:
    found: int      # expected codes decoded
    false: int      # decodes that are wrong (wrong text, outside every polygon, or on an empty image)


def corpus_dir() -> Path | None:
    """ANTRIAN_CORPUS, else <repo>/../shared/corpus; None when it is absent."""
    env = os.environ.get("ANTRIAN_CORPUS")
    candidate = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    return candidate if (candidate / "manifest.csv").is_file() else None


def load_manifest(root: Path) -> list[CorpusImage]:
    with open(root / "manifest.csv", newline="", encoding="utf-8") as handle:
        return [_row_to_image(root, row) for row in csv.DictReader(handle)]


def _row_to_image(root: Path, row: dict[str, str]) -> CorpusImage:
    raw = json.loads(row["polygons"]) if row["polygons"].strip() else []
    polygons = tuple(tuple((float(x), float(y)) for x, y in poly) for poly in raw)
    return CorpusImage(root / row["path"], row["symbology"], row["expected_text"], polygons, row["subset"])


def load_image(item: CorpusImage):
    frame = cv2.imread(str(item.path), cv2.IMREAD_COLOR)
    if frame is None:
        raise OSError((Text("Tidak bisa membaca", "Cannot read") + f" {item.path}").line())
    return frame


def score(item: CorpusImage, codes: Sequence[DecodedCode]) -> Score:
    if item.expected_codes == 0:
        return Score(0, len(codes))
    if item.polygons:
        hit = {i for code in codes for i, poly in enumerate(item.polygons) if _inside(code.centre(), poly)}
        stray = sum(1 for code in codes if not any(_inside(code.centre(), p) for p in item.polygons))
        return Score(len(hit), stray)
    expected = _lines(item.expected_text)
    right = any(_lines(code.text) == expected for code in codes)
    return Score(int(right), sum(1 for code in codes if _lines(code.text) != expected))


def _lines(text: str) -> str:
    # The manifest stores line breaks as "\n"; codes in the photos often hold "\r\n".
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _inside(point: tuple[float, float], polygon: Sequence[tuple[float, float]]) -> bool:
    contour = np.array(polygon, dtype=np.float32).reshape(-1, 1, 2)
    return cv2.pointPolygonTest(contour, (float(point[0]), float(point[1])), False) >= 0
