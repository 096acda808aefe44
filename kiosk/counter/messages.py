"""What the officer reads after an action: one line, Indonesian first, from the service's result."""

from __future__ import annotations

from shared.domain import CallResult, CounterView, TicketView
from shared.services.counter_ops import CounterError

from .actions import Act


def _number(ticket: TicketView | None) -> str:
    return ticket.number if ticket else "?"


def result_message(act: Act, result: object) -> str:
    if isinstance(result, CounterView):
        return "Loket istirahat / Counter paused" if result.paused else "Loket buka / Counter open"
    if not isinstance(result, CallResult):
        return "Tersimpan / Saved"
    if act in (Act.CALL_NEXT, Act.CALL_NUMBER):
        if result.ticket is None:
            return result.message or "Antrean kosong / The queue is empty"
        done = f" ({result.finished.number} selesai / done)" if result.finished else ""
        return f"Memanggil {result.ticket.number} / Calling {result.ticket.number}{done}"
    number = _number(result.ticket if act is Act.RECALL else result.finished)
    return {
        Act.RECALL: f"{number} dipanggil ulang / {number} recalled",
        Act.NO_SHOW: f"{number} tidak hadir / {number} marked no-show",
        Act.DONE: f"{number} selesai / {number} done",
        Act.TRANSFER: _transfer_message(result.finished),
    }.get(act, "OK")


def _transfer_message(ticket: TicketView | None) -> str:
    if ticket is None:
        return "Dialihkan / Transferred"
    where = f"{ticket.service_prefix} {ticket.service_name}"
    return f"{ticket.number} dialihkan ke {where} / {ticket.number} transferred to {ticket.service_name_en}"


def error_message(exc: BaseException) -> str:
    """CounterError already speaks to the officer; anything else is named plainly, never as a traceback."""
    if isinstance(exc, CounterError):
        return str(exc)
    return f"Gagal, coba lagi / Failed, try again: {type(exc).__name__}: {exc}"[:300]
