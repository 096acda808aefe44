"""`antrian-board announce A-042 --counter "Loket 3" --wav out.wav`: write one call's WAV (no Qt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.announce.phrase import TicketNumberError, announcement_phrase, english_subtitle
from kiosk.announce.speech import (
    DEFAULT_RATE_WPM,
    DEFAULT_VOICE,
    SpeechSettings,
    SpeechUnavailable,
    write_announcement_wav,
)
from shared.text import Text

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
DESCRIPTION = Text("Buat WAV pengumuman (bel + suara).", "Write an announcement WAV (chime + speech).")
HELP_TICKET = Text("nomor antrean, mis. A-042", "ticket number, e.g. A-042")
HELP_COUNTER = Text('nama loket, mis. "Loket 3"', 'counter name, e.g. "Loket 3"')
HELP_WAV = Text("berkas keluaran", "output WAV file")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="announce",
        description=DESCRIPTION.line(),
    )
    parser.add_argument("ticket", help=HELP_TICKET.line())
    parser.add_argument("--counter", required=True, help=HELP_COUNTER.line())
    parser.add_argument("--wav", required=True, type=Path, help=HELP_WAV.line())
    parser.add_argument("--style", choices=("digits", "words"), default="digits",
                        help="digits: nol empat dua; words: empat puluh dua")
    parser.add_argument("--voice", default=DEFAULT_VOICE, help="espeak-ng voice (default: id)")
    parser.add_argument("--rate", type=int, default=DEFAULT_RATE_WPM, help="words per minute")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache directory for WAVs")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        phrase = announcement_phrase(args.ticket, args.counter, args.style)
        subtitle_en = english_subtitle(args.ticket, args.counter)
    except (TicketNumberError, ValueError) as exc:
        print(f"announce: {exc}", file=sys.stderr)
        return EXIT_USAGE
    settings = SpeechSettings(voice=args.voice, rate_wpm=args.rate)
    try:
        out = write_announcement_wav(phrase, args.wav, args.cache_dir, settings)
    except (SpeechUnavailable, OSError) as exc:
        print(f"announce: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(phrase)
    print(subtitle_en)
    print(f"WAV: {out}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
