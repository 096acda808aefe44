"""The large result card: the decision's colour and title, the booking, the applicants and their tickets.

It only shows what it is given (a CheckinResult, print outcomes) and reports what the officer asks for
(reprint, supervisor override) through signals; the flow does the work off the GUI thread.
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
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.domain import CheckinResult, Decision, Tone

from .card_facts import decision_facts
from .texts import EN_GREY, Freshness, bi, one_line

TEXT_ON = {Tone.ACCEPT: "#ffffff", Tone.WARN: "#1a1a1a", Tone.REFUSE: "#ffffff"}
SYMBOL = {Tone.ACCEPT: "✔", Tone.WARN: "!", Tone.REFUSE: "✖"}
IDLE_COLOUR = "#455a64"


def _label(html: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(wrap)
    return label


class ResultCard(QFrame):
    reprint_requested = Signal(object)  # the CheckinResult whose tickets to print again
    override_requested = Signal(str, str)  # code, reason

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultCard")
        self._tz = tz
        self.result: CheckinResult | None = None
        self.print_states: dict[str, str] = {}
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
        self.reprint_button = QPushButton("Cetak ulang tiket / Reprint tickets")
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.reason_field = QLineEdit()
        self.reason_field.setPlaceholderText("Alasan supervisor / Supervisor's reason")
        self.override_button = QPushButton("Izinkan masuk (supervisor) / Supervisor override")
        self.override_button.clicked.connect(self._on_override_clicked)
        self.reason_field.returnPressed.connect(self._on_override_clicked)
        for widget in (self.reprint_button, self.reason_field, self.override_button):
            widget.setMinimumHeight(48)
            self._actions.addWidget(widget, 1 if widget is self.reason_field else 0)

    def _paint(self, colour: str, text_colour: str) -> None:
        self.setStyleSheet(
            f"#resultCard {{ background: #ffffff; border: 6px solid {colour}; border-radius: 14px; }}"
            f"#banner {{ background: {colour}; color: {text_colour}; border-top-left-radius: 8px;"
            " border-top-right-radius: 8px; }"
            "QPushButton { font-size: 13pt; padding: 6px 16px; }"
            "QLineEdit { font-size: 13pt; padding: 4px 8px; }"
        )

    # ---- states

    def show_idle(self) -> None:
        self.result = None
        self.print_states = {}
        self._paint(IDLE_COLOUR, "#ffffff")
        self._banner.setText(bi("SIAP MEMINDAI", "Ready to scan", 32, 16, bold=True, en_colour="#cfd8dc"))
        self._message.setText(bi(
            "Arahkan kode booking ke kamera, atau pindai dengan pemindai tangan / ketik kode lalu Enter.",
            "Hold the booking code to the camera, or use the hand scanner / type the code and press Enter.",
            17, 12))
        self._fill_facts([])
        self._fill_people(None)
        self._show_actions(reprint=False, override=False)

    def show_error(self, text_id: str, text_en: str) -> None:
        self.result = None
        self._paint("#6a1b9a", "#ffffff")
        self._banner.setText(bi("GALAT SISTEM", "System error", 32, 16, bold=True, en_colour="#e1bee7"))
        self._message.setText(bi(text_id, text_en, 16, 12))
        self._fill_facts([])
        self._fill_people(None)
        self._show_actions(reprint=False, override=False)

    def show_result(self, result: CheckinResult, freshness: Freshness | None = None) -> None:
        self.result = result
        self.print_states = {t.number: "" for t in result.tickets} if result.decision is Decision.VALID else {}
        tone = result.decision.tone
        self._paint(result.decision.colour, TEXT_ON[tone])
        title_id, title_en = result.decision.title
        sub = "#e8f5e9" if tone is Tone.ACCEPT else ("#3a3a3a" if tone is Tone.WARN else "#ffebee")
        self._banner.setText(bi(f"{SYMBOL[tone]}  {title_id}", title_en, 32, 16, bold=True, en_colour=sub))
        self._message.setText(bi(result.message, result.message_en, 17, 12, bold=True))
        self._fill_facts(decision_facts(result, self._tz, freshness))
        self._fill_people(result)
        self._show_actions(
            reprint=result.decision is Decision.ALREADY_CHECKED_IN and bool(result.tickets),
            override=result.decision is Decision.TOO_LATE,
        )

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

    @property
    def busy(self) -> bool:
        """True while the officer is using the card (typing a reason): it must not clear under them."""
        return self.reason_field.isVisible() and (self.reason_field.hasFocus() or bool(self.reason_field.text()))

    # ---- parts

    def show_print_notice(self, text_id: str, text_en: str) -> None:
        """The full instruction for a failed print, once under the table (the cells keep the short reason)."""
        self._notice.setText(
            f"<span style='color:#c62828;font-size:13pt;font-weight:600;'>✖ {escape(text_id)}</span><br>"
            f"<span style='color:{EN_GREY};font-size:10pt;'>{escape(text_en)}</span><br>"
            "<span style='font-size:10pt;'>Tiket tetap di daftar “Belum tercetak” untuk dicetak ulang</span>"
            f"<span style='color:{EN_GREY};font-size:9pt;'> / The ticket stays in the “Not printed” list</span>")
        self._notice.setVisible(True)

    def _show_actions(self, reprint: bool, override: bool) -> None:
        self._notice.setVisible(False)
        self.reprint_button.setVisible(reprint)
        self.reason_field.setVisible(override)
        self.override_button.setVisible(override)
        self.reason_field.clear()

    def _fill_facts(self, facts: list[tuple[str, str, str]]) -> None:
        _clear(self._facts)
        for row, (label_id, label_en, value) in enumerate(facts):
            self._facts.addWidget(_label(bi(label_id, label_en, 11, 9), wrap=False), row, 0)
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
        heads = [("Pemohon", "Applicant"), ("NIK", "ID number")]
        if result.tickets:
            heads += [("Layanan", "Service"), ("Nomor", "Ticket")]
        if self.print_states:
            heads.append(("Cetak", "Print"))
        for col, (head_id, head_en) in enumerate(heads):
            self._people.addWidget(_label(bi(head_id, head_en, 10, 8, bold=True), wrap=False), 0, col)
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
        service = bi(ticket.service_name, ticket.service_name_en, 10, 8) if ticket else "—"
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
        reason = self.reason_field.text().strip()
        if self.result is None or self.result.decision is not Decision.TOO_LATE:
            return
        if not reason:
            self.reason_field.setPlaceholderText(one_line("Isi alasan dulu", "Enter a reason first"))
            self.reason_field.setFocus()
            return
        self.override_requested.emit(self.result.code, reason)


def _clear(layout: QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()  # deleteLater alone would leave it painted over the new row until the next loop
            widget.deleteLater()


def print_state_html(ok: bool | None, text_id: str, text_en: str, warning: bool = False) -> str:
    """The per-ticket print cell: printing (grey), printed (green) or the failure's specific reason (red)."""
    if ok and not warning:
        text_id, text_en = "Tercetak", "Printed"
    elif ok is False:  # the short reason here; the card's notice carries the full instruction
        text_id, text_en = text_id.split(" — ")[0], text_en.split(" — ")[0]
    colour = EN_GREY if ok is None else ("#1b873f" if ok else "#c62828")
    mark = "…" if ok is None else ("✔" if ok else "✖")
    return (f"<span style='color:{colour};font-size:11pt;font-weight:600;'>{mark}&nbsp;{text_id}</span>"
            f"<br><span style='color:{EN_GREY};font-size:9pt;'>{text_en}</span>")
