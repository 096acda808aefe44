"""The ticket being served: the number very large, who it is, and the document checklist the officer ticks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from shared.domain import TicketView
from shared.text import Text

SERVING = Text("Sedang dilayani", "Now serving")
NO_TICKET = Text("Belum ada nomor dipanggil", "No ticket called")
NO_CHECKLIST = Text("Tanpa daftar dokumen (walk-in)", "No document checklist (walk-in)")
CHECKLIST = Text("Periksa dokumen", "Document checklist")
FIELDS: tuple[tuple[str, Text], ...] = (
    ("name", Text("Nama", "Name")),
    ("nik", Text("NIK")),
    ("service", Text("Layanan", "Service")),
    ("booking", Text("Kode booking", "Booking code")),
    ("waited", Text("Menunggu", "Waited")),
)
WAITED = Text("{minutes} menit", "{minutes} min")


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


def field_values(ticket: TicketView) -> dict[str, str]:
    """The panel's lines for a ticket; walk-ins have no name, NIK or booking."""
    walk_in = f"— (walk-in: {ticket.walk_in_kind})" if ticket.walk_in_kind else "—"
    return {
        "name": ticket.applicant_name or walk_in,
        "nik": ticket.nik_masked or "—",
        "service": f"{ticket.service_prefix} · {Text(ticket.service_name, ticket.service_name_en).line()}",
        "booking": ticket.booking_code or "—",
        "waited": WAITED.format(minutes=ticket.minutes_waited).line(),
    }


class TicketPanel(QFrame):
    """Shows one TicketView; `checklist_changed` carries every document's tick after the officer changes one."""

    checklist_changed = Signal(object)  # dict[str, bool]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self._ticket_id: int | None = None
        self._ticket_number: str | None = None
        self._boxes: list[QCheckBox] = []
        self._shown = 0
        self._loading = False
        self.number = _label("—", "bigNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.values: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 16)
        self.title = _label(SERVING.line(), "panelTitle")
        layout.addWidget(self.title)
        layout.addWidget(self.number)
        layout.addLayout(self._build_fields())
        layout.addSpacing(8)
        layout.addWidget(_label(CHECKLIST.line(), "panelTitle"))
        self._checks = QVBoxLayout()
        self._checks.setSpacing(2)
        self.no_checklist = _label(NO_CHECKLIST.line(), "hint")
        self._checks.addWidget(self.no_checklist)
        layout.addLayout(self._checks)
        layout.addStretch(1)
        self.show_ticket(None)

    def _build_fields(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        for row, (key, title) in enumerate(FIELDS):
            grid.addWidget(_label(title.line(), "fieldName"), row, 0)
            value = _label("—", "fieldValue")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        return grid

    @property
    def ticket_id(self) -> int | None:
        return self._ticket_id

    @property
    def ticket_number(self) -> str | None:
        return self._ticket_number

    def show_ticket(self, ticket: TicketView | None) -> None:
        """A new ticket rebuilds the checklist; the same ticket again only refreshes its lines, so ticks that are
        still on their way to the database are never overwritten by an older read."""
        same = ticket is not None and ticket.id == self._ticket_id
        self._ticket_id = ticket.id if ticket else None
        self._ticket_number = ticket.number if ticket else None
        self.number.setProperty("empty", ticket is None)
        self.number.setText(ticket.number if ticket else "—")
        self.title.setText((SERVING if ticket else NO_TICKET).line())
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)
        values = field_values(ticket) if ticket else dict.fromkeys(self.values, "—")
        for key, label in self.values.items():
            label.setText(values[key])
        if not same:
            self._rebuild_checklist(ticket.checklist if ticket else None)

    def _rebuild_checklist(self, items: tuple[tuple[str, bool], ...] | None) -> None:
        """Boxes are made once and reused: creating and deleting widgets on every call is where widget code
        breaks, and a document list is never long."""
        items = items or ()
        while len(self._boxes) < len(items):
            box = QCheckBox(self)
            # Long document names must not widen the window: they are clipped, the tooltip has them whole.
            box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            box.toggled.connect(self._on_box_toggled)
            self._checks.addWidget(box)
            self._boxes.append(box)
        self._loading = True
        for i, box in enumerate(self._boxes):
            document, ticked = items[i] if i < len(items) else ("", False)
            box.setProperty("document", document)
            box.setText(document)
            box.setToolTip(document)
            box.setChecked(ticked)
            box.setVisible(i < len(items))
        self._loading = False
        self._shown = len(items)
        self.no_checklist.setVisible(self._ticket_id is not None and not items)

    def ticks(self) -> dict[str, bool]:
        return {box.property("document"): box.isChecked() for box in self._boxes[: self._shown]}

    def checkboxes(self) -> list[QCheckBox]:
        return self._boxes[: self._shown]

    def _on_box_toggled(self, _checked: bool) -> None:
        if not self._loading:  # a tick shown from the database is not a change by the officer
            self.checklist_changed.emit(self.ticks())
