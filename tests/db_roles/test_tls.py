"""TLS to PostgreSQL against a local server with a self-signed CA: `[database] sslmode` and `sslrootcert` reach
every connection (the role's engine, the board's reader and LISTEN connection, pg_dump); a wrong CA, a wrong
server name or no TLS at all is refused with a clear message; a missing CA file is a config error."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from shared.config import ConfigError, load_config, validate
from shared.db.engine import TLS_FAILED, Database, masked_url, open_config_database, open_database
from shared.db.errors import UNREACHABLE, DatabaseError
from shared.services.backup import backup_database
from shared.services.call_notify import CallListener

from ..conftest import DEMO_CONFIG

SSL_IN_USE = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"


def encrypted(db: Database) -> bool:
    return bool(db.read(lambda s: s.execute(text(SSL_IN_USE)).scalar()))


def test_verify_full_with_the_right_ca_connects_over_tls(tls_server) -> None:
    db = open_database(tls_server.url(), sslmode="verify-full", sslrootcert=str(tls_server.ca))
    try:
        assert encrypted(db)
        assert "sslmode=verify-full" in masked_url(db.url)
        reader = Database(db.url, reader=True)  # the board's reader engine keeps the settings
        assert encrypted(reader)
        reader.dispose()
    finally:
        db.dispose()


def test_the_config_reaches_the_engine(tls_server) -> None:
    """The installer's way: [database] in config.toml (here through ANTRIAN_DATABASE_* variables)."""
    config = load_config(DEMO_CONFIG, environ={
        "ANTRIAN_DATABASE_URL": tls_server.url(), "ANTRIAN_DATABASE_SSLMODE": "verify-full",
        "ANTRIAN_DATABASE_SSLROOTCERT": str(tls_server.ca)})
    db = open_config_database(config)
    try:
        assert encrypted(db)
    finally:
        db.dispose()


def test_verify_full_with_another_ca_is_refused_clearly(tls_server) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(tls_server.url(), sslmode="verify-full", sslrootcert=str(tls_server.other_ca))
    assert refused.value.text == TLS_FAILED
    assert "certificate" in refused.value.detail.lower()
    assert "sslrootcert" in str(refused.value)


def test_verify_full_checks_the_server_name(tls_server) -> None:
    """The certificate names 127.0.0.1: `localhost` is the right server but not the name it proves."""
    with pytest.raises(DatabaseError) as refused:
        open_database(tls_server.url("localhost"), sslmode="verify-full", sslrootcert=str(tls_server.ca))
    assert refused.value.text == TLS_FAILED
    db = open_database(tls_server.url("localhost"), sslmode="verify-ca", sslrootcert=str(tls_server.ca))
    try:
        assert encrypted(db)
    finally:
        db.dispose()


def test_require_encrypts_without_checking_the_server(tls_server) -> None:
    db = open_database(tls_server.url(), sslmode="require")
    try:
        assert encrypted(db)
    finally:
        db.dispose()


def test_a_server_that_demands_tls_refuses_a_plain_connection(tls_server) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(tls_server.url(), sslmode="disable")
    assert refused.value.text == TLS_FAILED


def test_sqlite_ignores_the_settings(tmp_path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'a.sqlite3'}", sslmode="verify-full", sslrootcert="/nowhere.pem")
    try:
        assert db.is_sqlite and "ssl" not in db.url
    finally:
        db.dispose()


def test_a_wrong_ca_path_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError) as wrong:
        load_config(DEMO_CONFIG, environ={"ANTRIAN_DATABASE_SSLMODE": "verify-full",
                                          "ANTRIAN_DATABASE_SSLROOTCERT": str(tmp_path / "missing-ca.pem")})
    assert "database.sslrootcert" in str(wrong.value)
    config = load_config(DEMO_CONFIG, environ={})
    with pytest.raises(ConfigError):
        validate(dataclasses.replace(config, database=dataclasses.replace(config.database, sslmode="verify-full")))


def test_the_board_listener_and_pg_dump_use_tls_too(tls_server, tmp_path) -> None:
    db = open_database(tls_server.url(), sslmode="verify-full", sslrootcert=str(tls_server.ca))
    try:
        listener = CallListener(db.url)
        listener.connect()
        listener.close()
        config = load_config(DEMO_CONFIG, environ={})
        report = backup_database(db, config, datetime(2026, 11, 28, 17, 0, tzinfo=ZoneInfo("Asia/Pontianak")),
                                 tmp_path / "tls.dump")
        assert report.size_bytes > 0
    finally:
        db.dispose()


def test_an_unreachable_server_is_not_called_a_tls_problem() -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database("postgresql+psycopg://postgres@127.0.0.1:1/antrian?connect_timeout=2", sslmode="require")
    assert refused.value.text == UNREACHABLE
