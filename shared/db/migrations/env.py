"""Alembic environment: runs on the connection handed in by shared.db.engine.upgrade_database."""

from alembic import context
from sqlalchemy import create_engine

from shared.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:  # `alembic` command line during development: ANTRIAN_DATABASE_URL or sqlalchemy.url
    import os

    from shared.db.engine import resolve_url

    url = resolve_url(os.environ.get("ANTRIAN_DATABASE_URL") or config.get_main_option("sqlalchemy.url") or "")
    with create_engine(url).begin() as conn:
        run_migrations(conn)
