"""Least-privilege PostgreSQL roles: each PC connects as the role of what it runs, with only what that needs.

- `antrian_gate`: the gate (check-in, tickets, printing, booking sync, check-in upload, sign-in);
- `antrian_counter`: the counters (call, recall, done, no-show, transfer, pause, checklist, sign-in);
- `antrian_display`: the board and the walk-in kiosk in the public hall: reads what the board shows, issues
  and prints walk-in tickets; no applicant names, NIK or booking codes, no officers, no audit rows;
- `antrian_admin`: owns the database and its tables: migrations, the supervisor window, the admin CLI (day
  close, backups, privacy purge, staff register).

`roles_statements()` is the SQL, idempotent (run it twice: the same grants) and safe from several databases of
one cluster at once (roles are cluster-wide, grants per database). It sets no passwords: the installer does
(`ALTER ROLE antrian_gate PASSWORD '...'`, or `\\password antrian_gate` in psql). A migration that adds a table or
a column needs the SQL run again (`antrian db roles --apply`): until then the PCs' roles cannot use it.
`apply_roles(db)` runs it, connected as a superuser or the database's owner. See docs/postgresql.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from shared.db.engine import Database, masked_url
from shared.db.models import Base
from shared.services.call_notify import FUNCTION as NOTIFY_FUNCTION
from shared.text import Text

GATE, COUNTER, DISPLAY, ADMIN = "antrian_gate", "antrian_counter", "antrian_display", "antrian_admin"
APP_ROLES = (GATE, COUNTER, DISPLAY)  # the PCs' roles: granted exactly the policy below, nothing else
ROLES = (*APP_ROLES, ADMIN)
VERSION_TABLE = "alembic_version"  # Alembic's: every role reads it at start (is the schema current?)


@dataclass(frozen=True)
class Privilege:
    """One privilege on a table; `columns` limits it to those columns (empty: the whole table)."""

    kind: str  # SELECT, INSERT, UPDATE or DELETE
    columns: tuple[str, ...] = ()

    def sql(self) -> str:
        return f"{self.kind} ({', '.join(self.columns)})" if self.columns else self.kind


def whole(*kinds: str) -> tuple[Privilege, ...]:
    return tuple(Privilege(kind) for kind in kinds)


def columns(kind: str, *names: str) -> Privilege:
    return Privilege(kind, names)


# What the gate's outbox uploader writes on an accepted check-in event (shared/services/outbox.py).
OUTBOX_COLUMNS = ("upload_state", "upload_attempts", "upload_reason", "next_attempt_at", "uploaded_at")
# What a print attempt writes on its job (shared/services/print_jobs.py).
PRINT_COLUMNS = ("status", "attempts", "reason", "printer", "updated_at")
# A station's claim and heartbeat (shared/services/stations.py); officer_id is who signed in there.
STATION_COLUMNS = ("host", "pid", "started_at", "heartbeat_at", "health")
# What the counter changes on a ticket as it moves through the queue; never its number, day or applicant.
QUEUE_COLUMNS = ("service_prefix", "status", "is_priority", "sort_at", "called_at", "counter_id", "finished_at",
                 "checklist", "transferred_from")
# What the board's wait estimate reads of today's bookings and applicants (shared/services/wait_estimate.py):
# who is still to come and to which service; no booking code (it admits a person), name or NIK.
BOOKING_SLOT_COLUMNS = ("id", "day", "slot_start", "slot_end", "status")
APPLICANT_KIND_COLUMNS = ("booking_id", "application_type", "priority")

Policy = Mapping[str, tuple[Privilege, ...]]

SIGN_IN: Policy = {
    # the PC checks a PIN against its hash; the lock-out is counted in auth_event, which it may only append to:
    # no PC can change an officer (a PIN, a role, a lock-out)
    "officer": whole("SELECT"),
    "auth_event": whole("SELECT", "INSERT"),
    "station": (*whole("SELECT", "INSERT"), columns("UPDATE", *STATION_COLUMNS, "officer_id")),
    VERSION_TABLE: whole("SELECT"),
}

POLICY: Mapping[str, Policy] = {
    GATE: {
        **SIGN_IN,
        "booking": whole("SELECT", "INSERT", "UPDATE"),  # the booking sync; check-in locks the booking
        "applicant": whole("SELECT", "INSERT", "UPDATE", "DELETE"),  # the sync rewrites a changed booking
        "number_allocator": whole("SELECT", "INSERT", "UPDATE"),
        "ticket": whole("SELECT", "INSERT"),
        "counter": whole("SELECT"),
        "queue_event": whole("SELECT"),  # a ticket's estimate counts the lokets' pauses
        "checkin_event": (*whole("SELECT", "INSERT"), columns("UPDATE", *OUTBOX_COLUMNS)),
        # a retry keeps the job's officer; a reprint is a new job with the officer and the supervisor
        "print_job": (*whole("SELECT", "INSERT"), columns("UPDATE", *PRINT_COLUMNS)),
        "sync_state": whole("SELECT", "INSERT", "UPDATE"),
    },
    COUNTER: {
        **SIGN_IN,
        "booking": whole("SELECT"),
        "applicant": whole("SELECT"),
        "ticket": (*whole("SELECT"), columns("UPDATE", *QUEUE_COLUMNS)),
        "counter": (*whole("SELECT", "INSERT"), columns("UPDATE", "services", "paused", "regular_streak")),
        "call_event": whole("SELECT", "INSERT"),
        "queue_event": whole("SELECT", "INSERT"),
        "print_job": whole("SELECT"),
    },
    DISPLAY: {
        "booking": (columns("SELECT", *BOOKING_SLOT_COLUMNS),),
        "applicant": (columns("SELECT", *APPLICANT_KIND_COLUMNS),),
        "number_allocator": whole("SELECT", "INSERT", "UPDATE"),
        "ticket": whole("SELECT", "INSERT"),
        "counter": whole("SELECT"),
        "call_event": whole("SELECT"),
        "queue_event": whole("SELECT"),
        "print_job": (*whole("SELECT", "INSERT"), columns("UPDATE", *PRINT_COLUMNS)),
        "station": (*whole("SELECT", "INSERT"), columns("UPDATE", *STATION_COLUMNS)),
        # the kiosk issues no number on a closed day (its `day_closed:` marker); the sync's state says nothing of anyone
        "sync_state": whole("SELECT"),
        VERSION_TABLE: whole("SELECT"),
    },
}


def all_tables() -> tuple[str, ...]:
    """Every table of the schema (the models' and Alembic's), in a stable order."""
    return (*sorted(Base.metadata.tables), VERSION_TABLE)


def sequences() -> dict[str, str]:
    """table -> the sequence of its serial id (PostgreSQL names it <table>_<column>_seq)."""
    out = {}
    for name, table in sorted(Base.metadata.tables.items()):
        column = table.autoincrement_column
        if column is not None:
            out[name] = f"{name}_{column.name}_seq"
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


CREATE_ROLES = f"""DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY[{", ".join(f"'{r}'" for r in ROLES)}] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created a moment ago from another database of this cluster
            END;
        ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = r AND (NOT rolcanlogin OR rolsuper OR rolcreatedb
                      OR rolcreaterole OR rolreplication OR rolbypassrls)) THEN
            EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
        END IF;
    END LOOP;
END $$"""

DATABASE_GRANTS = f"""DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO {ADMIN}', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {", ".join(APP_ROLES)}', current_database());
END $$"""

NOTIFY_OWNER = f"""DO $$
BEGIN
    IF to_regprocedure('{NOTIFY_FUNCTION}()') IS NOT NULL THEN
        ALTER FUNCTION {NOTIFY_FUNCTION}() OWNER TO {ADMIN};
    END IF;
END $$"""


def ownership_statements() -> list[str]:
    """antrian_admin owns the database, its tables (their sequences follow) and the board's NOTIFY function, so it
    runs the migrations and can run this SQL again without a superuser."""
    tables = [f"ALTER TABLE {_quote(t)} OWNER TO {ADMIN}" for t in all_tables()]
    return [DATABASE_GRANTS, *tables, NOTIFY_OWNER]


def schema_statements() -> list[str]:
    app = ", ".join(APP_ROLES)
    return [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",  # nobody but the owner creates objects (PostgreSQL < 15)
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {ADMIN}",
    ]


def reset_statements() -> list[str]:
    """Start from nothing, so that running it again after a policy change also takes away what is no longer
    granted (a table-wide REVOKE also removes column privileges)."""
    everyone = ", ".join((*APP_ROLES, "PUBLIC"))
    tables = ", ".join(_quote(t) for t in all_tables())
    seqs = ", ".join(_quote(s) for s in sequences().values())
    return [f"REVOKE ALL ON TABLE {tables} FROM {everyone}", f"REVOKE ALL ON SEQUENCE {seqs} FROM {everyone}"]


def grant_statements() -> list[str]:
    out = []
    seqs = sequences()
    for role, policy in POLICY.items():
        for table, privileges in policy.items():
            out.append(f"GRANT {', '.join(p.sql() for p in privileges)} ON TABLE {_quote(table)} TO {role}")
            if table in seqs and any(p.kind == "INSERT" for p in privileges):
                out.append(f"GRANT USAGE ON SEQUENCE {_quote(seqs[table])} TO {role}")
    return out


def roles_statements() -> list[str]:
    """The whole SQL, one statement per item, in order; run them in one transaction."""
    return [CREATE_ROLES, *ownership_statements(), *schema_statements(), *reset_statements(), *grant_statements()]


HEADER = """-- Antrian: least-privilege PostgreSQL roles (shared/services/db_roles.py, docs/postgresql.md).
-- Run as a superuser (the first time) or as antrian_admin, on the Antrian database, after `antrian db upgrade`:
--   antrian db roles --apply        or        psql -d DATABASE -f roles.sql
-- Idempotent. Run it again after every migration that adds a table or a column.
-- Passwords are not set here; the installer sets them once per role, e.g. in psql:
--   \\password antrian_gate        (or: ALTER ROLE antrian_gate PASSWORD '...';)"""


def roles_sql() -> str:
    """The SQL as a script for psql: the header, BEGIN, the statements, COMMIT."""
    body = ";\n".join(roles_statements())
    return f"{HEADER}\nBEGIN;\n{body};\nCOMMIT;\n"


# ---- applying it


class RolesRefused(Exception):
    """Not applied (nothing changed): `text` says why and what to do."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.line())
        self.text = text


NOT_POSTGRES = Text(
    "Peran basis data hanya ada di PostgreSQL; basis data ini SQLite (satu PC, tanpa peran). Tidak ada yang diubah",
    "Database roles are a PostgreSQL feature; this database is SQLite (one PC, no roles). Nothing changed",
)


def not_allowed(user: str) -> Text:
    return Text(
        f"Pengguna {user!r} bukan superuser atau pemilik basis data ini: jalankan sebagai postgres (pertama kali) "
        f"atau sebagai {ADMIN}. Tidak ada yang diubah",
        f"User {user!r} is neither a superuser nor this database's owner: run it as postgres (the first time) or "
        f"as {ADMIN}. Nothing changed",
    )


@dataclass(frozen=True)
class AppliedRoles:
    database: str  # masked URL
    user: str  # who applied it
    roles: tuple[str, ...]
    statements: int

    def lines(self) -> list[str]:
        return [
            f"Peran diterapkan / Roles applied: {', '.join(self.roles)} ({self.statements} SQL) on {self.database}",
            "Kata sandi diatur terpisah / Passwords are set separately: \\password antrian_gate (psql)",
        ]


ALLOWED_SQL = """SELECT current_user,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       OR pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER')"""


def _apply(session: Session) -> str:
    user, allowed = session.execute(text(ALLOWED_SQL)).one()
    if not allowed:
        raise RolesRefused(not_allowed(user))
    connection = session.connection()
    for statement in roles_statements():  # no parameters: the driver leaves format()'s `%I` alone
        connection.exec_driver_sql(statement, execution_options={"no_parameters": True})
    return str(user)


def apply_roles(db: Database) -> AppliedRoles:
    """Create or update the roles and their grants on `db`, in one transaction. RolesRefused on SQLite or for a
    user who may not; DatabaseError when PostgreSQL refuses a statement (then nothing changed)."""
    if db.is_sqlite:
        raise RolesRefused(NOT_POSTGRES)
    user = db.run(_apply)
    return AppliedRoles(masked_url(db.url), user, ROLES, len(roles_statements()))
