"""The booking server: its client (`BookingClient`), its errors, and a simulator of its contract."""

from .client import BookingClient, BookingsFetch, OutgoingCheckin, UploadResult
from .errors import BookingServerError, ErrorKind

__all__ = ["BookingClient", "BookingServerError", "BookingsFetch", "ErrorKind", "OutgoingCheckin", "UploadResult"]
