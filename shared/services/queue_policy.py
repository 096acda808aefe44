"""The queue order for one counter: a single pure function, so staff can see the order the policy gives.

- only the services the counter serves;
- within priority and within regular tickets: earliest `sort_at` first (appointment time for booked
  applicants, arrival for walk-ins, late arrivals and transfers), then the lower ticket id;
- interleave: after `priority_every - 1` regular calls the next call is a priority ticket, if one waits.

On PostgreSQL call-next takes the policy's head inside one SQL statement: `prefer_priority_sql` and
`next_streak_sql` are the same two rules as SQL expressions, kept here beside the Python ones
(tests/core/test_call_next_round_trips.py checks that each pair agrees).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case


@dataclass(frozen=True)
class QueueEntry:
    id: int
    number: str
    service_prefix: str
    is_priority: bool
    sort_at: datetime


def order_for_counter(
    entries: Iterable[QueueEntry], serves: Iterable[str], priority_every: int, regular_streak: int
) -> list[QueueEntry]:
    served = set(serves)
    mine = sorted((e for e in entries if e.service_prefix in served), key=lambda e: (e.sort_at, e.id))
    priority = [e for e in mine if e.is_priority]
    regular = [e for e in mine if not e.is_priority]
    ordered: list[QueueEntry] = []
    streak = regular_streak
    p = r = 0
    while p < len(priority) or r < len(regular):
        take_priority = r >= len(regular) or (p < len(priority) and prefer_priority(streak, priority_every))
        if take_priority:
            ordered.append(priority[p])
            p += 1
            streak = 0
        else:
            ordered.append(regular[r])
            r += 1
            streak += 1
    return ordered


def prefer_priority(regular_streak: int, priority_every: int) -> bool:
    """Whether the next call should be a priority ticket (when one waits)."""
    return regular_streak >= priority_every - 1


def prefer_priority_sql(regular_streak: Any, priority_every: Any) -> Any:
    """`prefer_priority` as a SQL condition over the counter's streak column and the configured N."""
    return regular_streak >= priority_every - 1


def next_streak(regular_streak: int, called: QueueEntry) -> int:
    return 0 if called.is_priority else regular_streak + 1


def next_streak_sql(regular_streak: Any, called_is_priority: Any) -> Any:
    """`next_streak` as a SQL expression over the counter's streak and the called ticket's `is_priority`."""
    return case((called_is_priority, 0), else_=regular_streak + 1)
