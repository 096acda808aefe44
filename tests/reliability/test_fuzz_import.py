"""Property-based fuzzing of the booking import: any JSON the server (or a proxy) may send as a page.

`parse_bookings_payload` raises nothing but BadRecord, and that only when the page has no list of bookings at
all; otherwise every item is either a record or a problem naming it, every well-formed booking is kept, and
what is kept is well typed and stores. The defects it found are regression tests at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shared.db.engine import Database
from shared.domain import MAX_APPLICANTS
from shared.services.bookings_import import (
    CODE_RE,
    SERVER_STATUSES,
    BadRecord,
    BookingRecord,
    import_bookings,
    parse_bookings_payload,
)

from .harness import DAY, SCALE

NOW = datetime(2026, 11, 28, 6, 0).astimezone()
NIKS = ["6104014101900003", "6104015203850011", "6171020512700004", "6104034506100021", "6104011210550007"]
TIMES = ["07:00", "08:00", "08:30:00", "09:00", "10:15", "12:00", "23:59", "25:99", "8", "", "noon", "08:00:00.5"]
OFFSET_TIMES = ["09:00+07:00", "09:00Z", "08:00-03:00"]
TRIED: Counter = Counter()

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
codes = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=4, max_size=16)
names = st.lists(st.sampled_from(["SITI", "AMINAH", "BUDI", "SANTOSO", "NUR", "WIJAYA", "AYU"]), min_size=1,
                 max_size=3).map(" ".join)


@st.composite
def applicants(draw) -> dict:  # noqa: ANN001
    kind = draw(st.sampled_from(["new", "replacement"]))
    return {
        "nik": draw(st.sampled_from(NIKS)),
        "name": draw(names),
        "application_type": kind,
        "replacement_reason": draw(st.sampled_from(["expired", "full", "lost", "damaged"])) if kind == "replacement"
        else None,
        "priority": draw(st.sampled_from([None, None, "elderly", "disability", "pregnant", "child"])),
    }


@st.composite
def good_bookings(draw, times: list[str] = TIMES[:7]) -> dict:  # noqa: ANN001
    start, end = sorted(draw(st.lists(st.sampled_from(times[:7]), min_size=2, max_size=2, unique=True)))
    return {
        "booking_code": draw(codes),
        "status": draw(st.sampled_from(sorted(SERVER_STATUSES))),
        "date": draw(st.dates(date(2026, 1, 1), date(2027, 12, 31))).isoformat(),
        "office_code": draw(st.sampled_from(["KANIM-KETAPANG", "KANIM-SAMBAS"])),
        "slot": {"start": start, "end": end},
        "applicants": draw(st.lists(applicants(), min_size=1, max_size=MAX_APPLICANTS)),
        "updated_at": draw(st.sampled_from([None, "2026-11-27T19:12:44+07:00", "2026-11-27T12:00:00", "yesterday"])),
    }


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


@st.composite
def broken_bookings(draw, times: list[str] = TIMES) -> dict:  # noqa: ANN001
    """A good booking with one field replaced by any JSON value (or a tricky time), or removed."""
    booking = draw(good_bookings())
    path = draw(st.sampled_from(_paths(booking)))
    parent = booking
    for key in path[:-1]:
        parent = parent[key]
    if path[-1] in ("start", "end") and draw(st.booleans()):
        parent[path[-1]] = draw(st.sampled_from(times))
    elif isinstance(parent, dict) and draw(st.integers(0, 4)) == 0:
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(json_values)
    return booking


@st.composite
def pages(draw, times: list[str] = TIMES) -> tuple[object, list[tuple[str, object]]]:  # noqa: ANN001
    """A page and what each item is: ("good", booking) must be kept, ("other", item) may go either way."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values), []  # not even a page
    items: list[tuple[str, object]] = draw(st.lists(
        st.tuples(st.just("good"), good_bookings()) | st.tuples(st.just("other"), broken_bookings(times))
        | st.tuples(st.just("other"), json_values),
        max_size=6,
    ))
    bookings = [item for _, item in items]
    shape = draw(st.sampled_from(["page", "page", "list", "extra"]))
    if shape == "list":
        return bookings, items
    page = {"office_code": "KANIM-KETAPANG", "date": DAY.isoformat(), "bookings": bookings, "next_cursor": None}
    if shape == "extra":
        page.update(draw(st.dictionaries(st.text(max_size=8).filter(lambda k: k != "bookings"), json_values,
                                         max_size=3)))
    return page, items


def _is_page(data: object) -> bool:
    return isinstance(data, list) or (isinstance(data, dict) and isinstance(data.get("bookings"), list))


def _well_typed(record: BookingRecord) -> None:
    assert CODE_RE.fullmatch(record.code), record.code
    assert record.status in SERVER_STATUSES and isinstance(record.day, date)
    assert isinstance(record.slot_start, time) and record.slot_start < record.slot_end
    assert isinstance(record.office_code, str) and 1 <= len(record.applicants) <= MAX_APPLICANTS
    for a in record.applicants:
        assert re.fullmatch(r"\d{16}", a.nik) and 0 < len(a.name) <= 120, a


def check_page(data: object, items: list[tuple[str, object]], db: Database | None) -> None:
    TRIED["pages"] += 1
    if not _is_page(data):
        with pytest.raises(BadRecord):
            parse_bookings_payload(data)
        TRIED["not a page (BadRecord)"] += 1
        return
    records, problems = parse_bookings_payload(data)  # anything raised here is the failure
    listed = data if isinstance(data, list) else data["bookings"]  # type: ignore[index]
    TRIED["items"] += len(listed)
    TRIED["kept"] += len(records)
    TRIED["skipped and named"] += len(problems)
    assert len(records) + len(problems) == len(listed)
    kept = {r.code for r in records}
    for kind, item in items:
        if kind == "good":
            assert item["booking_code"] in kept, item  # type: ignore[index]
    for problem in problems:
        assert isinstance(problem.booking_code, str) and 0 < len(problem.booking_code) <= 32, problem
        assert problem.reason, problem
    named = {p.booking_code for p in problems}
    for index, item in enumerate(listed):
        code = item.get("booking_code") if isinstance(item, dict) else None
        label = code if isinstance(code, str) and code else f"#{index + 1}"
        if not (isinstance(code, str) and code.strip().upper() in kept):
            assert str(label)[:32] in named, (label, named)
    for record in records:
        _well_typed(record)
    if db is not None and records:
        db.run(import_bookings, records, NOW)  # what was kept also stores


@pytest.fixture(scope="module")
def import_db(module_db: Database, tally) -> Database:  # noqa: ANN001
    tally.later("fuzz import", lambda: (
        f"fuzz import: {TRIED['pages']} pages ({TRIED['not a page (BadRecord)']} not a page; "
        f"{TRIED['stored pages']} also stored, on both backends), "
        f"{TRIED['items']} items: {TRIED['kept']} kept, {TRIED['skipped and named']} skipped and named; "
        f"found {TRIED['failed']} failing pages here, and the defects it once found kept as regression tests below"))
    return module_db


@settings(max_examples=200 * SCALE, deadline=None)
@given(page=pages())
@example(page=({"bookings": [{"booking_code": "ABCD1234", "status": ["active"]}]}, []))
@example(page=({"bookings": [{"booking_code": "ABCD1234", "applicants": {"nik": 1}}]}, []))
@example(page=({"bookings": "all"}, []))
@example(page=([None, 1, "x", []], []))
def test_any_page_parses_to_records_and_named_problems(page):
    TRIED["failed"] += 1
    check_page(*page, None)
    TRIED["failed"] -= 1


@settings(max_examples=50 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(page=pages())
def test_what_is_kept_stores(import_db, page):
    """The same pages, stored: what the parser keeps fits the tables (SQLite file and PostgreSQL)."""
    TRIED["failed"] += 1
    check_page(*page, import_db)
    TRIED["stored pages"] += 1
    TRIED["failed"] -= 1


# ---- defects the suite found, fixed since: each stays as a regression test


@settings(max_examples=100, deadline=None)
@given(page=pages(TIMES + OFFSET_TIMES))
@example(page=({"bookings": [{"booking_code": "ABCD1234", "status": "active", "date": "2026-11-28",
                              "office_code": "K", "slot": {"start": "08:00", "end": "09:00+07:00"},
                              "applicants": [{"nik": NIKS[0], "name": "A", "application_type": "new"}]}]}, []))
def test_slot_times_with_an_offset_are_skipped_not_raised(page):
    check_page(*page, None)


def _one(code: str = "ABCD1234", nik: str = NIKS[0], office: str = "KANIM-KETAPANG") -> dict:
    return {"bookings": [
        {"booking_code": code, "status": "active", "date": "2026-11-28", "office_code": office,
         "slot": {"start": "08:00", "end": "09:00"},
         "applicants": [{"nik": nik, "name": "SITI AMINAH", "application_type": "new"}]},
        {"booking_code": "GOOD2345", "status": "active", "date": "2026-11-28", "office_code": "KANIM-KETAPANG",
         "slot": {"start": "08:00", "end": "09:00"},
         "applicants": [{"nik": NIKS[1], "name": "BUDI", "application_type": "new"}]},
    ]}


@pytest.mark.parametrize("code", ["abcdſ123", "kıss2345", "ﬁks88888", "straße12"])
def test_a_code_folded_by_unicode_case_mapping_is_skipped(code):
    records, problems = parse_bookings_payload(_one(code=code))
    assert [r.code for r in records] == ["GOOD2345"], [r.code for r in records]
    assert [p.booking_code for p in problems] == [code]


def test_a_nik_of_non_ascii_digits_is_skipped():
    records, problems = parse_bookings_payload(_one(nik="٦١٠٤٠١٤١٠١٩٠٠٠٠٣"))
    assert [r.code for r in records] == ["GOOD2345"] and len(problems) == 1


@pytest.mark.postgres
def test_an_overlong_office_code_skips_that_record_on_postgresql(pg_db):
    records, problems = parse_bookings_payload(_one(office="K" * 65))
    assert len(records) == 1 and len(problems) == 1, "the record with a 65-character office code is skipped"
    pg_db.run(import_bookings, records, NOW)

