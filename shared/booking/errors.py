"""Every way a talk with the booking server can fail, as one exception family with a bilingual message.

The gate and the CLI show `str(error)` as is; code that must decide (retry, back off, alert the supervisor)
looks at `kind` and `retryable`.
"""

from __future__ import annotations

from enum import StrEnum

from shared.text import Text


class ErrorKind(StrEnum):
    BAD_TOKEN = "bad_token"
    UNKNOWN_OFFICE = "unknown_office"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_DROPPED = "connection_dropped"
    CONNECTION_FAILED = "connection_failed"
    TLS = "tls"
    NOT_JSON = "not_json"
    TRUNCATED_JSON = "truncated_json"
    WRONG_SHAPE = "wrong_shape"


class BookingServerError(Exception):
    """Base of all booking-server failures. `text` is ready for the screen; `message` is its one-line form."""

    kind: ErrorKind = ErrorKind.HTTP_ERROR
    retryable: bool = False

    def __init__(self, message_id: str, message_en: str, *, status: int | None = None, detail: str = "") -> None:
        self.text = Text(message_id, message_en)
        self.status = status
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.text.line()


class AuthError(BookingServerError):
    kind = ErrorKind.BAD_TOKEN


class UnknownOfficeError(BookingServerError):
    kind = ErrorKind.UNKNOWN_OFFICE


class RateLimitedError(BookingServerError):
    kind = ErrorKind.RATE_LIMITED
    retryable = True

    def __init__(self, message_id: str, message_en: str, *, retry_after: float | None = None, **kw: object) -> None:
        self.retry_after = retry_after
        super().__init__(message_id, message_en, **kw)  # type: ignore[arg-type]


class ServerError(BookingServerError):
    kind = ErrorKind.SERVER_ERROR
    retryable = True


class RequestRejectedError(BookingServerError):
    kind = ErrorKind.HTTP_ERROR


class ServerTimeoutError(BookingServerError):
    kind = ErrorKind.TIMEOUT
    retryable = True


class ConnectionFailedError(BookingServerError):
    retryable = True

    def __init__(self, kind: ErrorKind, message_id: str, message_en: str, **kw: object) -> None:
        self.kind = kind
        super().__init__(message_id, message_en, **kw)  # type: ignore[arg-type]


class TlsError(BookingServerError):
    kind = ErrorKind.TLS


class BadResponseError(BookingServerError):
    """The server answered, but not with the contract's JSON (a proxy page, a cut body, a strange shape)."""

    retryable = True

    def __init__(self, kind: ErrorKind, message_id: str, message_en: str, **kw: object) -> None:
        self.kind = kind
        super().__init__(message_id, message_en, **kw)  # type: ignore[arg-type]


# ---- constructors with the wording used everywhere


def for_status(status: int, office_code: str, server_message: str, retry_after: float | None) -> BookingServerError:
    """The exception for an HTTP error status; `server_message` is the body's message, if it had one."""
    extra = f": {server_message}" if server_message else ""
    if status in (401, 403):
        return AuthError(
            f"Token perangkat ditolak server booking ({status})",
            f"The booking server rejected the device token ({status}){extra}",
            status=status,
            detail=server_message,
        )
    if status == 404:
        return UnknownOfficeError(
            f"Kode kantor {office_code} tidak dikenal server booking (404)",
            f"Office code {office_code} is unknown to the booking server (404){extra}",
            status=status,
            detail=server_message,
        )
    if status == 429:
        wait = f"{retry_after:g}" if retry_after is not None else "?"
        return RateLimitedError(
            f"Server booking meminta menunggu (429); coba lagi dalam {wait} detik",
            f"The booking server asked us to slow down (429); try again in {wait} s",
            retry_after=retry_after,
            status=status,
            detail=server_message,
        )
    if status >= 500:
        return ServerError(
            f"Server booking sedang bermasalah ({status}); coba lagi nanti",
            f"The booking server has a problem ({status}); try again later{extra}",
            status=status,
            detail=server_message,
        )
    return RequestRejectedError(
        f"Server booking menolak permintaan ({status})",
        f"The booking server refused the request ({status}){extra}",
        status=status,
        detail=server_message,
    )


def timeout_error(seconds: float) -> ServerTimeoutError:
    return ServerTimeoutError(
        f"Server booking tidak menjawab dalam {seconds:g} detik",
        f"The booking server did not answer within {seconds:g} s",
    )


def connection_error(kind: ErrorKind, detail: str) -> ConnectionFailedError:
    wording = {
        ErrorKind.CONNECTION_REFUSED: (
            "Server booking tidak dapat dihubungi (koneksi ditolak)",
            "Cannot reach the booking server (connection refused)",
        ),
        ErrorKind.CONNECTION_DROPPED: (
            "Koneksi ke server booking terputus di tengah jawaban",
            "The connection to the booking server dropped mid-response",
        ),
    }.get(kind, ("Tidak dapat terhubung ke server booking", "Cannot connect to the booking server"))
    return ConnectionFailedError(kind, wording[0], wording[1], detail=detail)


def tls_error(detail: str) -> TlsError:
    return TlsError(
        "Sertifikat TLS server booking tidak dipercaya (periksa ca_bundle)",
        "The booking server's TLS certificate is not trusted (check booking_server.ca_bundle)",
        detail=detail,
    )


def bad_response(kind: ErrorKind, detail: str, status: int | None = None) -> BadResponseError:
    wording = {
        ErrorKind.NOT_JSON: (
            "Server booking mengirim halaman HTML/teks, bukan data (proxy?)",
            "The booking server sent an HTML/text page instead of data (a proxy?)",
        ),
        ErrorKind.TRUNCATED_JSON: (
            "Data dari server booking terpotong",
            "The booking server's data was cut off",
        ),
    }.get(kind, ("Format data server booking tidak dikenali", "The booking server's data has an unexpected shape"))
    return BadResponseError(kind, wording[0], f"{wording[1]}: {detail}" if detail else wording[1],
                            detail=detail, status=status)
