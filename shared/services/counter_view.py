"""What the counter window shows, read in one transaction on the db lane."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from shared.config import Config
from shared.domain import TicketView
from shared.services import counter_ops

WAITING_LIMIT = 50


@dataclass(frozen=True)
class CounterSnapshot:
    counter: str
    paused: bool
    current: TicketView | None
    waiting: tuple[TicketView, ...]


def load_snapshot(session: Session, config: Config, counter_name: str, now: datetime) -> CounterSnapshot:
    """The counter's pause state, its current ticket and its waiting list in policy order."""
    view = counter_ops.counter_state(session, config, counter_name)
    current = counter_ops.current_ticket(session, config, counter_name, now)
    waiting = counter_ops.waiting_list(session, config, counter_name, now, WAITING_LIMIT)
    return CounterSnapshot(counter=view.name, paused=view.paused, current=current, waiting=tuple(waiting))
