"""Words a person reads, in both languages: one small type for every text the office software shows or prints.

Indonesian comes first, English after. A `Text` is built once where the words are decided (a service, a
window, the printer's fault table) and rendered where it is shown: one line for a status bar or a log,
two lines for a card or a board, plain ASCII for thermal paper. Nothing ever splits a rendered string again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SEPARATOR = " / "

# Letters NFKD does not decompose into ASCII; the printers' code pages have none of them.
_TRANSLIT = str.maketrans({
    "→": "->", "←": "<-", "–": "-", "—": "-", "…": "...", "·": "-", "•": "*",
    "‘": "'", "’": "'", "“": '"', "”": '"', "±": "+/-", "×": "x", "ß": "ss", "ø": "o", "Ø": "O",
    "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
})


def to_ascii(text: str) -> str:
    """Plain printable ASCII (for thermal printers without a code page): accents dropped, arrows spelled."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_TRANSLIT))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return "".join(ch if 32 <= ord(ch) < 127 else " " for ch in ascii_only)


@dataclass(frozen=True)
class Text:
    """One thing said in Indonesian (`id`) and English (`en`). An empty `en` means the words are the same in
    both (a number, a name), so it is shown once."""

    id: str
    en: str = ""

    def line(self, sep: str = SEPARATOR) -> str:
        """'Indonesian / English' on one line (status bars, logs, stderr, the CLI)."""
        return self.id if not self.en or self.en == self.id else f"{self.id}{sep}{self.en}"

    def lines(self) -> str:
        """Indonesian, then English on the next line (cards, the board, dialogs)."""
        return self.line("\n")

    def paper(self, sep: str = SEPARATOR) -> str:
        """One line in plain ASCII, for thermal paper."""
        return to_ascii(self.line(sep))

    def format(self, **values: object) -> Text:
        """The same words with `{name}` fields filled in both languages."""
        return Text(self.id.format(**values), self.en.format(**values) if self.en else "")

    def __add__(self, other: Text | str) -> Text:
        """Both languages continued: `Text('Gagal', 'Failed') + ': ' + detail`."""
        if isinstance(other, str):
            other = Text(other)
        return Text(self.id + other.id, (self.en or self.id) + (other.en or other.id))

    def __str__(self) -> str:
        return self.line()

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en or self.id}

    @staticmethod
    def join(parts: Iterable[Text | str], sep: str = " ") -> Text:
        """Several texts as one, each language joined with `sep`."""
        items = [p if isinstance(p, Text) else Text(p) for p in parts]
        return Text(sep.join(p.id for p in items), sep.join(p.en or p.id for p in items))
