"""The bilingual text type: one line, two lines, paper, and composition keep both languages apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.text import Text, to_ascii


def test_renderings():
    t = Text("Kertas habis", "Paper out")
    assert t.line() == str(t) == "Kertas habis / Paper out"
    assert t.lines() == "Kertas habis\nPaper out"
    assert t.line(" · ") == "Kertas habis · Paper out"
    assert t.as_dict() == {"id": "Kertas habis", "en": "Paper out"}


def test_same_words_in_both_languages_are_shown_once():
    assert Text("A-042").line() == "A-042" and Text("OK", "OK").lines() == "OK"


def test_paper_is_plain_ascii():
    assert Text("Nomor A-042 → Loket 3", "Number A-042 → Counter 3").paper() == \
        "Nomor A-042 -> Loket 3 / Number A-042 -> Counter 3"
    assert to_ascii("Tanggal: 1–2 Desember • ±5 menit") == "Tanggal: 1-2 Desember * +/-5 menit"


def test_composition_keeps_each_language_to_itself():
    reason = Text("terlalu panjang", "too long")
    joined = Text("Bukan kode booking: ", "Not a booking code: ") + reason
    assert joined == Text("Bukan kode booking: terlalu panjang", "Not a booking code: too long")
    assert (Text("Siap", "Ready") + " · A-001").line() == "Siap · A-001 / Ready · A-001"
    assert Text.join([Text("Loket", "Counter"), "3"]) == Text("Loket 3", "Counter 3")
    assert Text("Mulai {hh}", "From {hh}").format(hh="09:00") == Text("Mulai 09:00", "From 09:00")


def test_frozen():
    with pytest.raises(AttributeError):
        Text("a", "b").id = "c"  # type: ignore[misc]


@given(st.text(max_size=200))
def test_paper_is_always_printable_ascii(raw):
    out = Text(raw, raw[::-1]).paper()
    assert all(32 <= ord(ch) < 127 for ch in out)
