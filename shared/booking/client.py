"""The booking server's two endpoints (docs/booking-api.yaml): the day's bookings down, check-ins up.

Strict in what it sends, tolerant in what it receives: pages are checked only for the shape the sync needs
(an object with a `bookings` list and a `next_cursor`); each booking is read later by the import, which skips
a malformed one instead of failing the day.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple
from urllib.parse import quote

from shared.config import Config
from shared.services.bookings_import import parse_aware_datetime

from .errors import ErrorKind, bad_response
from .transport import Transport, json_body, raise_for_status

MAX_PAGES = 1000  # a server that keeps handing out cursors must not keep us here forever


@dataclass(frozen=True)
class BookingsFetch:
    """The day's bookings as fetched (all pages), or `not_modified` when the ETag still matched."""

    not_modified: bool
    bookings: tuple[Any, ...] = ()
    etag: str | None = None
    generated_at: datetime | None = None
    pages: int = 0
    first_page: dict = field(default_factory=dict, compare=False)

    def payload(self) -> dict[str, Any]:
        """All pages as one contract document, for `parse_bookings_payload`."""
        return {**self.first_page, "bookings": list(self.bookings), "next_cursor": None}


@dataclass(frozen=True)
class OutgoingCheckin:
    """One accepted check-in, as the contract's POST /checkins carries it. `id` is the idempotency key."""

    id: str
    booking_code: str
    checked_in_at: datetime
    gate: str
    tickets: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "booking_code": self.booking_code,
            "checked_in_at": self.checked_in_at.isoformat(),
            "gate": self.gate,
            "tickets": list(self.tickets),
        }


class UploadResult(NamedTuple):
    accepted: tuple[str, ...]
    rejected: tuple[tuple[str, str], ...]


class BookingClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        office_code: str,
        *,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        ca_bundle: str = "",
        max_attempts: int = 4,
        max_wait_seconds: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.office_code = office_code
        self.transport = Transport(
            base_url, token, office_code, connect_timeout=connect_timeout, read_timeout=read_timeout,
            ca_bundle=ca_bundle, max_attempts=max_attempts, max_wait_seconds=max_wait_seconds, sleep=sleep,
        )

    @classmethod
    def from_config(cls, config: Config, **kwargs: Any) -> BookingClient:
        server = config.booking_server
        return cls(
            server.url, server.token, config.office.code, connect_timeout=server.connect_timeout_seconds,
            read_timeout=server.read_timeout_seconds, ca_bundle=server.ca_bundle, **kwargs,
        )

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> BookingClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _office_path(self) -> str:
        return f"/v1/offices/{quote(self.office_code, safe='')}"

    # ---- GET bookings

    def fetch_bookings(
        self, day: date, *, updated_since: datetime | None = None, etag: str | None = None
    ) -> BookingsFetch:
        """Every page of the day (following next_cursor). With `etag`, a 304 gives not_modified."""
        params: dict[str, str] = {"date": day.isoformat()}
        if updated_since is not None:
            params["updated_since"] = updated_since.isoformat()
        headers = {"If-None-Match": etag} if etag else {}
        response = self.transport.request("GET", self._office_path + "/bookings", params=params, headers=headers)
        if response.status_code == 304:
            return BookingsFetch(not_modified=True, etag=response.headers.get("ETag") or etag)
        first = self._page(response)
        bookings = list(first["bookings"])
        cursor, pages = first.get("next_cursor"), 1
        while cursor:
            if pages >= MAX_PAGES:
                raise bad_response(ErrorKind.WRONG_SHAPE, f"more than {MAX_PAGES} pages")
            page = self._page(self.transport.request(
                "GET", self._office_path + "/bookings", params={**params, "cursor": cursor}
            ))
            bookings.extend(page["bookings"])
            cursor, pages = page.get("next_cursor"), pages + 1
        meta = {k: v for k, v in first.items() if k not in ("bookings", "next_cursor")}
        return BookingsFetch(
            not_modified=False, bookings=tuple(bookings), etag=response.headers.get("ETag"),
            generated_at=parse_aware_datetime(first.get("generated_at")), pages=pages, first_page=meta,
        )

    def _page(self, response: Any) -> dict[str, Any]:
        raise_for_status(response, self.office_code)
        page = json_body(response)
        if not isinstance(page, dict):
            raise bad_response(ErrorKind.WRONG_SHAPE, f"expected an object, got {type(page).__name__}")
        if not isinstance(page.get("bookings"), list):
            raise bad_response(ErrorKind.WRONG_SHAPE, "no 'bookings' list")
        cursor = page.get("next_cursor")
        if cursor is not None and not (isinstance(cursor, str) and cursor):
            raise bad_response(ErrorKind.WRONG_SHAPE, f"next_cursor {cursor!r} is not text")
        return page

    # ---- POST checkins

    def post_checkins(self, events: Sequence[OutgoingCheckin]) -> UploadResult:
        """Upload a batch; safe to repeat (the event id is the idempotency key), so it is retried like a GET."""
        if not events:
            return UploadResult((), ())
        body = {"events": [e.to_json() for e in events]}
        response = self.transport.request("POST", self._office_path + "/checkins", json=body)
        raise_for_status(response, self.office_code)
        return _upload_result(json_body(response))


def _upload_result(data: Any) -> UploadResult:
    if not isinstance(data, dict):
        raise bad_response(ErrorKind.WRONG_SHAPE, "expected an object with 'accepted' and 'rejected'")
    accepted = data.get("accepted", [])
    rejected = data.get("rejected", [])
    if not isinstance(accepted, list) or not all(isinstance(i, str) for i in accepted):
        raise bad_response(ErrorKind.WRONG_SHAPE, "'accepted' is not a list of ids")
    if not isinstance(rejected, list) or not all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in rejected):
        raise bad_response(ErrorKind.WRONG_SHAPE, "'rejected' is not a list of {id, reason}")
    return UploadResult(tuple(accepted), tuple((r["id"], str(r.get("reason") or "")[:500]) for r in rejected))

