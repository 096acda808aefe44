"""kill -9 of check-in processes at random moments and inside the commit, on a SQLite file and on PostgreSQL;
then the invariants read from the database (see harness.py). The soak (bench/soak.py) runs hundreds of kills."""

from __future__ import annotations

from . import harness

ROUNDS = 12  # two kills a round: 24 kills per backend in CI, a few seconds
FAMILIES = 240


def _backend(db) -> str:  # noqa: ANN001
    return "sqlite" if db.is_sqlite else "postgresql"


def test_kill_minus_nine_at_random_moments_and_inside_the_commit(db, config, tmp_path, zygote, tally,
                                                                  record_property):
    stats = harness.kill_rounds(db, config, tmp_path, rounds=ROUNDS, families=FAMILIES, seed=20261128,
                                backend=_backend(db), max_random_delay=0.2, zygote=zygote)
    line = tally.add(stats.line(), record_property)
    assert stats.kills >= 2 * ROUNDS - 2, line
    assert set(stats.kills_by_point) == {"random", "mid_family", "before_commit", "after_commit", "in_commit"}, line
    assert not stats.violations, f"{line}\n" + "\n".join(stats.violations[:20])
    assert set(stats.after_kills) == {"VALID"}, line  # after the kills the day goes on


def test_processes_racing_for_the_same_family_admit_it_once(db, config, tmp_path, zygote, tally, record_property):
    stats = harness.race(db, config, tmp_path, racers=4, families=30, seed=7, backend=_backend(db), zygote=zygote)
    line = tally.add(stats.line(), record_property)
    assert not stats.violations, f"{line}\n" + "\n".join(stats.violations[:20])
    assert stats.decisions["VALID"] == stats.families, line
    assert stats.decisions["ALREADY_CHECKED_IN"] == 3 * stats.families, line
