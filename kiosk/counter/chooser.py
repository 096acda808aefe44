"""Which counter this PC is: chosen once from config.counters and remembered in QSettings; --counter overrides."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shared.config import Config
from shared.text import Text

SETTINGS_KEY = "counter/name"
UNKNOWN = Text("Loket {name!r} tidak ada; ada: {known}", "unknown counter {name!r}; known: {known}")
TITLE = Text("Pilih loket", "Choose counter")
PROMPT = Text("Komputer ini melayani loket mana?", "Which counter is this computer?")


class UnknownCounter(ValueError):
    pass


def known_counter(config: Config, name: str | None) -> str | None:
    """The config's spelling of a counter name, or None when the config has no such counter."""
    if not name:
        return None
    try:
        return config.counter(name).name
    except KeyError:
        return None


def resolve_counter(config: Config, override: str | None, remembered: str | None) -> str | None:
    """--counter wins (and must exist); else the remembered choice if the config still has it; else None: ask."""
    if override:
        name = known_counter(config, override)
        if name is None:
            known = ", ".join(c.name for c in config.counters)
            raise UnknownCounter(UNKNOWN.format(name=override, known=known).line())
        return name
    return known_counter(config, remembered)


def counter_line(config: Config, name: str) -> str:
    services = ", ".join(f"{p} {config.service(p).name}" for p in config.counter(name).services)
    return f"{name}  —  {services}"


class CounterChooser(QDialog):
    """A list of the config's counters; Enter or double-click picks one."""

    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE.line())
        self.setMinimumWidth(560)
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget { font-size: 18px; } QListWidget::item { padding: 10px; }")
        for c in config.counters:
            item = QListWidgetItem(counter_line(config, c.name))
            item.setData(Qt.ItemDataRole.UserRole, c.name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        prompt = QLabel(PROMPT.line())
        prompt.setStyleSheet("font-size: 17px; font-weight: 600;")
        layout.addWidget(prompt)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


def choose_counter(config: Config, settings: QSettings, override: str | None, ask_again: bool = False) -> str | None:
    """The counter for this PC; asks (and remembers) only when nothing usable is known. None: the officer cancelled."""
    remembered = None if ask_again else settings.value(SETTINGS_KEY, None, type=str)
    name = resolve_counter(config, override, remembered)
    if name is not None:
        return name
    dialog = CounterChooser(config)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
        return None
    name = dialog.chosen()
    settings.setValue(SETTINGS_KEY, name)
    settings.sync()
    return name
