"""`antrian doctor` tells the IT officer when the staff register is empty or has no supervisor."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.services import doctor, staff
from shared.services.doctor import Level

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_doctor_warns_until_a_supervisor_is_registered(sqlite_db, config):
    empty = doctor._staff_check(sqlite_db)
    assert empty.level == Level.WARN and "belum ada petugas" in empty.message.id and "antrian staff add" in empty.fix.id
    sqlite_db.run(staff.add_officer, config, "199001012015031003", "Rudi Hartono", ["gate"], "112233", NOW)
    no_supervisor = doctor._staff_check(sqlite_db)
    assert no_supervisor.level == Level.WARN and "no supervisor" in no_supervisor.message.en
    sqlite_db.run(staff.add_officer, config, "197905202005011001", "Bambang", ["supervisor", "admin"], "135790", NOW)
    ready = doctor._staff_check(sqlite_db)
    assert ready.level == Level.OK and ready.message.en == "2 active officers (gate 1, supervisor 1, admin 1)"


def test_doctor_warns_when_postgresql_on_the_lan_is_not_verified():
    def tls(url: str):
        return doctor._tls_check(doctor.DatabaseChoice(url, url, doctor.Text("t"), False))

    assert tls("sqlite:////tmp/x.sqlite3") is None
    assert tls("postgresql+psycopg://antrian_gate@127.0.0.1/antrian").level == Level.OK
    plain = tls("postgresql+psycopg://antrian_gate@192.168.1.10/antrian")
    assert plain.level == Level.WARN and "verify-full" in plain.fix.en
    assert tls("postgresql+psycopg://antrian_gate@192.168.1.10/antrian?sslmode=require").level == Level.WARN
    assert tls("postgresql+psycopg://antrian_gate@192.168.1.10/antrian?sslmode=verify-full").level == Level.OK
