"""The public board window: header and clock, the newest call, the previous calls, waiting counts, ticker.

It owns no data: `CallFeed` reads the call log through the task runner and hands over frozen views;
`BoardVoice` announces each new call. Every size follows the window height (see `style`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget

from shared.clock import now as office_now
from shared.config import Config
from shared.db.engine import Database
from shared.domain import CallEventView
from shared.qt.tasks import TaskRunner
from shared.text import Text

from . import style
from .counts_bar import WaitingCountsBar
from .feed import BoardView, CallFeed
from .header import HeaderBar
from .notice import Notice, NoticeBar
from .now_calling import NowCallingPanel
from .recent_list import RecentCallsPanel
from .texts import DB_LOST
from .ticker import RunningText
from .voice import BoardVoice


class BoardWindow(QWidget):
    def __init__(
        self,
        config: Config,
        runner: TaskRunner,
        db: Database,
        voice: BoardVoice | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Antrian — {config.office.name}")
        self.setObjectName("board")
        self.setStyleSheet(f"QWidget#board {{ background: {style.BACKGROUND}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.config = config
        self._clock = clock or (lambda: office_now(config.office.tz))
        self._voice = voice
        self._shown_id = 0
        self._build(config)
        self.feed = CallFeed(runner, db, config, self._clock, self)
        self.feed.board_updated.connect(self._on_feed_board_updated)
        self.feed.calls_arrived.connect(self._on_feed_calls_arrived)
        self.feed.connection_lost.connect(self._on_feed_connection_lost)
        self.feed.connection_restored.connect(self._on_feed_connection_restored)
        if voice is not None:
            voice.problem_changed.connect(self._on_voice_problem_changed)
        self.rescale(1080)

    def _build(self, config: Config) -> None:
        self.header = HeaderBar(config.office.name, self._clock, self)
        self.notice = NoticeBar(self)
        self.now_calling = NowCallingPanel(config.board.blink_seconds, self)
        self.recent = RecentCallsPanel(config.board.recent_calls, self)
        self.counts = WaitingCountsBar(config.services, self)
        self.ticker = RunningText(config.board.running_text, self)
        self._main = QHBoxLayout()
        self._main.addWidget(self.now_calling, 60)
        self._main.addWidget(self.recent, 40)
        self._body = QVBoxLayout()
        self._body.addWidget(self.notice)
        self._body.addLayout(self._main, 1)
        self._body.addWidget(self.counts)
        outer = QVBoxLayout(self)
        # sizes follow the window, never the other way round: fonts set for 1080p must not hold a 720p TV open
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addLayout(self._body, 1)
        outer.addWidget(self.ticker)

    # ---- public

    @property
    def voice(self) -> BoardVoice | None:
        return self._voice

    def start(self, listen: bool = True) -> None:
        self.feed.start(listen=listen)

    def shutdown(self) -> None:
        self.feed.stop()
        if self._voice is not None:
            self._voice.shutdown()

    def rescale(self, height: int) -> None:
        gap = style.px(height, 0.016)
        self._body.setContentsMargins(gap, gap, gap, gap)
        self._body.setSpacing(gap)
        self._main.setSpacing(gap)
        for part in (self.header, self.notice, self.now_calling, self.recent, self.counts, self.ticker):
            part.rescale(height)

    # ---- Qt overrides

    def resizeEvent(self, event) -> None:
        self.rescale(max(1, event.size().height()))
        super().resizeEvent(event)

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ---- slots

    def _on_feed_board_updated(self, view: BoardView) -> None:
        newest = view.newest
        if newest is None or newest.id != self._shown_id:
            fresh = newest is not None and self.feed.state.is_fresh(newest, self._clock(), self.config.board.blink_seconds)
            self.now_calling.show_call(newest, fresh)
            self._shown_id = newest.id if newest else 0
        self.recent.show_calls(view.previous)
        self.counts.show_counts(view.counts)
        self.counts.show_waits(view.waits)

    def _on_feed_calls_arrived(self, calls: list[CallEventView]) -> None:
        if self._voice is not None:
            self._voice.announce(calls)
        if calls and calls[-1].id == self._shown_id and not self.now_calling.blinking:
            self.now_calling.start_blinking()  # a recall (or a call after a long outage): blink again anyway

    def _on_feed_connection_lost(self, _message: str) -> None:
        self.notice.set_notice(Notice.DB, DB_LOST)

    def _on_feed_connection_restored(self) -> None:
        self.notice.set_notice(Notice.DB, None)

    def _on_voice_problem_changed(self, text: Text | None) -> None:
        self.notice.set_notice(Notice.VOICE, text)
