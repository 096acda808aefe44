"""The kiosk's buttons, from config: services that take `walkin:<kind>`, plus the priority queue for walk-ins."""

from __future__ import annotations

from dataclasses import dataclass

from shared.config import Config
from shared.text import Text

HINTS: dict[str, Text] = {
    "pickup": Text("Ambil paspor yang sudah jadi", "Collect a finished passport"),
    "info": Text("Pertanyaan dan informasi layanan", "Questions and information"),
    "priority": Text("Lansia, disabilitas, ibu hamil, anak", "Elderly, disabled, pregnant, children"),
}
NO_HINT = Text("")


@dataclass(frozen=True)
class WalkInOption:
    kind: str
    prefix: str
    title: Text
    hint: Text


def walk_in_options(config: Config) -> tuple[WalkInOption, ...]:
    """One option per walk-in kind in config order, the priority walk-in last (issue_walk_in accepts all)."""
    options = []
    for service in config.services:
        for kind in service.walk_in_kinds:
            title = Text(service.name, service.name_en or service.name)
            options.append(WalkInOption(kind, service.prefix, title, HINTS.get(kind, NO_HINT)))
    kinds = {o.kind for o in options}
    if "priority" not in kinds:
        try:
            service = config.service_for("priority")
        except KeyError:
            return tuple(options)
        title = Text(f"{service.name} walk-in", f"{service.name_en or service.name} walk-in")
        options.append(WalkInOption("priority", service.prefix, title, HINTS["priority"]))
    return tuple(options)
