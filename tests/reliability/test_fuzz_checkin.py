"""Property-based fuzzing of the gate's code path: check_in with any text a scanner or a keyboard can produce.

Whatever is read, check_in decides (never raises); text that is not a booking code is MALFORMED; a Unicode letter
or digit that only looks like one of the code's (dotless i, long s, Kelvin sign, Cyrillic, full-width, Arabic-Indic
digits, ligatures) never admits anyone; the audit row keeps a bounded, printable copy of what was read.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shared.db.engine import Database
from shared.db.models import CheckinEvent
from shared.domain import Decision
from shared.services.bookings_import import import_bookings, parse_bookings_payload
from shared.services.checkin import check_in

from .harness import DAY, SCALE, load_test_config

CODES = ["KISS2345", "SAIKA789", "ABCDEFGHIJKL", "Z0O1I2L3", "FIKS8888"]
NIKS = ["6104014101900003", "6104015203850011", "6171020512700004"]
LOOKALIKES = {
    "I": ["ı", "İ", "Ι", "І", "Ｉ", "ⅰ", "Ⅰ"], "S": ["ſ", "Ѕ", "Ｓ", "ꜱ"], "K": ["\u212a", "Κ", "К", "Ｋ"],
    "A": ["А", "Α", "Ａ", "ª"], "L": ["Ⅼ", "ℓ"], "O": ["О", "Ο", "０"], "0": ["٠", "۰", "０", "⁰", "𝟎"],
    "2": ["٢", "²", "２", "₂"], "8": ["٨", "８", "⑧"], "F": ["Ϝ", "Ｆ"], "Z": ["Ζ", "Ｚ"],
}
LIGATURES = {"FI": "ﬁ", "SS": "ß", "KI": "Ｋı"}
CONFIG = load_test_config()
NOW = datetime.combine(DAY, time(8, 30), tzinfo=CONFIG.office.tz)
MAX_AUDIT = 80
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
TRIED: Counter = Counter()


@pytest.fixture(scope="module")
def gate_db(module_db: Database, tally) -> Database:  # noqa: ANN001
    """One database for all examples (a fixture per example would be rebuilt hundreds of times)."""
    _load(module_db)
    tally.later("fuzz check_in", _counts)
    return module_db


def _counts() -> str:
    decided = ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items()) if k not in ("examples", "failed"))
    return (f"fuzz check_in: {TRIED['examples']} scanned texts over both backends ({decided}); "
            f"found {TRIED['failed']} that raised or admitted a lookalike")


def _load(db: Database) -> None:
    bookings = [
        {"booking_code": code, "status": "active", "date": DAY.isoformat(), "office_code": CONFIG.office.code,
         "slot": {"start": "08:00", "end": "09:00"},
         "applicants": [{"nik": NIKS[i % 3], "name": f"PEMOHON {i}", "application_type": "new"}]}
        for i, code in enumerate(CODES)
    ]
    records, problems = parse_bookings_payload({"bookings": bookings})
    assert not problems
    db.run(import_bookings, records, NOW)


def _lookalike(code: str, data: st.DataObject) -> str:
    positions = [i for i, ch in enumerate(code) if ch in LOOKALIKES]
    i = data.draw(st.sampled_from(positions))
    return code[:i] + data.draw(st.sampled_from(LOOKALIKES[code[i]])) + code[i + 1:]


@st.composite
def scanned(draw) -> str:  # noqa: ANN001
    """What a gate may read: any text, a real code in another case or padded, or a code with one lookalike."""
    kind = draw(st.sampled_from(["any", "any", "case", "lookalike", "lookalike", "ligature", "control", "long"]))
    code = draw(st.sampled_from(CODES))
    if kind == "any":
        return draw(st.text(max_size=100))
    if kind == "case":
        flips = draw(st.lists(st.booleans(), min_size=len(code), max_size=len(code)))
        pad = draw(st.sampled_from(["", " ", "\t", "\u00a0", "\u3000", "\n"]))
        return pad + "".join(c.lower() if f else c for c, f in zip(code, flips, strict=True)) + pad
    if kind == "lookalike":
        return _lookalike(code, draw(st.data()))
    if kind == "ligature":
        for plain, fancy in LIGATURES.items():
            if plain in code:
                return code.replace(plain, fancy, 1)
        return code.lower().replace("i", "ı")
    if kind == "control":
        i = draw(st.integers(0, len(code)))
        return code[:i] + draw(st.sampled_from(["\x00", "\x1b", "\u200b", "\u202e", "\ufeff", "\r"])) + code[i:]
    return code * draw(st.integers(5, 40))


def _ascii_variant_of(raw: str) -> str | None:
    """The booking code `raw` names when read as a person would type it (ASCII only, any case, trimmed)."""
    stripped = raw.strip()
    if not stripped.isascii():
        return None
    upper = stripped.translate(_ASCII_UPPER)
    return upper if upper in CODES else None


@settings(max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=scanned())
@example(raw="kıss2345")  # dotless i: str.upper() would make it KISS2345
@example(raw="\u212aISS2345")  # Kelvin sign
@example(raw="ſaika789")  # long s
@example(raw="ﬁks8888")  # fi ligature
@example(raw="ABCDEFGH\x00IJKL")
@example(raw="٠" * 8)
def test_check_in_decides_any_text_and_only_ascii_codes_admit(gate_db, raw):
    TRIED["examples"] += 1
    TRIED["failed"] += 1  # taken back at the end of an example that holds
    result = gate_db.run(check_in, CONFIG, raw, "GATE-FUZZ", NOW)  # raising at all is the failure
    TRIED[result.decision.value] += 1
    named = _ascii_variant_of(raw)
    if result.decision not in (Decision.MALFORMED, Decision.UNKNOWN):
        assert named == result.code, f"{raw!r} was taken for booking {result.code}"
    if named is not None and len(raw) <= 64 and raw.strip().isprintable():
        assert result.decision in (Decision.VALID, Decision.ALREADY_CHECKED_IN), (raw, result.decision)
    if not re.fullmatch(CONFIG.checkin.code_pattern, raw.strip().translate(_ASCII_UPPER), flags=re.ASCII):
        assert result.decision is Decision.MALFORMED, (raw, result.decision)
    with gate_db.sessions() as s:
        stored = s.get(CheckinEvent, result.event_id)
        assert stored is not None and stored.result == result.decision.value
        assert len(stored.code) <= MAX_AUDIT and stored.code.isprintable(), repr(stored.code)
        assert stored.code == result.code
    TRIED["failed"] -= 1
