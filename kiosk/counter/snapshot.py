"""What the counter window shows, read in one transaction on the db lane, and the choices that follow from config."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from shared.config import Config, ServiceConfig
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


def served_services(config: Config, counter_name: str) -> tuple[ServiceConfig, ...]:
    prefixes = config.counter(counter_name).services
    return tuple(config.service(p) for p in prefixes)


def transfer_targets(config: Config, counter_name: str) -> tuple[tuple[ServiceConfig, ...], int]:
    """Services this counter does not serve, and the index of the default: a next stage (a service no applicant
    kind is routed to, reached only by transfer), else the first."""
    served = set(config.counter(counter_name).services)
    targets = tuple(s for s in config.services if s.prefix not in served)
    default = next((i for i, s in enumerate(targets) if not s.takes), 0)
    return targets, default
