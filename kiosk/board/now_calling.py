"""The newest call, huge: "A-042 → LOKET 3", blinking for `board.blink_seconds` after it is made."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from shared.domain import CallEventView, CallKind
from shared.palette import Level

from . import style
from .texts import NO_CALL_YET, NOW_CALLING, RECALL_TAG, call_sentence, counter_upper

BLINK_ON_MS = 650  # a little longer lit than dark: the number stays readable while it blinks
BLINK_OFF_MS = 350


class NowCallingPanel(QFrame):
    def __init__(self, blink_seconds: float, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("nowCalling")
        self._blink_ms = round(blink_seconds * 1000)
        self._lit = False
        self._height = 1080
        self._since = QElapsedTimer()
        self._blink = QTimer(self)
        self._blink.setSingleShot(True)
        self._blink.timeout.connect(self._on_blink_timeout)
        self._title = self._label(NOW_CALLING.line())
        self._tag = self._label(RECALL_TAG.line())
        self._number = self._label("—")
        self._counter = self._label("")
        self._sentence_id = self._label(NO_CALL_YET.line())
        self._sentence_en = self._label("")
        layout = QVBoxLayout(self)
        for widget, stretch in ((self._title, 0), (self._tag, 0), (self._number, 3), (self._counter, 2),
                                (self._sentence_id, 0), (self._sentence_en, 0)):
            layout.addWidget(widget, stretch)
        self._tag.hide()
        self._paint_phase()

    def _label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    # ---- public

    @property
    def blinking(self) -> bool:
        return self._blink.isActive()

    @property
    def recall_shown(self) -> bool:
        return not self._tag.isHidden()

    @property
    def number_pixel_size(self) -> int:
        return self._number.font().pixelSize()

    @property
    def shown_number(self) -> str:
        return self._number.text()

    def show_call(self, call: CallEventView | None, fresh: bool) -> None:
        if call is None:
            self._number.setText("—")
            self._counter.setText("")
            self._sentence_id.setText(NO_CALL_YET.line())
            self._sentence_en.setText("")
            self._tag.hide()
            return
        sentence = call_sentence(call.number, call.counter_name)
        self._number.setText(call.number)
        self._counter.setText(f"→ {counter_upper(call.counter_name)}")
        self._sentence_id.setText(sentence.id)  # the two languages in two sizes
        self._sentence_en.setText(sentence.en)
        self._tag.setVisible(call.kind == CallKind.RECALL)
        if fresh:
            self.start_blinking()

    def start_blinking(self) -> None:
        self._since.start()
        self._set_lit(True)
        self._blink.start(BLINK_ON_MS)

    def rescale(self, height: int) -> None:
        self._height = height
        self._title.setFont(style.font(height, 0.034, bold=True))
        self._tag.setFont(style.font(height, 0.034, bold=True))
        self._number.setFont(style.font(height, 0.25, bold=True))
        self._counter.setFont(style.font(height, 0.115, bold=True))
        self._sentence_id.setFont(style.font(height, 0.040, bold=True))
        self._sentence_en.setFont(style.font(height, 0.032))
        margin = style.px(height, 0.02)
        self.layout().setContentsMargins(margin, margin, margin, margin)
        self.layout().setSpacing(style.px(height, 0.004))
        self._paint_phase()

    # ---- blinking

    def _blink_done(self) -> bool:
        return self._since.elapsed() >= self._blink_ms

    def _on_blink_timeout(self) -> None:
        if self._blink_done():
            self._set_lit(False)  # steady afterwards: navy panel, yellow number
            return
        self._set_lit(not self._lit)
        self._blink.start(BLINK_ON_MS if self._lit else BLINK_OFF_MS)

    def _set_lit(self, lit: bool) -> None:
        if lit != self._lit:
            self._lit = lit
            self._paint_phase()

    def _paint_phase(self) -> None:
        background = style.LIT_BACKGROUND if self._lit else style.PANEL
        number = style.LIT_TEXT if self._lit else style.NUMBER
        text = style.LIT_TEXT if self._lit else style.TEXT
        muted = style.LIT_TEXT if self._lit else style.MUTED
        radius = style.px(self._height, 0.018)
        self.setStyleSheet(
            f"QFrame#nowCalling {{ background: {background}; border: {style.px(self._height, 0.004)}px solid "
            f"{style.PANEL_EDGE}; border-radius: {radius}px; }}"
        )
        self._title.setStyleSheet(style.label_css(muted))
        self._tag.setStyleSheet(style.label_css(style.TEXT, style.NOTICE_COLOURS[Level.ERROR]))
        self._number.setStyleSheet(style.label_css(number))
        self._counter.setStyleSheet(style.label_css(text))
        self._sentence_id.setStyleSheet(style.label_css(text))
        self._sentence_en.setStyleSheet(style.label_css(muted))
