"""A ticket's print as the gate shows it (Qt-free): under way, printed, or failed with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from shared.text import Text

PRINTING = Text("Mencetak…", "Printing…")
PRINTED = Text("Tercetak", "Printed")


@dataclass(frozen=True)
class PrintReport:
    """`ok` is None while printing. `text` is the full instruction (the card's notice, the status bar), `short`
    the brief reason for the ticket's cell; `fault` names the fault (or the warning when ok)."""

    event_id: str
    number: str
    ok: bool | None
    text: Text
    short: Text
    fault: str | None = None

    @property
    def cell(self) -> Text:
        """What the ticket's print cell says."""
        if self.ok and not self.fault:
            return PRINTED
        return self.short if self.ok is False else self.text


def printing(event_id: str, number: str) -> PrintReport:
    return PrintReport(event_id, number, None, PRINTING, PRINTING)
