"""`python -m scanner.camera.probe SOURCE [--read-code]`: does this camera give frames, at what size and rate,
and (with --read-code) does a booking code held in front of it read? One JSON line; exit 0 yes, 1 no.

For `antrian doctor` and `antrian setup`, which run it as a separate program: the core (`shared`) never imports
OpenCV or the decoders, and a camera driver that hangs or crashes takes only this process with it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from scanner.camera.frames import CameraError, SourceError, make_source
from scanner.decode.decoder import make_decoder
from shared.text import Text

NO_FRAMES = Text("Kamera terbuka tetapi tidak memberi gambar", "The camera opened but gave no frames")
NO_CODE = Text(
    "Tidak ada kode terbaca; tunjukkan kode booking ke kamera",
    "No code read; hold a booking code to the camera",
)


def probe(spec: str, seconds: float, read_code: bool, decoder_name: str = "combined") -> dict:
    out: dict = {"source": spec, "ok": False}
    try:
        source = make_source(spec, loop=False, paced=False)
        source.open()
    except (CameraError, SourceError) as exc:
        text = exc.text
        return {**out, "message": text.id, "message_en": text.en or text.id}
    decoder = make_decoder(decoder_name) if read_code else None
    frames, size, code = 0, None, None
    started = time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            try:
                frame = source.read()
            except CameraError as exc:
                return {
                    **out,
                    "message": exc.text.id,
                    "message_en": exc.text.en or exc.text.id,
                    "frames": frames,
                }
            if frame is None:
                break
            frames += 1
            size = (int(frame.shape[1]), int(frame.shape[0]))
            if decoder is not None and code is None:
                found = decoder.decode(frame)
                if found:
                    code = found[0].text
                    break
            if decoder is None and frames >= 60:
                break
    finally:
        source.release()
    elapsed = max(1e-6, time.monotonic() - started)
    out.update(
        {
            "frames": frames,
            "width": size[0] if size else None,
            "height": size[1] if size else None,
            "fps": round(frames / elapsed, 1),
            "code": code,
        }
    )
    if frames == 0:
        return {**out, "message": NO_FRAMES.id, "message_en": NO_FRAMES.en}
    if read_code and code is None:
        return {**out, "message": NO_CODE.id, "message_en": NO_CODE.en}
    out["ok"] = True
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m scanner.camera.probe", description=__doc__.splitlines()[0])
    p.add_argument("source", help="0, /dev/video0, FILE or FOLDER (camera.source)")
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--read-code", action="store_true", help="wait for a readable code (up to --seconds)")
    p.add_argument("--decoder", default="combined")
    args = p.parse_args(argv)
    result = probe(args.source, args.seconds, args.read_code, args.decoder)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
