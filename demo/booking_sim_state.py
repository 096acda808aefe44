"""What the booking-server simulator knows: one office's day of bookings, the check-ins it received, and the
fault it is told to show. Thread-safe; the HTTP layer (simulator.py) only translates requests to these calls."""

from __future__ import annotations

import base64
import bisect
import copy
import json
import threading
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

FAULT_MODES = (
    "none", "401", "404", "429", "500", "503", "timeout", "drop", "html", "truncated", "bad_field", "down",
)


class SimState:
    def __init__(
        self, office_code: str, day: date, bookings: list[dict], token: str, page_size: int, timezone: str
    ) -> None:
        self.office_code = office_code
        self.day = day
        self.token = token
        self.page_size = max(1, page_size)
        self.tz = ZoneInfo(timezone)
        self.lock = threading.Lock()
        self.wake = threading.Event()  # set on stop: a request stalled by the "timeout" fault ends at once
        started = self.now()
        self.bookings: dict[str, dict] = {}
        for booking in bookings:
            item = copy.deepcopy(booking)
            item["updated_at"] = _clamp(item.get("updated_at"), started)
            self.bookings[str(item.get("booking_code"))] = item
        self.order = sorted(self.bookings)  # the paging order; the cursor is the last code sent
        self.version = 1
        self.checkins: dict[str, dict] = {}
        self.deliveries: Counter[str] = Counter()
        self.conflicts: list[str] = []
        self.fault = "none"
        self.fault_left: int | None = None
        self.requests = 0

    def now(self) -> datetime:
        return datetime.now(self.tz)

    # ---- faults

    def set_fault(self, mode: str, count: int | None = None) -> None:
        if mode not in FAULT_MODES:
            raise ValueError(f"unknown fault {mode!r}; allowed: {', '.join(FAULT_MODES)}")
        with self.lock:
            self.fault, self.fault_left = mode, count

    def take_fault(self) -> str:
        """The fault for this request; a counted fault wears off after its last request."""
        with self.lock:
            self.requests += 1
            mode = self.fault
            if self.fault_left is not None and mode != "none":
                self.fault_left -= 1
                if self.fault_left <= 0:
                    self.fault, self.fault_left = "none", None
            return mode

    # ---- bookings

    @property
    def etag(self) -> str:
        return f'"{self.day.isoformat()}-v{self.version}"'

    def cancel(self, code: str, status: str = "cancelled") -> None:
        """A same-day cancellation: the booking changes and its updated_at moves to now."""
        with self.lock:
            booking = self.bookings[code]
            booking["status"] = status
            booking["updated_at"] = self.now().isoformat()
            self.version += 1

    def put(self, booking: dict) -> None:
        with self.lock:
            item = copy.deepcopy(booking)
            item["updated_at"] = self.now().isoformat()
            self.bookings[item["booking_code"]] = item
            self.order = sorted(self.bookings)
            self.version += 1

    def page(self, day: date, cursor: str | None, since: datetime | None) -> tuple[dict, str]:
        """One page of the day (ordered by code, the cursor being the last code sent) and the day's ETag."""
        after = decode_cursor(cursor) if cursor else ""
        with self.lock:
            generated = self.now()
            items = [] if day != self.day else self._after(after, since)
            chunk = [dict(b) for b in items[: self.page_size]]  # cancel() only sets top-level keys
            etag = self.etag
        more = len(items) > self.page_size
        body = {
            "office_code": self.office_code,
            "date": day.isoformat(),
            "generated_at": generated.isoformat(),
            "bookings": chunk,
            "next_cursor": encode_cursor(chunk[-1]["booking_code"]) if more and chunk else None,
        }
        return body, etag

    def _after(self, after: str, since: datetime | None) -> list[dict]:
        """Up to page_size + 1 bookings after the cursor (the extra one says whether there is a next page)."""
        found: list[dict] = []
        for code in self.order[bisect.bisect_right(self.order, after):]:
            booking = self.bookings[code]
            if since is None or _changed_since(booking, since):
                found.append(booking)
                if len(found) > self.page_size:
                    break
        return found

    # ---- check-ins

    def record_checkins(self, events: Any) -> dict[str, list]:
        """Idempotent by id: a repeat with the same content is accepted again and not recorded twice."""
        accepted: list[str] = []
        rejected: list[dict[str, str]] = []
        with self.lock:
            for event in events:
                event_id = event.get("id") if isinstance(event, dict) else None
                if not isinstance(event_id, str) or not event_id:
                    rejected.append({"id": str(event_id), "reason": "id hilang / id missing"})
                    continue
                reason = self._checkin_problem(event)
                if reason:
                    rejected.append({"id": event_id, "reason": reason})
                    continue
                self.deliveries[event_id] += 1
                accepted.append(event_id)
        return {"accepted": accepted, "rejected": rejected}

    def _checkin_problem(self, event: dict) -> str | None:
        kept = self.checkins.get(event["id"])
        if kept is not None:
            if kept != event:
                self.conflicts.append(event["id"])
                return "id sudah dipakai untuk isi lain / id reused with different content"
            return None
        if event.get("booking_code") not in self.bookings:
            return "booking tidak dikenal / unknown booking"
        if not isinstance(event.get("tickets"), list) or not isinstance(event.get("gate"), str):
            return "gate atau tickets salah / gate or tickets malformed"
        try:
            datetime.fromisoformat(event.get("checked_in_at", ""))
        except (TypeError, ValueError):
            return "checked_in_at bukan waktu ISO-8601 / is not an ISO-8601 time"
        self.checkins[event["id"]] = copy.deepcopy(event)
        return None

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "checkins": list(self.checkins.values()),
                "deliveries": dict(self.deliveries),
                "conflicts": list(self.conflicts),
                "requests": self.requests,
                "fault": self.fault,
            }


def encode_cursor(code: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": code}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return str(data["after"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"cursor {cursor[:40]!r} tidak sah / is not valid") from None


def parse_since(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace(" ", "+"))  # a raw '+' in a query string arrives as a space
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _changed_since(booking: dict, since: datetime) -> bool:
    try:
        return parse_since(str(booking.get("updated_at"))) >= since
    except ValueError:
        return True  # an unreadable timestamp: send it, the client decides


def _clamp(value: Any, latest: datetime) -> str:
    """Demo data may be stamped after the simulator started (a future --date); nothing changes in the future."""
    try:
        when = parse_since(str(value))
    except ValueError:
        return latest.isoformat()
    return min(when, latest).astimezone(latest.tzinfo).isoformat()
