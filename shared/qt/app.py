"""One way to start a role's window: config and database first (a wrong value stops with its message),
then the QApplication with the office's organisation name for QSettings."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from shared.config import Config, ConfigError, load_config
from shared.db.engine import Database, open_database


@dataclass
class RoleContext:
    config: Config
    db: Database


def load_role(role: str) -> RoleContext:
    """Config and database for a role, or exit 2 with the config error on stderr (before any window)."""
    logging.basicConfig(level=os.environ.get("ANTRIAN_LOG_LEVEL", "INFO"), format=f"%(asctime)s {role} %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # schema checks at start are not news
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"antrian-{role}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        db = open_database(config.database.url)
    except (SQLAlchemyError, OSError) as exc:
        print(f"antrian-{role}: Basis data tidak terjangkau / Database unreachable "
              f"({config.database.url or 'SQLite default'}): {exc.__class__.__name__}: {str(exc).splitlines()[0]}",
              file=sys.stderr)
        raise SystemExit(2) from None
    return RoleContext(config=config, db=db)


def make_app(role: str, argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("Antrian")
    app.setApplicationName(f"antrian-{role}")
    return app
