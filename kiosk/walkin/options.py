"""The kiosk's buttons, from config: services that take `walkin:<kind>`, plus the priority queue for walk-ins."""

from __future__ import annotations

from dataclasses import dataclass

from shared.config import Config

HINTS: dict[str, tuple[str, str]] = {
    "pickup": ("Ambil paspor yang sudah jadi", "Collect a finished passport"),
    "info": ("Pertanyaan dan informasi layanan", "Questions and information"),
    "priority": ("Lansia, disabilitas, ibu hamil, anak", "Elderly, disabled, pregnant, children"),
}


@dataclass(frozen=True)
class WalkInOption:
    kind: str
    prefix: str
    title_id: str
    title_en: str
    hint_id: str
    hint_en: str


def walk_in_options(config: Config) -> tuple[WalkInOption, ...]:
    """One option per walk-in kind in config order, the priority walk-in last (issue_walk_in accepts all)."""
    options = []
    for service in config.services:
        for kind in service.walk_in_kinds:
            hint = HINTS.get(kind, ("", ""))
            options.append(WalkInOption(kind, service.prefix, service.name, service.name_en or service.name, *hint))
    kinds = {o.kind for o in options}
    if "priority" not in kinds:
        try:
            service = config.service_for("priority")
        except KeyError:
            return tuple(options)
        options.append(WalkInOption("priority", service.prefix, f"{service.name} walk-in",
                                    f"{service.name_en or service.name} walk-in", *HINTS["priority"]))
    return tuple(options)
