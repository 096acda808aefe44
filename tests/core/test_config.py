"""config.toml loading: frozen dataclasses, env overrides, and one clear message per wrong value."""

from __future__ import annotations

import dataclasses

import pytest

from shared.config import ConfigError, load_config

from ..conftest import REPO

CONFIG = REPO / "demo" / "config.toml"  # the office template (../config.toml) names no station: tests/office


def test_repo_config_loads_frozen(config):
    assert config.office.code == "KANIM-KETAPANG"
    assert config.service_for("priority").prefix == "P"
    assert config.counter("loket 1").services == ("P", "A", "B")
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.office.code = "X"  # type: ignore[misc]


def test_environment_overrides_any_scalar_key():
    c = load_config(CONFIG, environ={"ANTRIAN_DATABASE_URL": "postgresql://u@h/db", "ANTRIAN_OFFICE_CODE": "KANIM-X",
                                     "ANTRIAN_CHECKIN_EARLY_MINUTES": "15", "ANTRIAN_VOICE_ENABLED": "false",
                                     "ANTRIAN_DECODER_SYMBOLOGIES": "QRCODE"})
    assert (c.database.url, c.office.code, c.checkin.early_minutes) == ("postgresql://u@h/db", "KANIM-X", 15)
    assert c.voice.enabled is False and c.decoder.symbologies == ("QRCODE",)


def test_antrian_config_names_another_file(tmp_path):
    other = tmp_path / "site.toml"
    other.write_text(CONFIG.read_text().replace('code = "KANIM-KETAPANG"', 'code = "KANIM-SAMBAS"'))
    assert load_config(environ={"ANTRIAN_CONFIG": str(other)}).office.code == "KANIM-SAMBAS"


@pytest.mark.parametrize(("env", "words"), [
    ({"ANTRIAN_CHECKIN_EARLY_MINUTES": "lima"}, ["checkin.early_minutes", "'lima'", "ANTRIAN_CHECKIN_EARLY_MINUTES", "whole number"]),
    ({"ANTRIAN_PRINTER_WIDTH": "40"}, ["printer.width", "40", "32, 42 or 48"]),
    ({"ANTRIAN_OFFICE_TIMEZONE": "Asia/Bandung"}, ["office.timezone", "Asia/Bandung", "Asia/Jakarta"]),
    ({"ANTRIAN_OFFICE_TIMEZONE": "a" * 300}, ["office.timezone", "Asia/Jakarta"]),  # too long for a file name
    ({"ANTRIAN_VOICE_STYLE": "shout"}, ["voice.style", "shout", "digits or words"]),
    ({"ANTRIAN_CHECKIN_CODE_PATTERN": "[A-Z"}, ["checkin.code_pattern", "regular expression"]),
    ({"ANTRIAN_DECODER_SYMBOLOGIES": "QRCODE,UPC"}, ["decoder.symbologies[1]", "UPC"]),
    ({"ANTRIAN_DECODER_NAME": "zbar"}, ["decoder.name", "zbar", "combined"]),
    ({"ANTRIAN_BOOKING_SERVER_URL": "booking.local:8765"}, ["booking_server.url", "http://HOST"]),
    ({"ANTRIAN_BOOKING_SERVER_READ_TIMEOUT_SECONDS": "-1"}, ["booking_server.read_timeout_seconds", "more than 0"]),
])
def test_wrong_values_name_key_value_and_what_is_allowed(env, words):
    with pytest.raises(ConfigError) as err:
        load_config(CONFIG, environ=env)
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize(("old", "new", "words"), [
    ("early_minutes = 60", 'early_minutes = "60"', ["checkin.early_minutes", "whole number"]),
    ("early_minutes = 60", "early_minutes = 60\nearly_minute = 1", ["checkin.early_minute", "unknown key"]),
    ('services = ["D"]', 'services = ["Z"]', ["counters[3].services", "'Z'"]),
    ('prefix = "B"', 'prefix = "A"', ["services[1].prefix", "not used by another"]),
    ("[office]", "[office\n", ["not valid TOML"]),
])
def test_wrong_file_values(tmp_path, old, new, words):
    path = tmp_path / "bad.toml"
    path.write_text(CONFIG.read_text().replace(old, new, 1))
    with pytest.raises(ConfigError) as err:
        load_config(path, environ={})
    for word in words:
        assert word in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", environ={})
