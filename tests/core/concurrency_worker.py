"""Run in separate processes (or threads) by test_concurrency: check-ins and call-next against one database."""

from __future__ import annotations

from datetime import date, datetime, time

from shared.config import load_config
from shared.db.engine import Database
from shared.services.checkin import check_in
from shared.services.counter_ops import call_next


def work(url: str, config_path: str, day_iso: str, codes: list[str], counter: str | None, calls: int) -> dict:
    config = load_config(config_path, environ={})
    db = Database(url, pool_size=1) if not url.startswith("sqlite") else Database(url)
    now = datetime.combine(date.fromisoformat(day_iso), time(8, 30), tzinfo=config.office.tz)
    decisions: list[tuple[str, str, list[str]]] = []
    called: list[str] = []
    try:
        for code in codes:
            result = db.run(check_in, config, code, f"GATE-{counter or 'X'}", now)
            decisions.append((code, result.decision.value, [t.number for t in result.tickets]))
        if counter:
            for _ in range(calls):
                result = db.run(call_next, config, counter, now)
                if result.ticket:
                    called.append(result.ticket.number)
    finally:
        db.dispose()
    return {"decisions": decisions, "called": called}


if __name__ == "__main__":  # one separate process: arguments and result as JSON
    import json
    import sys

    print(json.dumps(work(*json.loads(sys.argv[1]))))
