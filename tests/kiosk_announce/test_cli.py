"""`announce A-042 --counter "Loket 3" --wav FILE` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.announce.cli import main
from kiosk.announce.wavio import read_pcm, rms


def test_cli_writes_wav_and_prints_phrase(espeak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a042.wav"
    code = main(["A-042", "--counter", "Loket 3", "--wav", str(out), "--cache-dir", str(tmp_path / "c")])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Nomor antrean A, nol empat dua, silakan menuju loket tiga"
    assert lines[1] == "Number A-042, please go to counter 3"
    pcm = read_pcm(out)
    assert pcm.duration_s > 4.0 and rms(pcm) > 0.02


def test_cli_words_style(espeak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["B-110", "--counter", "LOKET 12", "--wav", str(tmp_path / "b.wav"), "--style", "words",
            "--cache-dir", str(tmp_path / "c")]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "Nomor antrean B, seratus sepuluh, silakan menuju loket dua belas"
    )


def test_cli_malformed_ticket_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bad.wav"
    assert main(["A42", "--counter", "Loket 3", "--wav", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Nomor antrean tidak valid" in err and "Invalid ticket number" in err and "'A42'" in err
    assert not out.exists()


def test_cli_unknown_voice_exits_1(espeak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["A-001", "--counter", "Loket 1", "--wav", str(tmp_path / "x.wav"), "--voice", "zz-none",
            "--cache-dir", str(tmp_path / "c")]
    assert main(argv) == 1
    assert "zz-none" in capsys.readouterr().err
