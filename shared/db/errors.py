"""The database failing, as the core's own exception: windows and the CLI catch this, never SQLAlchemy's.

The cause (with its SQL and parameters) stays chained for the log; `text` is what a person reads.
"""

from __future__ import annotations

from shared.text import Text

UNREACHABLE = Text(
    "Basis data sibuk atau tidak terjangkau — coba lagi",
    "The database is busy or unreachable — try again",
)


class DatabaseError(Exception):
    """A transaction did not happen (rolled back): nothing of it was stored."""

    def __init__(self, cause: BaseException, text: Text = UNREACHABLE) -> None:
        self.text = text
        self.detail = f"{type(cause).__name__}: {(str(cause).splitlines() or [''])[0][:300]}"
        super().__init__(f"{text.line()} ({self.detail})")
