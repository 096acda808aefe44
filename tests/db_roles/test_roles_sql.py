"""The roles' SQL: it names only real tables and columns, it is idempotent, and it is safe from two databases of
one cluster at once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from shared.db.models import Base
from shared.services.db_roles import (
    ADMIN,
    APP_ROLES,
    DISPLAY,
    POLICY,
    ROLES,
    VERSION_TABLE,
    all_tables,
    apply_roles,
    roles_sql,
    roles_statements,
    sequences,
)

from ..conftest import fresh_pg_database

PERSONAL = {"applicant": {"name", "nik", "nik_problem"}, "booking": {"code"}}


def test_the_policy_names_only_real_tables_and_columns() -> None:
    for role, policy in POLICY.items():
        for table, privileges in policy.items():
            assert table in all_tables(), (role, table)
            known = {c.name for c in Base.metadata.tables[table].columns} if table != VERSION_TABLE else {"version_num"}
            for privilege in privileges:
                assert privilege.kind in ("SELECT", "INSERT", "UPDATE", "DELETE")
                assert set(privilege.columns) <= known, (role, table, set(privilege.columns) - known)


def test_every_table_of_the_models_is_in_the_sql() -> None:
    sql = roles_sql()
    for table in Base.metadata.tables:
        assert f'ALTER TABLE "{table}" OWNER TO {ADMIN}' in sql
    assert set(sequences()) == {"applicant", "auth_event", "booking", "call_event", "counter", "officer",
                                "print_job", "queue_event", "station", "ticket"}


def test_the_display_role_reads_no_personal_data_and_no_audit() -> None:
    display = POLICY[DISPLAY]
    for table, hidden in PERSONAL.items():
        for privilege in display[table]:
            assert privilege.columns and not hidden & set(privilege.columns), (table, privilege)
    assert not {"officer", "auth_event", "checkin_event", "local_secret"} & set(display)
    for table in ("ticket", "call_event", "queue_event"):
        assert {p.kind for p in display[table]} <= {"SELECT", "INSERT"}


def test_no_pc_role_may_change_or_delete_audit_rows() -> None:
    for role in APP_ROLES:
        policy = POLICY[role]
        for table in ("auth_event", "call_event", "queue_event"):
            assert {p.kind for p in policy.get(table, ())} <= {"SELECT", "INSERT"}, (role, table)
        assert "DELETE" not in {p.kind for p in policy.get("checkin_event", ())}
        assert {p.kind for p in policy.get("officer", ())} <= {"SELECT"}, role  # no PC changes an officer


def test_the_script_is_one_transaction_and_sets_no_password() -> None:
    sql = roles_sql()
    assert sql.count("\nBEGIN;\n") == 1 and sql.rstrip().endswith("COMMIT;")
    assert "PASSWORD '" not in sql.replace("ALTER ROLE antrian_gate PASSWORD '...'", "")


ACL_SQL = """
SELECT c.relname, c.relowner::regrole::text, coalesce(c.relacl::text, ''),
       coalesce((SELECT string_agg(a.attname || '=' || a.attacl::text, ',' ORDER BY a.attname)
                 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL), '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' ORDER BY c.relname
"""
ROLE_SQL = ("SELECT rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
            "WHERE rolname LIKE 'antrian\\_%' ORDER BY rolname")


def privileges_of(db) -> tuple:
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(ACL_SQL)).all()), tuple(conn.execute(text(ROLE_SQL)).all())


@pytest.mark.postgres
def test_applying_twice_gives_the_same_grants() -> None:
    for db in fresh_pg_database("antrian_roles"):
        first = apply_roles(db)
        once = privileges_of(db)
        apply_roles(db)
        assert privileges_of(db) == once
        assert first.roles == ROLES and first.statements == len(roles_statements())
        tables, roles = once
        assert {name for name, *_ in roles} >= set(ROLES)
        assert all(login and not (superuser or createdb or createrole) for name, login, superuser, createdb,
                   createrole in roles if name in ROLES)
        assert all(owner == ADMIN for name, owner, _, _ in tables), tables


@pytest.mark.postgres
def test_two_databases_apply_at_once() -> None:
    """Roles are cluster-wide: two offices' databases on one server apply the SQL at the same moment."""
    first, second = fresh_pg_database("antrian_roles"), fresh_pg_database("antrian_roles")
    dbs = [next(first), next(second)]
    errors: list[BaseException] = []

    def apply(db) -> None:
        try:
            apply_roles(db)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=apply, args=(db,)) for db in dbs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        assert privileges_of(dbs[0])[0] == privileges_of(dbs[1])[0]
    finally:
        first.close()
        second.close()
