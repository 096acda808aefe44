"""Connected as antrian_admin (no superuser): the owner runs the migrations, the staff register, the supervisor's
view, the day close with its pg_dump backup and the privacy purge. A migration that adds a table leaves the PCs'
roles without it until `antrian db roles --apply` runs again, which the owner can do."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import text

import shared.db.engine
from shared.db.engine import NOT_ALLOWED, open_database, upgrade_database
from shared.db.errors import DatabaseError
from shared.services import staff
from shared.services.checkin import check_in
from shared.services.day_close import close_day
from shared.services.db_roles import ADMIN, GATE, apply_roles
from shared.services.privacy import purge_personal_data
from shared.services.staff import StaffRole
from shared.services.supervisor_view import today_view

from .conftest import DAY, denied, role_url

pytestmark = pytest.mark.postgres
NIP, PIN = "199105052016042001", "112358"


def downgrade(db, revision: str) -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(shared.db.engine.__file__).parent / "migrations"))
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def test_the_admin_is_the_owner_but_no_superuser(fresh_office) -> None:
    admin = fresh_office.as_role(ADMIN)
    owner, superuser = admin.read(lambda s: s.execute(text(
        "SELECT pg_get_userbyid(datdba), rolsuper FROM pg_database, pg_roles "
        "WHERE datname = current_database() AND rolname = current_user")).one())
    assert (owner, superuser) == (ADMIN, False)
    denied(admin, "CREATE ROLE antrian_intruder")


def test_the_admin_closes_the_day_with_a_backup_and_the_purge(fresh_office, tmp_path) -> None:
    office = fresh_office
    admin, config = office.as_role(ADMIN), office.config
    config = dataclasses.replace(config, backup=dataclasses.replace(config.backup, dir=str(tmp_path)))
    office.as_role(GATE).run(check_in, config, office.codes[0], "GATE-1", office.at("07:45"))
    assert admin.read(today_view, config, office.at("09:00")) is not None
    report = close_day(admin, config, DAY, office.at("17:00"))
    assert report.ok, [step.line() for step in report.steps]
    assert list(tmp_path.glob("*")), "no backup file"
    purged = purge_personal_data(admin, config, DAY + timedelta(days=40))
    assert purged.applicants > 0


def test_a_migration_by_the_admin_then_the_roles_again(fresh_office) -> None:
    office = fresh_office
    admin, gate, config = office.as_role(ADMIN), office.as_role(GATE), office.config
    downgrade(admin, "0005")  # the officers' tables go, and come back as a new migration would add them
    upgrade_database(admin.engine)
    admin.run(staff.add_officer, config, NIP, "Sari Pintu", ["gate"], PIN, office.at("07:00"))
    denied(gate, "SELECT id FROM officer")  # a new table: not the gate's until the roles are applied again
    apply_roles(admin)
    officer = staff.sign_in(gate, config, NIP, PIN, StaffRole.GATE, "GATE-1", office.at("07:01"))
    assert officer.name == "Sari Pintu"


def test_a_pc_role_does_not_migrate_and_says_who_does(fresh_office) -> None:
    """New software on a gate PC before the admin upgraded the database: the gate stops with what to do."""
    office = fresh_office
    downgrade(office.as_role(ADMIN), "0005")
    with pytest.raises(DatabaseError) as refused:
        open_database(role_url(office.superuser.url, GATE))
    assert refused.value.text == NOT_ALLOWED and "antrian_admin" in str(refused.value)
