"""A scripted day whose every time is known: each report field equals the value worked out by hand here
(docs/reports.md), on a SQLite file and on PostgreSQL.

The day (office time, Asia/Pontianak), demo config (targets: A, B, D 30 min; C, I 15 min):
  bookings FAMILY01 08:00-09:00 (new + replacement), SOLO0001 09:00-10:00 (new, never comes),
  LATE0001 07:00-07:30 (new, comes 08:30 with a supervisor's override), CANCEL01 (cancelled: not booked)
  07:50 check-in FAMILY01 -> A-001, B-001        08:00 walk-in pickup C-001     08:05 walk-in info I-001
  08:10 Loket 1 calls A-001 (wait 1200 s)        08:12 Loket 1 recalls A-001 (the wait is not restarted)
  08:10 Loket 3 calls C-001 (wait 600 s)         08:13 Loket 3: no-show
  08:15 Loket 2 calls B-001 (wait 1500 s)        08:20 Loket 1 transfers A-001 to D (A served, 600 s)
  08:30 Loket 2 done B-001 (900 s)               08:30 late check-in LATE0001 -> A-002 (override)
  08:40 Loket 3 calls I-001 (wait 2100 s > 900: above the service level)   08:44 done (240 s)
  08:40 Loket 1 calls A-002 (wait 600 s)         08:50 done (600 s)
  08:50 Loket 4 calls A-001 in D (wait from the transfer 1800 s = the target: within)   09:05 done (900 s)
  09:30 walk-in pickup C-002, never called: unserved
  B-001's ticket printed twice: one reprint.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from shared.services import counter_ops as ops
from shared.services.bookings_import import import_bookings, parse_bookings_payload
from shared.services.checkin import check_in
from shared.services.print_jobs import create_job
from shared.services.reports import FIELDS, NONE_KEY, all_groupings, build_report
from shared.services.tickets import issue_walk_in

DAY = date(2026, 11, 28)
COUNT_FIELDS = ("booked_applicants", "arrived", "called", "served", "no_show", "unserved", "above_service_level")
NIKS = ["6104014101900003", "6104015203850011", "6171020512700004", "6104034506100021"]


def at(config, hhmm: str) -> datetime:
    return datetime.combine(DAY, time.fromisoformat(hhmm), tzinfo=config.office.tz)


def booking(code, start, end, applicants, status="active"):
    return {"booking_code": code, "status": status, "date": DAY.isoformat(), "office_code": "KANIM-KETAPANG",
            "slot": {"start": start, "end": end}, "updated_at": "2026-11-27T19:12:44+07:00",
            "applicants": [{"nik": NIKS[i], "name": f"PEMOHON {i + 1}", "application_type": kind,
                            "replacement_reason": "expired" if kind == "replacement" else None, "priority": None}
                           for i, kind in enumerate(applicants)]}


def scripted_day(db, config) -> dict[str, str]:
    records, problems = parse_bookings_payload({"bookings": [
        booking("FAMILY01", "08:00", "09:00", ["new", "replacement"]),
        booking("SOLO0001", "09:00", "10:00", ["new"]),
        booking("LATE0001", "07:00", "07:30", ["new"]),
        booking("CANCEL01", "08:00", "09:00", ["new"], status="cancelled"),
    ]})
    assert not problems
    db.run(import_bookings, records, at(config, "06:00"))
    db.run(ops.ensure_counters, config)
    family = db.run(check_in, config, "FAMILY01", "GATE-1", at(config, "07:50"), None)
    assert [t.number for t in family.tickets] == ["A-001", "B-001"]
    assert db.run(issue_walk_in, config, "pickup", at(config, "08:00")).number == "C-001"
    assert db.run(issue_walk_in, config, "info", at(config, "08:05")).number == "I-001"

    def call(counter, hhmm, expected):
        assert db.run(ops.call_next, config, counter, at(config, hhmm)).ticket.number == expected

    call("Loket 1", "08:10", "A-001")
    db.run(ops.recall, config, "Loket 1", at(config, "08:12"))
    call("Loket 3", "08:10", "C-001")
    db.run(ops.no_show, config, "Loket 3", at(config, "08:13"))
    call("Loket 2", "08:15", "B-001")
    db.run(ops.transfer, config, "Loket 1", "D", at(config, "08:20"))
    db.run(ops.done, config, "Loket 2", at(config, "08:30"))
    late = db.run(check_in, config, "LATE0001", "GATE-1", at(config, "08:30"), "macet di jalan / traffic")
    assert [t.number for t in late.tickets] == ["A-002"]
    call("Loket 3", "08:40", "I-001")
    db.run(ops.done, config, "Loket 3", at(config, "08:44"))
    call("Loket 1", "08:40", "A-002")
    db.run(ops.done, config, "Loket 1", at(config, "08:50"))
    call("Loket 4", "08:50", "A-001")
    db.run(ops.done, config, "Loket 4", at(config, "09:05"))
    assert db.run(issue_walk_in, config, "pickup", at(config, "09:30")).number == "C-002"
    b001 = next(t for t in family.tickets if t.number == "B-001")
    db.run(create_job, b001.id, "", at(config, "07:50"))
    db.run(create_job, b001.id, "", at(config, "07:55"))
    return {}


@pytest.fixture
def day(db, config):
    scripted_day(db, config)
    return db


def fig(row) -> dict:
    return row.figures.as_dict()


def test_total_row_equals_the_hand_computed_figures(day, config):
    rep = day.read(build_report, config, DAY, DAY, "day", at(config, "18:00"))
    assert rep.total.as_dict() == {
        "booked_applicants": 4,  # FAMILY01 2, SOLO0001 1, LATE0001 1; the cancelled booking is not counted
        "arrived": 6,  # A-001, B-001, C-001, I-001, A-002, C-002: tickets issued (a transfer is no arrival)
        "called": 6,  # visits with a first call: A-001 in A and in D, B-001, C-001, I-001, A-002
        "served": 5,  # A-001 in A (transferred on) and in D, B-001, I-001, A-002
        "no_show": 1,  # C-001
        "unserved": 1,  # C-002
        "above_service_level": 2,  # I-001 (2100 s > 900 s) and the unserved C-002
        "service_level_pct": 71.4,  # 5 of 7 visits called within their target
        "wait_mean_s": 1300.0,  # (1200 + 1800 + 1500 + 600 + 2100 + 600) / 6
        "wait_median_s": 1350.0,  # 600 600 1200 | 1500 1800 2100
        "wait_p90_s": 1950.0,  # rank 4.5: 1800 + 0.5 * 300
        "wait_max_s": 2100.0,
        "service_mean_s": 648.0,  # (600 + 900 + 900 + 240 + 600) / 5
        "service_median_s": 600.0,
        "service_p90_s": 900.0,
        "service_max_s": 900.0,
    }
    assert [r.key for r in rep.rows] == [DAY.isoformat()]
    assert fig(rep.rows[0]) == rep.total.as_dict()
    assert (rep.overrides, rep.reprints, rep.voided) == (1, 1, 0)
    assert rep.walk_ins == (("pickup", 2), ("info", 1))
    assert [(s.slot, s.booked, s.checked_in, s.show_up_pct) for s in rep.show_up] == [
        ("07:00-07:30", 1, 1, 100.0), ("08:00-09:00", 2, 2, 100.0), ("09:00-10:00", 1, 0, 0.0)]


def test_by_service_each_stage_counted_where_it_waited(day, config):
    rep = day.read(build_report, config, DAY, DAY, "service", at(config, "18:00"))
    rows = {r.key: fig(r) for r in rep.rows}
    assert list(rows) == ["A", "B", "C", "I", "D"]  # config order; P had nothing
    a = rows["A"]
    assert (a["booked_applicants"], a["arrived"], a["called"], a["served"]) == (3, 2, 2, 2)
    assert (a["wait_mean_s"], a["wait_max_s"], a["service_mean_s"]) == (900.0, 1200.0, 600.0)  # the recall changed nothing
    d = rows["D"]  # the transfer: its wait counts from 08:20, its service from 08:50 to 09:05
    assert (d["arrived"], d["called"], d["served"], d["wait_max_s"], d["service_max_s"]) == (0, 1, 1, 1800.0, 900.0)
    assert (d["above_service_level"], d["service_level_pct"]) == (0, 100.0)  # exactly the target is within
    c = rows["C"]  # the no-show and the unserved walk-in
    assert (c["arrived"], c["called"], c["served"], c["no_show"], c["unserved"], c["above_service_level"]) == (
        2, 1, 0, 1, 1, 1)
    assert (c["wait_max_s"], c["service_max_s"], c["service_level_pct"]) == (600.0, None, 50.0)
    i = rows["I"]
    assert (i["above_service_level"], i["service_level_pct"], i["service_mean_s"]) == (1, 0.0, 240.0)


def test_by_counter_first_call_decides_and_people_count_under_none(day, config):
    rep = day.read(build_report, config, DAY, DAY, "counter", at(config, "18:00"))
    rows = {r.key: fig(r) for r in rep.rows}
    assert list(rows) == ["Loket 1", "Loket 2", "Loket 3", "Loket 4", NONE_KEY]
    assert (rows["Loket 1"]["called"], rows["Loket 1"]["served"]) == (2, 2)
    assert (rows["Loket 3"]["no_show"], rows["Loket 3"]["served"]) == (1, 1)
    assert rows["Loket 4"]["wait_max_s"] == 1800.0
    none = rows[NONE_KEY]
    assert (none["booked_applicants"], none["arrived"], none["called"], none["unserved"]) == (4, 6, 0, 1)


def test_by_hour_of_arrival_and_of_slot(day, config):
    rep = day.read(build_report, config, DAY, DAY, "hour", at(config, "18:00"))
    rows = {r.key: fig(r) for r in rep.rows}
    assert {h: (r["booked_applicants"], r["arrived"], r["called"], r["unserved"]) for h, r in rows.items()} == {
        7: (1, 2, 2, 0),  # LATE0001's slot; A-001, B-001 issued 07:50
        8: (2, 3, 4, 0),  # FAMILY01's slot; C-001, I-001, A-002 issued, A-001 transferred 08:20
        9: (1, 1, 0, 1),  # SOLO0001's slot; C-002 issued 09:30 and never called
    }


@pytest.mark.parametrize("by", ["day", "hour", "service", "counter", "officer"])
def test_groupings_add_up_to_the_total(day, config, by):
    rep = day.read(build_report, config, DAY, DAY, by, at(config, "18:00"))
    for name in COUNT_FIELDS:
        assert sum(getattr(r.figures, name) for r in rep.rows) == getattr(rep.total, name), name
    assert max(r.figures.wait_max_s or 0 for r in rep.rows) == rep.total.wait_max_s
    if by == "officer":
        assert [r.key for r in rep.rows] == [NONE_KEY]
        assert rep.rows[0].figures == rep.total


def test_json_rows_have_exactly_the_fields(day, config):
    data = day.read(build_report, config, DAY, DAY, "service", at(config, "18:00")).as_json()
    for row in data["rows"]:
        assert list(row) == ["service", *FIELDS]
    assert list(data["total"]) == ["service", *FIELDS]
    assert data["voided"] == 0 and data["voided_note"]["en"]


def test_all_groupings_read_once_agree(day, config):
    reports = day.read(all_groupings, config, DAY, DAY, at(config, "18:00"))
    assert len({r.total for r in reports.values()}) == 1


def test_empty_period_and_wrong_order(db, config):
    rep = db.read(build_report, config, DAY, DAY, "service", at(config, "18:00"))
    assert rep.rows == () and rep.total.called == 0 and rep.total.wait_mean_s is None
    from shared.services.reports import ReportError

    with pytest.raises(ReportError):
        db.read(build_report, config, DAY, date(2026, 11, 1), "day", at(config, "18:00"))


def test_by_officer_the_first_call_of_a_visit_decides(day, config):
    """Rina calls A-001 (and, in D, again), Budi recalls it and calls B-001; the other calls have no officer."""
    from sqlalchemy import select

    from shared.db.models import CallEvent, Officer

    with day.sessions.begin() as s:
        made = at(config, "06:00")
        rina, budi = (Officer(nip=nip, name=name, roles="counter", active=True, pin_hash="not-a-real-hash",
                              created_at=made, updated_at=made)
                      for nip, name in (("199001012015031003", "Rina Marlina"), ("198805052010011002", "Budi Santoso")))
        s.add_all([rina, budi])
        s.flush()
        calls = {(c.number, c.counter_name, c.kind): c for c in s.scalars(select(CallEvent))}
        assert len(calls) == 7
        calls[("A-001", "Loket 1", "call")].officer_id = rina.id
        calls[("A-001", "Loket 1", "recall")].officer_id = budi.id  # a recall does not change whose visit it is
        calls[("A-001", "Loket 4", "call")].officer_id = rina.id
        calls[("B-001", "Loket 2", "call")].officer_id = budi.id
    rep = day.read(build_report, config, DAY, DAY, "officer", at(config, "18:00"))
    rows = {r.key: fig(r) for r in rep.rows}
    assert list(rows) == ["198805052010011002", "199001012015031003", NONE_KEY]  # by NIP, the unattributed last
    assert rep.rows[0].label.id == "Budi Santoso (NIP 198805052010011002)"
    rina_row, budi_row, none = rows["199001012015031003"], rows["198805052010011002"], rows[NONE_KEY]
    assert (rina_row["called"], rina_row["served"], rina_row["wait_mean_s"], rina_row["wait_max_s"]) == (
        2, 2, 1500.0, 1800.0)  # A-001 in A (1200 s) and in D (1800 s)
    assert (rina_row["service_mean_s"], rina_row["arrived"], rina_row["booked_applicants"]) == (750.0, 0, 0)
    assert (budi_row["called"], budi_row["served"], budi_row["wait_max_s"], budi_row["service_max_s"]) == (
        1, 1, 1500.0, 900.0)  # B-001
    assert (none["called"], none["no_show"], none["unserved"], none["arrived"], none["booked_applicants"]) == (
        3, 1, 1, 6, 4)  # C-001, I-001, A-002 called without an officer; C-002 never called; all the people
    for name in COUNT_FIELDS:
        assert sum(r[name] for r in rows.values()) == getattr(rep.total, name), name


def test_a_voided_ticket_counts_as_arrived_and_nothing_else(day, config):
    """At 09:40 a supervisor voids C-002 (issued at 09:30, never called): it stays an arrival, is no longer
    unserved (nor served, nor a no-show), and `voided` counts it."""
    before = day.read(build_report, config, DAY, DAY, "day", at(config, "18:00")).total.as_dict()
    voided = day.run(ops.void_ticket, config, "C-002", at(config, "09:40"), reason="tiket ganda / duplicate")
    assert voided.status == "voided"
    rep = day.read(build_report, config, DAY, DAY, "day", at(config, "18:00"))
    after = rep.total.as_dict()
    assert (after["arrived"], after["unserved"], after["above_service_level"]) == (6, 0, 1)
    assert {k: v for k, v in after.items() if k not in ("unserved", "above_service_level", "service_level_pct")} == {
        k: v for k, v in before.items() if k not in ("unserved", "above_service_level", "service_level_pct")}
    assert after["service_level_pct"] == 83.3  # 5 of 6 visits: C-002's visit is no longer decided
    assert rep.voided == 1 and rep.as_json()["voided"] == 1
