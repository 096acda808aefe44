"""What the officer reads after an action: one line, Indonesian first, from the service's result."""

from __future__ import annotations

import logging

from shared.db.errors import DatabaseError
from shared.domain import CallResult, CounterView, TicketView
from shared.services.counter_ops import CounterError
from shared.services.staff import StaffError
from shared.text import Text

from .actions import Act

log = logging.getLogger(__name__)

READY = Text("Siap", "Ready")
SAVED = Text("Tersimpan", "Saved")
DONE_OK = Text("OK")
QUEUE_EMPTY = Text("Antrean kosong", "The queue is empty")
PAUSED = Text("Loket istirahat", "Counter paused")
OPENED = Text("Loket buka", "Counter open")
CALLING = Text("Memanggil {number}", "Calling {number}")
CALLING_AFTER = Text("Memanggil {number} ({finished} selesai)", "Calling {number} ({finished} done)")
RECALLED = Text("{number} dipanggil ulang", "{number} recalled")
NO_SHOW = Text("{number} tidak hadir", "{number} marked no-show")
FINISHED = Text("{number} selesai", "{number} done")
TRANSFERRED = Text("Dialihkan", "Transferred")
TRANSFERRED_TO = Text("{number} dialihkan ke {prefix} {name}", "{number} transferred to {name_en}")
REOPENED = Text("{number} menunggu lagi di tempatnya", "{number} waits again in its place")
VOIDED = Text("{number} dibatalkan", "{number} voided")
LOKET_LOST = Text("Loket ini diambil alih PC lain; tutup jendela ini", "This counter was taken over by another PC; "
                  "close this window")
AUTHORITY_STALE = Text("Persetujuan supervisor tidak dipakai: jendela terkunci atau petugas berganti; minta lagi",
                       "The supervisor's authority was not used: the window locked or the officer changed; ask again")
AUTHORITY_BUSY = Text("Persetujuan supervisor tidak dipakai: tindakan lain sedang berjalan; minta lagi",
                      "The supervisor's authority was not used: another action was under way; ask again")
TYPE_NUMBER = Text("Ketik nomornya dulu, lalu Enter", "Type the number, then Enter")
FAILED = Text("Gagal, coba lagi", "Failed, try again")
# The database went away (DatabaseError): short, the officer's words; SQL and driver text go to the log only.
DB_DOWN = Text("Basis data tidak terjangkau, menunggu…", "Database unreachable, waiting…")
NOT_SAVED = Text("Tidak tersimpan: basis data tidak terjangkau, coba lagi",
                 "Not saved: database unreachable, try again")


def _number(ticket: TicketView | None) -> str:
    return ticket.number if ticket else "?"


def result_message(act: Act, result: object) -> Text:
    if isinstance(result, CounterView):
        return PAUSED if result.paused else OPENED
    if isinstance(result, TicketView) and act in (Act.REOPEN, Act.VOID):
        return (REOPENED if act is Act.REOPEN else VOIDED).format(number=result.number)
    if not isinstance(result, CallResult):
        return SAVED
    if act in (Act.CALL_NEXT, Act.CALL_NUMBER):
        if result.ticket is None:
            return result.message if result.message.id else QUEUE_EMPTY
        if result.finished:
            return CALLING_AFTER.format(number=result.ticket.number, finished=result.finished.number)
        return CALLING.format(number=result.ticket.number)
    number = _number(result.ticket if act is Act.RECALL else result.finished)
    if act is Act.RECALL:
        return RECALLED.format(number=number)
    if act is Act.NO_SHOW:
        return NO_SHOW.format(number=number)
    if act is Act.DONE:
        return FINISHED.format(number=number)
    if act is Act.TRANSFER:
        return _transfer_message(result.finished)
    return DONE_OK


def _transfer_message(ticket: TicketView | None) -> Text:
    if ticket is None:
        return TRANSFERRED
    return TRANSFERRED_TO.format(number=ticket.number, prefix=ticket.service_prefix, name=ticket.service_name,
                                 name_en=ticket.service_name_en)


def error_message(exc: BaseException) -> Text:
    """A refused action in the officer's words: CounterError and StaffError (no officer, no supervisor) say
    why; a DatabaseError means nothing was saved; anything else is named plainly (its details go to the log),
    never as a traceback."""
    if isinstance(exc, (CounterError, StaffError)):
        return exc.text
    if isinstance(exc, DatabaseError):
        log.warning("counter action not saved: %s", exc.detail)
        return NOT_SAVED
    log.error("counter action failed: %r", exc)
    return FAILED + f" ({type(exc).__name__})"
