"""``antrian-gate decode FILE...``: decode images or videos without a window, one JSON line per file.

    {"file": "a.png", "codes": [{"text": "K7Q2M9XA", "symbology": "QRCODE"}], "ms": 12.3}

Videos report the unique codes over all frames (and "frames"). Exit 0 when every file could be read, 2 when a
file is missing or unreadable (the others are still decoded).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from scanner.camera.frames import IMAGE_SUFFIXES
from scanner.decode.decoder import (
    DECODER_NAMES,
    DEFAULT_SYMBOLOGIES,
    DecodedCode,
    Decoder,
    DecoderError,
    dedupe,
    make_decoder,
)
from scanner.decode.imaging import to_grey
from shared.text import Text

EXIT_OK, EXIT_UNREADABLE = 0, 2


class UnreadableFile(OSError):
    """A file with no frame to decode; `text` says which and why."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.line())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrian-gate decode",
        description=Text("Baca kode dari gambar/video", "Decode codes in images or videos").line())
    parser.add_argument("files", nargs="+", help="image or video files")
    parser.add_argument("--decoder", default=None,
                        help=f"one of {', '.join(DECODER_NAMES)}; default: decoder.name in config.toml, as the gate uses")
    parser.add_argument("--symbologies", default=",".join(DEFAULT_SYMBOLOGIES),
                        help="comma-separated, e.g. QRCODE,CODE128")
    return parser


def frames_of(path: Path) -> Iterator[np.ndarray]:
    """The frames of an image (one) or a video; raises UnreadableFile when there are none."""
    if not path.is_file():
        raise UnreadableFile(Text("Berkas tidak ditemukan", "File not found") + f": {path}")
    if path.suffix.lower() in IMAGE_SUFFIXES:
        frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if frame is None:
            raise UnreadableFile(Text("Gambar tidak bisa dibaca", "Cannot read image") + f": {path}")
        yield frame
        return
    yield from _video_frames(path)


def _video_frames(path: Path) -> Iterator[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    try:
        ok, frame = capture.read() if capture.isOpened() else (False, None)
        if not ok:
            raise UnreadableFile(Text("Video tidak bisa dibaca", "Cannot read video") + f": {path}")
        while ok:
            yield frame
            ok, frame = capture.read()
    finally:
        capture.release()


def decode_file(decoder: Decoder, path: Path) -> dict:
    codes: list[DecodedCode] = []
    count = 0
    start = time.perf_counter()
    for frame in frames_of(path):
        codes = dedupe(codes + decoder.decode(to_grey(frame)))
        count += 1
    result = {
        "file": str(path),
        "codes": [{"text": c.text, "symbology": c.symbology} for c in codes],
        "ms": round((time.perf_counter() - start) * 1000, 1),
    }
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        result["frames"] = count
    return result


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        decoder = make_decoder(args.decoder or _configured_decoder(), args.symbologies.split(","))
    except DecoderError as error:
        print(error.text.line(), file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_OK
    for name in args.files:
        try:
            line = decode_file(decoder, Path(name))
        except UnreadableFile as error:
            print(error.text.line(), file=sys.stderr)
            line, status = {"file": name, "error": error.text.line()}, EXIT_UNREADABLE
        print(json.dumps(line, ensure_ascii=False), flush=True)
    return status


def _configured_decoder() -> str:
    from shared.config import ConfigError, load_config

    try:
        return load_config().decoder.name
    except ConfigError:
        return "combined"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

