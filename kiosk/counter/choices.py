"""The counter's choices that follow from config alone: the services it serves and where it may transfer to."""

from __future__ import annotations

from shared.config import Config, ServiceConfig


def served_services(config: Config, counter_name: str) -> tuple[ServiceConfig, ...]:
    prefixes = config.counter(counter_name).services
    return tuple(config.service(p) for p in prefixes)


def transfer_targets(config: Config, counter_name: str) -> tuple[tuple[ServiceConfig, ...], int]:
    """Services this counter does not serve, and the index of the default: a next stage (a service no applicant
    kind is routed to, reached only by transfer), else the first."""
    served = set(config.counter(counter_name).services)
    targets = tuple(s for s in config.services if s.prefix not in served)
    default = next((i for i, s in enumerate(targets) if not s.takes), 0)
    return targets, default
