"""`antrian db roles [--apply]`: print, or run, the SQL of the least-privilege PostgreSQL roles
(shared/services/db_roles.py; docs/postgresql.md).

Printing works on any configured database (to read it, or to run it with psql). `--apply` needs PostgreSQL and a
superuser or the database's owner: anything else is refused with exit 2 and nothing changes.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from shared.config import Config
from shared.db.engine import Database, masked_url
from shared.db.errors import DatabaseError
from shared.text import Text

HELP = Text("peran PostgreSQL hak minimum (tampilkan SQL)", "least-privilege PostgreSQL roles (print the SQL)")
HELP_APPLY = Text("jalankan SQL-nya pada basis data ini (superuser atau pemilik)",
                  "run the SQL on this database (as a superuser or its owner)")
SQLITE_NOTE = Text("Catatan: basis data ini SQLite; peran hanya berlaku di PostgreSQL",
                   "Note: this database is SQLite; roles apply to PostgreSQL only")
NOT_APPLIED = Text("Peran tidak diterapkan (tidak ada yang diubah)", "Roles not applied (nothing changed)")


def add_roles_command(db_subparsers: Any) -> None:
    """`roles` under `antrian db`."""
    roles = db_subparsers.add_parser("roles", help=HELP.line())
    roles.add_argument("--apply", action="store_true", help=HELP_APPLY.line())
    roles.set_defaults(func=cmd_db_roles)


def cmd_db_roles(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, _fail_line, emit
    from shared.services.db_roles import ROLES, RolesRefused, apply_roles, roles_sql

    if not args.apply:
        if db.is_sqlite and not args.json:
            print(f"antrian: {SQLITE_NOTE.line()}", file=sys.stderr)
        emit(args, {"database": masked_url(db.url), "applied": False, "roles": ROLES, "sql": roles_sql()},
             roles_sql().rstrip("\n"))
        return EXIT_OK
    try:
        report = apply_roles(db)
    except RolesRefused as exc:
        return _fail_line(args, exc.text, EXIT_USAGE)
    except DatabaseError as exc:
        return _fail_line(args, NOT_APPLIED + f": {exc.detail}", EXIT_FAIL)
    emit(args, {"applied": True, **dataclasses.asdict(report)}, "\n".join(report.lines()))
    return EXIT_OK
