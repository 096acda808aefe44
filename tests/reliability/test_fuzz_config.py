"""Property-based fuzzing of the config loader: any TOML value for any key, any text in any ANTRIAN_* variable.

load_config gives a Config or a ConfigError naming the key (what the installer reads); never another exception.
A Config it accepts must also be usable: the defects it found are regression tests at the end.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import tomllib
import typing
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shared.config import Config, ConfigError, load_config

from .harness import CONFIG_PATH, SCALE

STATION = {"name": "GATE-1"}
TRIED: Counter = Counter()


def _base() -> dict:
    raw = tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    raw.setdefault("station", {}).update(STATION)  # the template names no station; every PC has one
    return raw


BASE = _base()
SECTIONS = {f.name: typing.get_type_hints(Config)[f.name] for f in dataclasses.fields(Config) if f.name != "source"}
TABLES = {name: hint for name, hint in SECTIONS.items() if dataclasses.is_dataclass(hint)}
ARRAYS = {name: typing.get_args(hint)[0] for name, hint in SECTIONS.items() if typing.get_origin(hint) is tuple}


def _targets() -> list[tuple]:
    """Every key the loader reads: a table's keys, each [[services]] / [[counters]] entry's keys, whole sections."""
    out: list[tuple] = [(name,) for name in SECTIONS]
    for name, cls in TABLES.items():
        out += [(name, f.name) for f in dataclasses.fields(cls)]
    for name, cls in ARRAYS.items():
        for i in range(len(BASE.get(name, []))):
            out += [(name, i, f.name) for f in dataclasses.fields(cls)] + [(name, i)]
    return out


TARGETS = _targets()
ENV_KEYS = [(name, f.name) for name, cls in TABLES.items() for f in dataclasses.fields(cls)]


# ---- a small TOML writer (tomllib only reads)


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_escape(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(raw: dict) -> str:
    top = [f"{_escape(k)} = {toml_value(v)}" for k, v in raw.items()
           if not isinstance(v, dict) and not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v))]
    blocks = []
    for key, value in raw.items():
        if isinstance(value, dict):
            blocks.append(f"[{_escape(key)}]\n" + "".join(f"{_escape(k)} = {toml_value(v)}\n" for k, v in value.items()))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            blocks += [f"[[{_escape(key)}]]\n" + "".join(f"{_escape(k)} = {toml_value(v)}\n" for k, v in item.items())
                       for item in value]
    return "\n".join(top) + "\n\n" + "\n".join(blocks)


# ---- values


texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
plausible_texts = st.sampled_from([
    "", " ", "0", "-1", "GATE-1", "Loket 1", "A", "Z", "a", "AB", "new", "walkin:", "walkin:x", "priority",
    "Asia/Jakarta", "Asia/Bandung", "UTC", "../../etc/passwd", "Asia/", "08:00", "24:00", "23:59", "7:5",
    "^[A-Z0-9]{8,16}$", "[A-Z", "(a+)+$", "(?P<x", "\\", "http://127.0.0.1:1", "https://h", "ftp://x", "http://",
    "QRCODE", "UPC", "combined", "zbar", "digits", "words", "network://127.0.0.1:9100", "preview://x", "bogus://",
    "usb://0x04b8:0x0202", "TM-T88V", "no-such-profile", "\x00", "é", "ı", "1e400", "nan", "inf",
])
scalars = (
    texts | plausible_texts | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.integers(-5, 700)
    | st.floats() | st.sampled_from([0.0, -0.0, 0.5, 1e-9, 1e10, 1e300, math.inf, -math.inf, math.nan])
    | st.dates() | st.times() | st.datetimes()
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


def _replace(raw: dict, path: tuple, value: object) -> None:
    parent: typing.Any = raw
    for key in path[:-1]:
        if isinstance(key, str):
            parent = parent.setdefault(key, {})
        else:
            parent = parent[key]
    parent[path[-1]] = value


def _where(path: tuple) -> str:
    return ".".join(str(p) for p in path if isinstance(p, str)) if len(path) != 3 else f"{path[0]}[{path[1]}].{path[2]}"


def _names_the_key(message: str, path: tuple) -> bool:
    """The error names the key changed, or (for a whole section, a service or a counter) the section, or a key
    that depends on it (a counter naming a service prefix that changed, a service kind that is now missing)."""
    section = path[0]
    if len(path) == 2 and isinstance(path[1], str):
        return f"{section}.{path[1]}" in message
    related = {"services": ("services", "counters"), "counters": ("counters",)}.get(section, (section,))
    return any(name in message for name in related) or "config" in message


def _load(tmp: Path, raw: dict, environ: dict[str, str] | None = None) -> Config:
    path = tmp / "config.toml"
    text = toml_document(raw)
    path.write_text(text, encoding="utf-8")
    return load_config(path, environ=environ or {})


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, tally) -> Path:  # noqa: ANN001
    tally.later("fuzz config", lambda: (
        f"fuzz load_config: {TRIED['examples']} configs ({TRIED['toml']} with one TOML value replaced over "
        f"{len(TARGETS)} keys and sections, {TRIED['env']} with an ANTRIAN_* variable over {len(ENV_KEYS)} keys): "
        f"{TRIED['valid']} valid, {TRIED['ConfigError']} ConfigError naming the key; found {TRIED['failed']} "
        "other exceptions here; the defects it once found are regression tests below"))
    return tmp_path_factory.mktemp("config")


def test_the_writer_round_trips_the_template(workdir):
    assert tomllib.loads(toml_document(BASE)) == BASE
    assert _load(workdir, BASE).office.code == BASE["office"]["code"]


@settings(max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(TARGETS), value=values)
@example(path=("office", "timezone"), value="a" * 300)
@example(path=("checkin", "code_pattern"), value="(" * 200 + ")" * 200)
@example(path=("queue", "closing_time"), value="24:00")
@example(path=("services",), value=[])
@example(path=("services", 0), value="A")
@example(path=("counters", 0, "services"), value=[["A"]])
@example(path=("office",), value={"code": {"x": 1}})
def test_any_toml_value_gives_a_config_or_an_error_naming_the_key(workdir, path, value):
    raw = copy.deepcopy(BASE)
    _replace(raw, path, value)
    if not _round_trips(raw):
        return  # a value the writer cannot express (not the loader's business)
    TRIED["examples"] += 1
    TRIED["toml"] += 1
    TRIED["failed"] += 1
    try:
        config = _load(workdir, raw)
    except ConfigError as exc:
        assert _names_the_key(str(exc), path), f"{_where(path)} = {value!r}: {exc}"
        TRIED["ConfigError"] += 1
    else:
        assert isinstance(config, Config)
        TRIED["valid"] += 1
    TRIED["failed"] -= 1


def _round_trips(raw: dict) -> bool:
    try:
        again = tomllib.loads(toml_document(raw))
    except (tomllib.TOMLDecodeError, TypeError):
        return False
    return repr(again) == repr(raw)


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(ENV_KEYS), text=texts | plausible_texts)
@example(key=("checkin", "early_minutes"), text="٣٠")  # Arabic-Indic digits
@example(key=("decoder", "symbologies"), text=",,,")
@example(key=("voice", "enabled"), text="TRUE ")
def test_any_environment_text_gives_a_config_or_an_error_naming_the_key(workdir, key, text):
    if "\x00" in text:
        return  # an environment variable cannot hold NUL
    TRIED["examples"] += 1
    TRIED["env"] += 1
    TRIED["failed"] += 1
    var = f"ANTRIAN_{key[0]}_{key[1]}".upper()
    try:
        config = _load(workdir, BASE, {var: text})
    except ConfigError as exc:
        assert f"{key[0]}.{key[1]}" in str(exc) or var in str(exc), f"{var}={text!r}: {exc}"
        TRIED["ConfigError"] += 1
    else:
        assert isinstance(config, Config)
        TRIED["valid"] += 1
    TRIED["failed"] -= 1


# ---- defects the suite found, fixed since: each stays as a regression test


@pytest.mark.parametrize("section", ["database", "office", "printer"])
def test_a_section_written_as_a_value_with_its_variable_set_is_a_config_error(workdir, section):
    raw = copy.deepcopy(BASE)
    raw[section] = "postgresql://db.kantor/antrian"
    key = dataclasses.fields(TABLES[section])[0].name
    with pytest.raises(ConfigError, match=section):
        _load(workdir, raw, {f"ANTRIAN_{section}_{key}".upper(): "x"})


@pytest.mark.parametrize(("section", "key"), [
    ("booking_server", "connect_timeout_seconds"), ("booking_server", "read_timeout_seconds"),
    ("printer", "timeout_seconds"),
])
@pytest.mark.parametrize("value", [math.inf, 1e10])
def test_a_timeout_no_socket_can_take_is_a_config_error(workdir, section, key, value):
    raw = copy.deepcopy(BASE)
    raw[section][key] = value
    with pytest.raises(ConfigError, match=f"{section}.{key}"):
        _load(workdir, raw)
