"""Properties of the queue policy for any mix of tickets (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shared.services.queue_policy import QueueEntry, order_for_counter

T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)

entries_strategy = st.lists(
    st.tuples(st.sampled_from("PABC"), st.integers(0, 240)), max_size=40
).map(lambda items: [QueueEntry(i + 1, f"{p}-{i + 1:03d}", p, p == "P", T0 + timedelta(minutes=m))
                     for i, (p, m) in enumerate(items)])


@given(entries_strategy, st.integers(1, 5), st.integers(0, 6))
def test_order_is_a_fair_permutation_of_what_the_counter_serves(entries, every, streak):
    ordered = order_for_counter(entries, "PAB", every, streak)
    served = [e for e in entries if e.service_prefix in "PAB"]
    assert sorted(e.id for e in ordered) == sorted(e.id for e in served)  # nothing lost, nothing foreign
    for kind in (True, False):  # first come (by appointment), first served within each line
        line = [e for e in ordered if e.is_priority is kind]
        assert line == sorted(line, key=lambda e: (e.sort_at, e.id))


@given(entries_strategy, st.integers(1, 5))
def test_priority_waits_at_most_every_minus_one_regular_calls(entries, every):
    ordered = order_for_counter(entries, "PAB", every, 0)
    priority_left = sum(e.is_priority for e in ordered)
    run = 0
    for e in ordered:
        if e.is_priority:
            priority_left -= 1
            run = 0
        else:
            run += 1
            assert priority_left == 0 or run <= every - 1
