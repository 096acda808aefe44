"""Decoder benchmark: recall, false decodes and cost per frame on the real corpus and on synthetic frames.

    .venv/bin/python bench/decode.py [--limit N] [--synthetic N] [--decoders naive,pyzbar,...]

Corpus rows: zxing rows count when the exact expected text is decoded; boofcv codes count when a decode's
centre lies inside the code's polygon; falsepositives / partial must give nothing. Synthetic frames are demo
camera stills at 720p and 1080p, with a booking code (QR or Code 128) or an empty desk.
"""
from __future__ import annotations

import argparse
import statistics
import string
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pyzbar import pyzbar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import CorpusImage, corpus_dir, load_image, load_manifest, score  # noqa: E402
from demo.camera import render_frame  # noqa: E402
from scanner.decode.decoder import DecodedCode, make_decoder  # noqa: E402

SYMBOLOGIES = ("QRCODE", "CODE128")
ALL_DECODERS = ("naive", "pyzbar", "zxing", "opencv", "combined")


class NaivePyzbar:
    """The baseline from the issue: the colour frame straight into pyzbar, every symbology."""

    name = "naive"
    symbologies = ()

    def decode(self, frame: np.ndarray) -> list[DecodedCode]:
        return [DecodedCode(r.data.decode("utf-8", "replace"), r.type, tuple((p.x, p.y) for p in r.polygon))
                for r in pyzbar.decode(frame)]


def build(name: str):
    if name == "naive":
        return NaivePyzbar()
    return make_decoder(name, ("QRCODE",) if name == "opencv" else SYMBOLOGIES)


@dataclass
class Tally:
    found: int = 0
    expected: int = 0
    false: int = 0
    ms: list[float] = field(default_factory=list)

    def recall(self) -> str:
        return f"{100 * self.found / self.expected:5.1f}%" if self.expected else "   - "

    def cost(self) -> str:
        if not self.ms:
            return "-"
        return f"{statistics.median(self.ms):6.1f}/{float(np.percentile(self.ms, 95)):6.1f}"


def timed(decoder, frame: np.ndarray) -> tuple[list[DecodedCode], float]:
    start = time.perf_counter()
    codes = decoder.decode(frame)
    return codes, (time.perf_counter() - start) * 1000


def group_of(item: CorpusImage) -> str:
    if item.subset.startswith("boofcv/"):
        return "boofcv"
    return {"QRCODE": "zx-qr", "CODE128": "zx-128"}.get(item.symbology, "empty")


def run_corpus(decoder, items: list[tuple[CorpusImage, np.ndarray]]) -> dict[str, Tally]:
    tallies = {g: Tally() for g in ("zx-qr", "zx-128", "boofcv", "empty", "all")}
    for item, frame in items:
        codes, ms = timed(decoder, frame)
        result = score(item, codes)
        for key in (group_of(item), "all"):
            tally = tallies[key]
            tally.found += result.found
            tally.expected += item.expected_codes
            tally.false += result.false
            tally.ms.append(ms)
    return tallies


def synthetic_frames(count: int, size: tuple[int, int],
                     with_code: bool) -> list[tuple[str | None, np.ndarray]]:
    rng = np.random.default_rng(size[0] + int(with_code))
    frames = []
    for i in range(count):
        text = "".join(rng.choice(list(string.ascii_uppercase + string.digits), int(rng.integers(8, 17))))
        symbology = "CODE128" if i % 3 == 2 else "QRCODE"
        frames.append((text if with_code else None,
                       render_frame(text if with_code else None, size, seed=i, symbology=symbology)))
    return frames


def run_synthetic(decoder, frames: list[tuple[str | None, np.ndarray]]) -> Tally:
    tally = Tally()
    for text, frame in frames:
        codes, ms = timed(decoder, frame)
        tally.ms.append(ms)
        tally.expected += text is not None
        tally.found += any(c.text == text for c in codes) if text else 0
        tally.false += sum(1 for c in codes if c.text != text)
    return tally


def load_corpus(limit: int | None) -> list[tuple[CorpusImage, np.ndarray]]:
    root = corpus_dir()
    if root is None:
        print("Korpus tidak ada / corpus absent: set ANTRIAN_CORPUS; corpus columns skipped")
        return []
    rows = load_manifest(root)
    if limit and limit < len(rows):
        step = len(rows) / limit   # spread over every subset rather than the first N rows
        rows = [rows[int(i * step)] for i in range(limit)]
    return [(row, load_image(row)) for row in rows]


def print_table(results: dict[str, tuple[dict[str, Tally], dict[str, Tally]]]) -> None:
    head = (f"{'decoder':9} {'zx-qr':>6} {'zx-128':>6} {'boofcv':>6} {'all':>6} {'false':>5} "
            f"{'corpus ms med/p95':>17} | {'720p':>6} {'ms med':>7} | {'1080p':>6} {'ms med':>7} "
            f"{'ms p95':>7} | {'empty1080 ms med/p95':>20} {'false':>5}")
    print(head)
    print("-" * len(head))
    for name, (corpus, synth) in results.items():
        c = corpus
        e720, e1080 = synth["empty720"], synth["empty1080"]
        print(f"{name:9} {c['zx-qr'].recall():>6} {c['zx-128'].recall():>6} {c['boofcv'].recall():>6} "
              f"{c['all'].recall():>6} {c['all'].false:>5} {c['all'].cost():>17} | "
              f"{synth['code720'].recall():>6} {statistics.median(synth['code720'].ms):7.1f} | "
              f"{synth['code1080'].recall():>6} {statistics.median(synth['code1080'].ms):7.1f} "
              f"{float(np.percentile(synth['code1080'].ms, 95)):7.1f} | "
              f"{e1080.cost():>20} {e720.false + e1080.false:>5}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="corpus images to use (spread over subsets)")
    parser.add_argument("--synthetic", type=int, default=12, help="synthetic frames per kind")
    parser.add_argument("--decoders", default=",".join(ALL_DECODERS))
    args = parser.parse_args(argv)
    corpus = load_corpus(args.limit)
    synth_sets = {
        "code720": synthetic_frames(args.synthetic, (1280, 720), True),
        "empty720": synthetic_frames(args.synthetic, (1280, 720), False),
        "code1080": synthetic_frames(args.synthetic, (1920, 1080), True),
        "empty1080": synthetic_frames(args.synthetic, (1920, 1080), False),
    }
    print(f"corpus images: {len(corpus)}, synthetic frames per kind: {args.synthetic}")
    results = {}
    for name in args.decoders.split(","):
        decoder = build(name.strip())
        decoder.decode(synth_sets["code720"][0][1])   # warm-up: first call loads libraries
        synth = {key: run_synthetic(decoder, frames) for key, frames in synth_sets.items()}
        results[name] = (run_corpus(decoder, corpus), synth)
    print("recall per group; false = wrong decodes (corpus); ms = per frame, colour frame in, median/p95")
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
