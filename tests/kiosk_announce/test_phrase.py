"""Indonesian number words and call phrases, checked with an independent small parser."""

from __future__ import annotations

import pytest

from kiosk.announce.phrase import (
    TicketNumberError,
    announcement_phrase,
    digit_words,
    english_subtitle,
    number_words,
    parse_ticket_number,
    spoken_counter,
    subtitle,
)

UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
         "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9}
SINGLE = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
SCALE = {"ratus": 100, "puluh": 10, "belas": None}


def parse_words(text: str) -> int:
    """Words back to a number, rejecting non-canonical forms ("satu puluh", "satu ratus", out of order)."""
    if text == "nol":
        return 0
    tokens = text.split(" ")
    total, last_magnitude, i = 0, 1000, 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token in SINGLE:
            value, i = SINGLE[token], i + 1
        elif token in UNITS and nxt in SCALE:
            assert UNITS[token] > 1 or nxt == "belas", f"non-canonical '{token} {nxt}' in {text!r}"
            value = 10 + UNITS[token] if nxt == "belas" else UNITS[token] * SCALE[nxt]
            i += 2
        elif token in UNITS:
            value, i = UNITS[token], i + 1
        else:
            raise AssertionError(f"unexpected word {token!r} in {text!r}")
        magnitude = 100 if value >= 100 else 10 if value >= 10 else 1
        assert magnitude < last_magnitude, f"groups out of order in {text!r}"
        total, last_magnitude = total + value, magnitude
    return total


@pytest.mark.parametrize("n", range(0, 1000))
def test_number_words_round_trip(n: int) -> None:
    assert parse_words(number_words(n)) == n


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"), (19, "sembilan belas"),
        (20, "dua puluh"), (42, "empat puluh dua"), (100, "seratus"), (101, "seratus satu"),
        (111, "seratus sebelas"), (123, "seratus dua puluh tiga"), (250, "dua ratus lima puluh"),
        (999, "sembilan ratus sembilan puluh sembilan"),
    ],
)
def test_number_words_spot_checks(n: int, words: str) -> None:
    assert number_words(n) == words


@pytest.mark.parametrize("n", [-1, 1000])
def test_number_words_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        number_words(n)


def test_digit_words() -> None:
    assert digit_words("042") == "nol empat dua"
    assert digit_words("100") == "satu nol nol"


def test_phrase_digits_style() -> None:
    assert announcement_phrase("A-042", "Loket 3", "digits") == (
        "Nomor antrean A, nol empat dua, silakan menuju loket tiga"
    )


def test_phrase_words_style() -> None:
    assert announcement_phrase("A-042", "Loket 3", "words") == (
        "Nomor antrean A, empat puluh dua, silakan menuju loket tiga"
    )


@pytest.mark.parametrize("n", range(1, 1000))
def test_phrase_words_for_every_ticket_number(n: int) -> None:
    phrase = announcement_phrase(f"B-{n:03d}", "Loket 1", "words")
    head, number, tail = phrase.split(", ")
    assert head == "Nomor antrean B"
    assert parse_words(number) == n
    assert tail == "silakan menuju loket satu"


@pytest.mark.parametrize(
    ("counter", "spoken"),
    [
        ("Loket 3", "loket tiga"),
        ("LOKET 12", "loket dua belas"),
        ("Loket Prioritas", "loket prioritas"),
        ("Loket 03", "loket tiga"),
        ("Loket 3A", "loket tiga A"),
        ("  loket   20 ", "loket dua puluh"),
    ],
)
def test_counter_names_spoken(counter: str, spoken: str) -> None:
    assert spoken_counter(counter) == spoken


def test_ticket_number_is_normalised() -> None:
    assert parse_ticket_number(" p-7 ") == ("P", "7")
    assert announcement_phrase("p-7", "Loket Prioritas") == (
        "Nomor antrean P, tujuh, silakan menuju loket prioritas"
    )


def test_two_letter_prefix_spelled_letter_by_letter() -> None:
    assert announcement_phrase("AB-001", "Loket 2").startswith("Nomor antrean A B, nol nol satu,")


@pytest.mark.parametrize("bad", ["", "A042", "A-", "-042", "A-0420", "1-042", "ABC-001", "A-04x", "A - 042"])
def test_malformed_ticket_numbers_rejected(bad: str) -> None:
    with pytest.raises(TicketNumberError, match="Invalid ticket number"):
        announcement_phrase(bad, "Loket 1")


def test_empty_counter_rejected() -> None:
    with pytest.raises(ValueError, match="Empty counter name"):
        announcement_phrase("A-001", "  ")


def test_bad_style_rejected() -> None:
    with pytest.raises(ValueError, match="style"):
        announcement_phrase("A-001", "Loket 1", "roman")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ticket", "counter", "english"),
    [
        ("A-042", "Loket 3", "Number A-042, please go to counter 3"),
        ("B-110", "LOKET 12", "Number B-110, please go to counter 12"),
        ("P-007", "Loket Prioritas", "Number P-007, please go to the priority counter"),
        ("C-001", "Loket 3A", "Number C-001, please go to counter 3A"),
    ],
)
def test_english_subtitle(ticket: str, counter: str, english: str) -> None:
    assert english_subtitle(ticket, counter) == english


def test_subtitle_indonesian_first_as_written() -> None:
    lines = subtitle("A-042", "Loket 3")
    assert lines.id == "Nomor antrean A-042, silakan menuju Loket 3"
    assert lines.en == "Number A-042, please go to counter 3"
