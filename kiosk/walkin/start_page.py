"""The start page: one large button per walk-in service; a tap says which kind of ticket to issue."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from shared.text import Text

from .options import WalkInOption
from .style import option_style

HEADLINE = Text("Ambil Nomor Antrean", "Take a queue number")
SUBLINE = Text("Tanpa booking? Sentuh layanan Anda.", "No booking? Touch your service.")
FOOTER = Text("Sudah punya booking? Tunjukkan kodenya di pintu masuk.",
              "Have a booking? Show its code at the entrance gate.")


def _label(text: str, name: str, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the tap belongs to the button
    return label


class OptionButton(QPushButton):
    """A big touch target: the service letter, its name in Indonesian and English, and who it is for."""

    def __init__(self, option: WalkInOption, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option = option
        self.setProperty("kind", option.kind)
        self.setStyleSheet(option_style(option.kind))
        self.setMinimumHeight(150)
        self.setMaximumHeight(340)  # a portrait kiosk grows the buttons up to here, then the margins grow
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(option.title.line())
        prefix = _label(option.prefix, "optPrefix")
        prefix.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prefix.setFixedSize(110, 110)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        texts.addStretch(1)  # the three lines stay together, centred, however tall the button grows
        texts.addWidget(_label(option.title.id, "optTitle", wrap=True))  # the two languages, two sizes
        texts.addWidget(_label(option.title.en, "optTitleEn", wrap=True))
        if option.hint.id:
            texts.addWidget(_label(option.hint.line(), "optHint", wrap=True))
        texts.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(26, 20, 26, 20)
        row.setSpacing(24)
        row.addWidget(prefix, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(texts, 1)


class StartPage(QWidget):
    kind_chosen = Signal(str)

    def __init__(self, options: tuple[WalkInOption, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons = [OptionButton(o) for o in options]
        for button in self.buttons:
            button.clicked.connect(lambda _=False, kind=button.option.kind: self.kind_chosen.emit(kind))
        headline = _label(HEADLINE.id, "headline")
        headline_en = _label(HEADLINE.en, "headlineEn")
        subline = _label(SUBLINE.line(), "subline", wrap=True)
        footer = _label(FOOTER.line(), "footer", wrap=True)
        for label in (headline, headline_en, subline, footer):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(6)
        layout.addStretch(1)
        for label in (headline, headline_en):
            layout.addWidget(label)
        layout.addSpacing(10)
        layout.addWidget(subline)
        layout.addSpacing(18)
        for button in self.buttons:  # one column: long Indonesian names stay on one line, portrait or landscape
            layout.addWidget(button, 4)
            layout.addSpacing(14)
        layout.addStretch(1)
        layout.addWidget(footer)

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons:
            button.setEnabled(enabled)

    def button_for(self, kind: str) -> OptionButton:
        return next(b for b in self.buttons if b.option.kind == kind)
