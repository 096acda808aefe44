"""BookingClient against the simulator over real HTTP: paging, ETag, updated_since, retries, every failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.booking import BookingClient, BookingServerError, ErrorKind, OutgoingCheckin
from shared.booking.transport import parse_retry_after

OFFICE = "KANIM-KETAPANG"
TOKEN = "test-token"  # as the conftest's simulator expects


def test_pages_are_followed_to_the_end(day, sim, client):
    fetched = client.fetch_bookings(day)
    codes = [b["booking_code"] for b in fetched.bookings]
    assert fetched.pages == 3  # 120 bookings, 50 a page
    assert len(codes) == len(set(codes)) == 120
    assert set(codes) == set(sim.state.bookings)
    assert fetched.etag and fetched.generated_at and fetched.generated_at.tzinfo


def test_etag_gives_not_modified_until_something_changes(day, sim, client):
    first = client.fetch_bookings(day)
    assert client.fetch_bookings(day, etag=first.etag).not_modified
    sim.cancel(next(iter(sim.state.bookings)))
    again = client.fetch_bookings(day, etag=first.etag)
    assert not again.not_modified and again.etag != first.etag


def test_updated_since_returns_only_the_changes(day, sim, client):
    first = client.fetch_bookings(day)
    code = sorted(sim.state.bookings)[77]
    sim.cancel(code)
    changes = client.fetch_bookings(day, updated_since=first.generated_at)
    assert [b["booking_code"] for b in changes.bookings] == [code]
    assert changes.bookings[0]["status"] == "cancelled"


def test_another_day_is_empty(day, client):
    assert client.fetch_bookings(day + timedelta(days=1)).bookings == ()


@pytest.mark.parametrize(
    ("mode", "kind", "requests"),
    [
        ("401", ErrorKind.BAD_TOKEN, 1),
        ("404", ErrorKind.UNKNOWN_OFFICE, 1),
        ("500", ErrorKind.SERVER_ERROR, 1),  # not in the contract's retry list
        ("503", ErrorKind.SERVER_ERROR, 3),
        ("429", ErrorKind.RATE_LIMITED, 3),
        ("timeout", ErrorKind.TIMEOUT, 1),  # the server is alive but slow: no retry storm
        ("drop", ErrorKind.CONNECTION_DROPPED, 3),
        ("html", ErrorKind.NOT_JSON, 1),
        ("truncated", ErrorKind.TRUNCATED_JSON, 1),
    ],
)
def test_each_failure_has_its_kind_and_a_bilingual_message(day, sim, client, mode, kind, requests):
    sim.set_fault(mode)
    with pytest.raises(BookingServerError) as caught:
        client.fetch_bookings(day)
    assert caught.value.kind == kind
    assert " / " in str(caught.value) and caught.value.text.id and caught.value.text.en
    assert sim.state.requests == requests


def test_connection_refused_when_the_server_is_down(day, sim, client, sleeps):
    sim.set_fault("down")
    with pytest.raises(BookingServerError) as caught:
        client.fetch_bookings(day)
    assert caught.value.kind == ErrorKind.CONNECTION_REFUSED
    assert sleeps == [0.5, 1.0]  # exponential backoff between the 3 attempts
    sim.set_fault("none")
    assert len(client.fetch_bookings(day).bookings) == 120  # same port, back up


def test_retry_after_is_honoured_and_the_call_succeeds(day, sim, client, sleeps):
    sim.set_fault("429", count=2)
    assert len(client.fetch_bookings(day).bookings) == 120
    assert sleeps == [1.0, 1.0]


def test_retry_budget_is_bounded(day, sim, sleeps):
    c = BookingClient(sim.url, TOKEN, OFFICE, max_attempts=10, max_wait_seconds=2.5, sleep=sleeps.append)
    sim.set_fault("429")
    with pytest.raises(BookingServerError):
        c.fetch_bookings(day)
    assert sum(sleeps) <= 2.5 and len(sleeps) == 2


def test_wrong_token_is_refused(day, sim):
    with BookingClient(sim.url, "wrong", OFFICE, sleep=lambda s: None) as c, pytest.raises(BookingServerError) as e:
        c.fetch_bookings(day)
    assert e.value.kind == ErrorKind.BAD_TOKEN


def test_unknown_office(day, sim):
    with BookingClient(sim.url, TOKEN, "KANIM-NOWHERE", sleep=lambda s: None) as c, pytest.raises(BookingServerError) as e:
        c.fetch_bookings(day)
    assert e.value.kind == ErrorKind.UNKNOWN_OFFICE and "KANIM-NOWHERE" in str(e.value)


def _event(sim, event_id: str, code: str | None = None) -> OutgoingCheckin:
    code = code or sorted(sim.state.bookings)[0]
    return OutgoingCheckin(event_id, code, datetime(2026, 11, 28, 1, 3, tzinfo=UTC), "GATE-1", ("A-001",))


def test_post_checkins_is_idempotent_by_id(sim, client):
    events = [_event(sim, "e-1"), _event(sim, "e-2", "NOSUCHCODE")]
    first = client.post_checkins(events)
    again = client.post_checkins(events[:1])
    assert first.accepted == ("e-1",) and again.accepted == ("e-1",)
    assert first.rejected[0][0] == "e-2" and "unknown booking" in first.rejected[0][1]
    seen = sim.checkins()
    assert [c["id"] for c in seen["checkins"]] == ["e-1"] and seen["deliveries"] == {"e-1": 2}


def test_same_id_with_other_content_is_rejected(sim, client):
    client.post_checkins([_event(sim, "e-1")])
    changed = _event(sim, "e-1", sorted(sim.state.bookings)[1])
    result = client.post_checkins([changed])
    assert result.accepted == () and result.rejected[0][0] == "e-1"
    assert sim.checkins()["conflicts"] == ["e-1"]


def test_retry_after_as_http_date():
    now = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
    assert parse_retry_after("Sat, 28 Nov 2026 01:00:30 GMT", now) == 30
    assert parse_retry_after("7") == 7 and parse_retry_after("soon") is None and parse_retry_after(None) is None
