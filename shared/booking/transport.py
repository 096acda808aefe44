"""One requests.Session to the booking server: auth headers, (connect, read) timeouts, TLS, bounded retries.

Retries only what is safe and likely to pass on a second try: connection errors (refused, dropped), 429 and
502/503/504, honouring Retry-After. A read timeout is not retried: the server is alive but slow, and waiting
read_timeout again and again would hold the io lane for minutes. Every failure leaves as a BookingServerError.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests
import urllib3

from .errors import (
    BookingServerError,
    ErrorKind,
    bad_response,
    connection_error,
    for_status,
    timeout_error,
    tls_error,
)

RETRY_STATUSES = frozenset({429, 502, 503, 504})
BODY_DEADLINE_READS = 3  # a whole body may take at most this many read timeouts (a server dripping bytes)
CHUNK = 64 * 1024
USER_AGENT = "antrian-office/0.1"


class Transport:
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
        backoff_seconds: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.office_code = office_code
        self.timeout = (connect_timeout, read_timeout)
        self.max_attempts = max(1, max_attempts)
        self.max_wait_seconds = max_wait_seconds
        self.backoff_seconds = backoff_seconds
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers.update(
            {"Authorization": f"Bearer {token}", "Accept": "application/json", "User-Agent": USER_AGENT}
        )
        # Never False: a custom CA bundle is the way for private certificates. Passed on every request, because
        # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE silently override a Session-level `verify`.
        self.verify: str | bool = ca_bundle or True

    def close(self) -> None:
        self.session.close()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """The response of the first attempt that is not a retryable failure; raises after the last one."""
        waited = 0.0
        for attempt in range(1, self.max_attempts + 1):
            error, retry_after = self._attempt(method, path, kwargs)
            if not isinstance(error, BookingServerError):
                return error  # a response (any status that is not retried)
            delay = retry_after if retry_after is not None else self.backoff_seconds * 2 ** (attempt - 1)
            if not error.retryable or attempt == self.max_attempts or waited + delay > self.max_wait_seconds:
                raise error
            self.sleep(delay)
            waited += delay
        raise AssertionError("unreachable")

    def _attempt(self, method: str, path: str, kwargs: dict) -> tuple[Any, float | None]:
        try:
            response = self.session.request(
                method, self.base_url + path, timeout=self.timeout, verify=self.verify, stream=True, **kwargs
            )
            _read_body(response, BODY_DEADLINE_READS * self.timeout[1])
        except _BodyTooSlow:
            return _not_retryable(timeout_error(BODY_DEADLINE_READS * self.timeout[1])), None
        except requests.exceptions.SSLError as exc:
            return _not_retryable(tls_error(str(exc))), None
        except requests.exceptions.ReadTimeout:
            return _not_retryable(timeout_error(self.timeout[1])), None
        except requests.exceptions.ConnectTimeout as exc:
            return connection_error(ErrorKind.CONNECTION_FAILED, str(exc)), None
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            return connection_error(_connection_kind(exc), str(exc)), None
        if response.status_code in RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            return for_status(response.status_code, self.office_code, error_message(response), retry_after), retry_after
        return response, None


class _BodyTooSlow(Exception):
    pass


def _read_body(response: requests.Response, seconds: float) -> None:
    """Read the whole body before `seconds` have passed: the read timeout alone bounds each read, not the body,
    so a server sending a byte now and then would hold the io lane for ever."""
    deadline = time.monotonic() + seconds
    chunks = []
    try:
        while chunk := response.raw.read1(CHUNK, decode_content=True):  # what has arrived, not a full CHUNK
            chunks.append(chunk)
            if time.monotonic() > deadline:
                response.close()
                raise _BodyTooSlow
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc) from exc
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.IncompleteRead) as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    response._content = b"".join(chunks)  # what .content/.json() then return, as without stream=True
    response.raw.release_conn()  # read to the end: the connection goes back to the pool


def _not_retryable(error: BookingServerError) -> BookingServerError:
    error.retryable = False
    return error


def _connection_kind(exc: BaseException) -> ErrorKind:
    """Refused (nobody listens) or dropped (it answered, then the line went dead)."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ConnectionRefusedError):
            return ErrorKind.CONNECTION_REFUSED
        stack.extend([item.__cause__, item.__context__, *item.args, getattr(item, "reason", None)])
    text = str(exc).lower()
    if "refused" in text:
        return ErrorKind.CONNECTION_REFUSED
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or any(
        word in text for word in ("incomplete", "aborted", "reset", "disconnected", "broken")
    ):
        return ErrorKind.CONNECTION_DROPPED
    return ErrorKind.CONNECTION_FAILED


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date. None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def error_message(response: requests.Response) -> str:
    """The `message` of a contract error body; a proxy's HTML page gives its <title> or nothing."""
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        text = response.text[:2000]
        lower = text.lower()
        if "<title>" in lower:
            start = lower.index("<title>") + 7
            return text[start : lower.find("</title>", start)].strip()[:200]
        return ""
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or "")[:200]
    return ""


def raise_for_status(response: requests.Response, office_code: str) -> None:
    if response.status_code < 400:
        return
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    raise for_status(response.status_code, office_code, error_message(response), retry_after)


def json_body(response: requests.Response) -> Any:
    """The body as JSON, telling a proxy's HTML page from a body cut short."""
    raw = response.content
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_response(ErrorKind.NOT_JSON, "body is not UTF-8", response.status_code) from None
    stripped = text.strip()
    try:
        return json.loads(stripped)
    except RecursionError:  # "[[[[…" nested deeper than Python's parser goes
        raise bad_response(ErrorKind.WRONG_SHAPE, "nested too deep", response.status_code) from None
    except json.JSONDecodeError as exc:
        kind = _decode_failure_kind(response, stripped, exc)
        raise bad_response(kind, f"{exc.msg} at char {exc.pos} of {len(stripped)}", response.status_code) from None


def _decode_failure_kind(response: requests.Response, text: str, exc: json.JSONDecodeError) -> ErrorKind:
    content_type = response.headers.get("Content-Type", "").lower()
    if "html" in content_type or text.startswith("<") or text[:1] not in ("{", "["):
        return ErrorKind.NOT_JSON
    # A body cut short fails at its very end, or inside a string that never closes.
    if exc.pos >= len(text) - 1 or exc.msg.startswith("Unterminated string"):
        return ErrorKind.TRUNCATED_JSON
    return ErrorKind.WRONG_SHAPE
