"""Indonesian announcement phrases for the board (pure text, no Qt, no audio).

Spoken form: "Nomor antrean A, nol empat dua, silakan menuju loket tiga".
Letters stay as single capital letters: espeak-ng's Indonesian voice already names every letter A-Z the
Indonesian way (C -> "ce", J -> "je", Q -> "ki", Y -> "ye"); tests/kiosk_announce checks this against
espeak-ng's phoneme output, so no respelling table is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from shared.text import Text

NumberStyle = Literal["digits", "words"]

_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_TICKET_RE = re.compile(r"^([A-Z]{1,2})-(\d{1,3})$")
_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+")
# Only the words that actually occur in counter names need an English subtitle form.
_EN_WORDS = {"loket": "counter", "prioritas": "priority", "meja": "desk", "ruang": "room"}
INVALID_NUMBER = Text("Nomor antrean tidak valid: {number!r} (contoh: A-042)",
                      "Invalid ticket number: {number!r} (example: A-042)")
EMPTY_COUNTER = Text("Nama loket kosong: {name!r}", "Empty counter name: {name!r}")


class TicketNumberError(ValueError):
    """A ticket number that is not like "A-042" (1-2 capital letters, a dash, 1-3 digits)."""


@dataclass(frozen=True, slots=True)
class Subtitle:
    """The two on-screen lines for a call: Indonesian first, English below."""

    id: str
    en: str


def number_words(n: int) -> str:
    """0..999 in Indonesian words: 11 -> "sebelas", 100 -> "seratus", 250 -> "dua ratus lima puluh"."""
    if not 0 <= n <= 999:
        raise ValueError(f"number_words handles 0..999, got {n}")
    if n < 10:
        return _UNITS[n]
    if n < 100:
        return _tens_words(n)
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
    return head if rest == 0 else f"{head} {number_words(rest)}"


def _tens_words(n: int) -> str:
    tens, unit = divmod(n, 10)
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if tens == 1:
        return f"{_UNITS[unit]} belas"
    head = f"{_UNITS[tens]} puluh"
    return head if unit == 0 else f"{head} {_UNITS[unit]}"


def digit_words(digits: str) -> str:
    """Each digit on its own, as callers read numbers aloud: "042" -> "nol empat dua"."""
    if not digits.isdigit():
        raise ValueError(f"not a digit string: {digits!r}")
    return " ".join(_UNITS[int(d)] for d in digits)


def parse_ticket_number(ticket_number: str) -> tuple[str, str]:
    """Split "A-042" into ("A", "042"); surrounding spaces and lower case are tolerated."""
    match = _TICKET_RE.match(ticket_number.strip().upper())
    if match is None:
        raise TicketNumberError(INVALID_NUMBER.format(number=ticket_number).line())
    return match.group(1), match.group(2)


def spoken_counter(counter_name: str) -> str:
    """"Loket 3" -> "loket tiga", "LOKET 12" -> "loket dua belas", "Loket 3A" -> "loket tiga A"."""
    tokens = _TOKEN_RE.findall(counter_name)
    if not tokens:
        raise ValueError(EMPTY_COUNTER.format(name=counter_name).line())
    return " ".join(_spoken_token(t) for t in tokens)


def _spoken_token(token: str) -> str:
    if token.isdigit():
        value = int(token)
        # Counter numbers are names, read as a whole ("dua belas"); absurdly long ones digit by digit.
        return number_words(value) if value <= 999 else digit_words(token)
    if len(token) == 1:
        return token.upper()  # a lone letter is spoken by its name
    return token.lower()


def announcement_phrase(ticket_number: str, counter_name: str, style: NumberStyle = "digits") -> str:
    """The Indonesian sentence the board speaks for one call."""
    letters, digits = parse_ticket_number(ticket_number)
    if style == "digits":
        number = digit_words(digits)
    elif style == "words":
        number = number_words(int(digits))
    else:
        raise ValueError(f"style must be 'digits' or 'words', got {style!r}")
    return f"Nomor antrean {' '.join(letters)}, {number}, silakan menuju {spoken_counter(counter_name)}"


def english_subtitle(ticket_number: str, counter_name: str) -> str:
    """"Number A-042, please go to counter 3" (the board's English subtitle line)."""
    letters, digits = parse_ticket_number(ticket_number)
    return f"Number {letters}-{digits}, please go to {_english_counter(counter_name)}"


def _english_counter(counter_name: str) -> str:
    tokens = _TOKEN_RE.findall(counter_name)
    if not tokens:
        raise ValueError(EMPTY_COUNTER.format(name=counter_name).line())
    words = [_EN_WORDS.get(t.lower(), t) for t in tokens]
    rest = words[1:]
    # "Loket Prioritas" reads best as "the priority counter"; "Loket 3" stays "counter 3".
    if words[0] == "counter" and rest and all(len(t) > 1 and t.isalpha() for t in rest):
        return f"the {' '.join(w.lower() for w in rest)} counter"
    name = counter_name.strip()
    if words[0] == "counter" and name.lower().startswith(tokens[0].lower()):
        return f"counter {name[len(tokens[0]):].strip()}".strip()  # keeps "3A" together
    return " ".join(words)


def subtitle(ticket_number: str, counter_name: str) -> Subtitle:
    """Both on-screen lines; the ticket and counter are shown as written, not spelled out."""
    letters, digits = parse_ticket_number(ticket_number)
    indonesian = f"Nomor antrean {letters}-{digits}, silakan menuju {counter_name.strip()}"
    return Subtitle(id=indonesian, en=english_subtitle(ticket_number, counter_name))
