"""The large result card: the decision's colour and title, the booking, the applicants and their tickets.

It only shows what it is given (a CheckinResult, print outcomes) and reports what the officer asks for
(reprint, a supervisor's admission of a late applicant) through signals; the window asks the supervisor (the
NIP, PIN and reason are asked in `shared.qt.auth.supervisor_dialog`, never typed on the card) and the flow does
the work off the GUI thread.
"""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.domain import CheckinResult, Decision, Tone
from shared.palette import EN_GREY, GREEN, RED, WHITE
from shared.text import Text

from .card_facts import Fact, decision_facts
from .print_report import PrintReport
from .style import (
    ACCEPT_EN,
    IDLE_CARD,
    IDLE_CARD_EN,
    ON_WARN,
    REFUSE_EN,
    SYSTEM_ERROR,
    SYSTEM_ERROR_EN,
    WARN_EN,
)
from .texts import Freshness, bi

TEXT_ON = {Tone.ACCEPT: WHITE, Tone.WARN: ON_WARN, Tone.REFUSE: WHITE}
TITLE_EN = {Tone.ACCEPT: ACCEPT_EN, Tone.WARN: WARN_EN, Tone.REFUSE: REFUSE_EN}
SYMBOL = {Tone.ACCEPT: "✔", Tone.WARN: "!", Tone.REFUSE: "✖"}

READY = Text("SIAP MEMINDAI", "Ready to scan")
READY_HINT = Text(
    "Arahkan kode booking ke kamera, atau pindai dengan pemindai tangan / ketik kode lalu Enter.",
    "Hold the booking code to the camera, or use the hand scanner / type the code and press Enter.")
SYSTEM_ERROR_TITLE = Text("GALAT SISTEM", "System error")
REPRINT = Text("Cetak ulang tiket", "Reprint tickets")
OVERRIDE = Text("Izinkan (supervisor)", "Admit (supervisor)")
STAYS_UNPRINTED = Text("Tiket tetap di daftar “Belum tercetak” untuk dicetak ulang",
                       "The ticket stays in the “Not printed” list")
HEADS = (Text("Pemohon", "Applicant"), Text("NIK", "ID number"))
TICKET_HEADS = (Text("Layanan", "Service"), Text("Nomor", "Ticket"))
PRINT_HEAD = Text("Cetak", "Print")


def _label(html: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(wrap)
    return label


class ResultCard(QFrame):
    reprint_requested = Signal(object)  # the CheckinResult whose tickets to print again
    override_requested = Signal(object)  # the TOO_LATE CheckinResult a supervisor is asked to admit

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultCard")
        self._tz = tz
        self.result: CheckinResult | None = None
        self.error: Text | None = None  # the system error shown now (show_error), if any
        self.print_states: dict[str, str] = {}  # ticket number -> the print cell's rich text
        self._banner = _label()
        self._banner.setObjectName("banner")
        self._message = _label()
        self._notice = _label()
        self._facts = QGridLayout()
        self._people = QGridLayout()
        self._print_cells: dict[str, QLabel] = {}
        self._actions = QHBoxLayout()
        self._build()
        self.show_idle()

    # ---- layout

    def _build(self) -> None:
        body = QVBoxLayout(self)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self._banner.setContentsMargins(28, 18, 28, 18)
        body.addWidget(self._banner)
        inner = QVBoxLayout()
        inner.setContentsMargins(28, 16, 28, 20)
        inner.setSpacing(14)
        inner.addWidget(self._message)
        self._facts.setHorizontalSpacing(24)
        self._facts.setVerticalSpacing(8)
        inner.addLayout(self._facts)
        self._people.setHorizontalSpacing(14)
        self._people.setVerticalSpacing(6)
        inner.addLayout(self._people)
        inner.addStretch(1)
        inner.addWidget(self._notice)
        inner.addLayout(self._actions)
        body.addLayout(inner, 1)
        self.reprint_button = QPushButton(REPRINT.line())
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.override_button = QPushButton(OVERRIDE.line())
        self.override_button.clicked.connect(self._on_override_clicked)
        for widget in (self.reprint_button, self.override_button):
            widget.setMinimumHeight(48)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a hand scanner's Enter must never press them
            self._actions.addWidget(widget)
        self._actions.addStretch(1)

    def _paint(self, colour: str, text_colour: str) -> None:
        self.setStyleSheet(
            f"#resultCard {{ background: {WHITE}; border: 6px solid {colour}; border-radius: 14px; }}"
            f"#banner {{ background: {colour}; color: {text_colour}; border-top-left-radius: 8px;"
            " border-top-right-radius: 8px; }"
            "QPushButton { font-size: 13pt; padding: 6px 16px; }"
        )

    # ---- states

    def show_idle(self) -> None:
        self.result, self.error = None, None
        self.print_states = {}
        self._paint(IDLE_CARD, WHITE)
        self._banner.setText(bi(READY, 32, 16, bold=True, en_colour=IDLE_CARD_EN))
        self._message.setText(bi(READY_HINT, 17, 12))
        self._fill_facts([])
        self._fill_people(None)
        self._show_actions(reprint=False, override=False)

    def show_error(self, text: Text) -> None:
        self.result, self.error = None, text
        self._paint(SYSTEM_ERROR, WHITE)
        self._banner.setText(bi(SYSTEM_ERROR_TITLE, 32, 16, bold=True, en_colour=SYSTEM_ERROR_EN))
        self._message.setText(bi(text, 16, 12))
        self._fill_facts([])
        self._fill_people(None)
        self._show_actions(reprint=False, override=False)

    def show_result(self, result: CheckinResult, freshness: Freshness | None = None) -> None:
        self.result, self.error = result, None
        self.print_states = {t.number: "" for t in result.tickets} if result.decision is Decision.VALID else {}
        tone = result.decision.tone
        self._paint(result.decision.colour, TEXT_ON[tone])
        title = Text(f"{SYMBOL[tone]}  {result.decision.title.id}", result.decision.title.en)  # the mark once
        self._banner.setText(bi(title, 32, 16, bold=True, en_colour=TITLE_EN[tone]))
        self._message.setText(bi(result.message, 17, 12, bold=True))
        self._fill_facts(decision_facts(result, self._tz, freshness))
        self._fill_people(result)
        self._show_actions(
            reprint=result.decision is Decision.ALREADY_CHECKED_IN and bool(result.tickets),
            override=result.decision is Decision.TOO_LATE,
        )

    def show_print(self, report: PrintReport) -> bool:
        """A ticket's print under way, done or failed: its cell, and the full instruction once when it failed.
        False when the report is about another check-in than the one on the card (nothing shown)."""
        if self.result is None or self.result.event_id != report.event_id:
            return False
        self.set_print_state(report.number, print_state_html(report))
        if report.ok is False:
            self.show_print_notice(report.text)
        return True

    def set_print_state(self, number: str, text: str) -> None:
        if self.result is None:
            return
        self.print_states[number] = text
        cell = self._print_cells.get(number)
        if cell is not None:
            cell.setText(text)  # no rebuild: the row stays put while tickets print one after another
        else:
            self._fill_people(self.result)

    @property
    def decision(self) -> Decision | None:
        return self.result.decision if self.result else None

    # ---- parts

    def show_print_notice(self, text: Text) -> None:
        """The full instruction for a failed print, once under the table (the cells keep the short reason)."""
        self._notice.setText(
            f"<span style='color:{RED};font-size:13pt;font-weight:600;'>✖ {escape(text.id)}</span><br>"
            f"<span style='color:{EN_GREY};font-size:10pt;'>{escape(text.en)}</span><br>"
            f"<span style='font-size:10pt;'>{escape(STAYS_UNPRINTED.id)}</span>"
            f"<span style='color:{EN_GREY};font-size:9pt;'> / {escape(STAYS_UNPRINTED.en)}</span>")
        self._notice.setVisible(True)

    def _show_actions(self, reprint: bool, override: bool) -> None:
        self._notice.setVisible(False)
        self.reprint_button.setVisible(reprint)
        self.override_button.setVisible(override)

    def _fill_facts(self, facts: list[Fact]) -> None:
        _clear(self._facts)
        for row, (label, value) in enumerate(facts):
            self._facts.addWidget(_label(bi(label, 11, 9), wrap=False), row, 0)
            value_label = _label(f"<span style='font-size:18pt;font-weight:600;'>{value}</span>")
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._facts.addWidget(value_label, row, 1)
            value_label.show()
        self._facts.setColumnStretch(1, 1)

    def _fill_people(self, result: CheckinResult | None) -> None:
        _clear(self._people)
        self._print_cells = {}
        if result is None or result.booking is None:
            return
        # Refused bookings have no tickets: only who it is; the ticket columns appear when there are tickets.
        heads = list(HEADS)
        if result.tickets:
            heads += TICKET_HEADS
        if self.print_states:
            heads.append(PRINT_HEAD)
        for col, head in enumerate(heads):
            self._people.addWidget(_label(bi(head, 10, 8, bold=True), wrap=False), 0, col)
        for row, person in enumerate(result.booking.applicants, start=1):
            for col, cell in enumerate(self._person_cells(result, person)[: len(heads)]):
                label = _label(cell, wrap=col in (0, 4))  # long names and print faults wrap; numbers never
                if col == 4:
                    label.setMaximumWidth(220)
                self._people.addWidget(label, row, col)
                label.show()  # now, not on the next event loop turn: the card must be readable at once
                if col == 4 and person.ticket_number:
                    self._print_cells[person.ticket_number] = label
        for col in range(6):  # an empty last column takes the spare width, so the table stays to the left
            self._people.setColumnStretch(col, 1 if col == len(heads) else 0)

    def _person_cells(self, result: CheckinResult, person) -> list[str]:
        ticket = next((t for t in result.tickets if t.number == person.ticket_number), None)
        service = bi(Text(ticket.service_name, ticket.service_name_en), 10, 8) if ticket else "—"
        number = person.ticket_number or "—"
        return [f"<span style='font-size:13pt;'>{escape(person.name)}</span>",
                f"<span style='font-size:11pt;font-family:monospace;'>{person.nik_masked}</span>", service,
                f"<span style='font-size:20pt;font-weight:700;'>{number}</span>",
                self.print_states.get(number, "")]

    # ---- slots

    def _on_reprint_clicked(self) -> None:
        if self.result is not None:
            self.reprint_requested.emit(self.result)

    def _on_override_clicked(self) -> None:
        if self.result is not None and self.result.decision is Decision.TOO_LATE:
            self.override_requested.emit(self.result)


def _clear(layout: QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()  # deleteLater alone would leave it painted over the new row until the next loop
            widget.deleteLater()


def print_state_html(report: PrintReport) -> str:
    """The per-ticket print cell: printing (grey), printed (green) or the failure's short reason (red)."""
    colour = EN_GREY if report.ok is None else (GREEN if report.ok else RED)
    mark = "…" if report.ok is None else ("✔" if report.ok else "✖")
    text = report.cell
    return (f"<span style='color:{colour};font-size:11pt;font-weight:600;'>{mark}&nbsp;{escape(text.id)}</span>"
            f"<br><span style='color:{EN_GREY};font-size:9pt;'>{escape(text.en or text.id)}</span>")
