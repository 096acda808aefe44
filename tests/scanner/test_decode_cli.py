from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2

from demo.camera import render_frame

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scanner.decode.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_images_and_video_one_json_line_each(tmp_path, code_video):
    image = tmp_path / "phone.png"
    cv2.imwrite(str(image), render_frame("K7Q2M9XA", (1280, 720), seed=6))
    empty = tmp_path / "desk.jpg"
    cv2.imwrite(str(empty), render_frame(None, (1280, 720), seed=6))
    result = run_cli(str(image), str(empty), str(code_video))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(image), str(empty), str(code_video)]
    assert lines[0]["codes"] == [{"text": "K7Q2M9XA", "symbology": "QRCODE"}]
    assert lines[1]["codes"] == []
    assert lines[2]["codes"] == [{"text": "K7Q2M9XA", "symbology": "QRCODE"}] and lines[2]["frames"] == 40
    assert all(line["ms"] >= 0 for line in lines)


def test_decoder_and_symbology_options(tmp_path):
    image = tmp_path / "bars.png"
    cv2.imwrite(str(image), render_frame("ABCD1234EFGH", (1920, 1080), seed=1, symbology="CODE128"))
    only_qr = run_cli("--decoder", "zxing", "--symbologies", "QRCODE", str(image))
    both = run_cli("--decoder", "zxing", "--symbologies", "QRCODE,CODE128", str(image))
    assert json.loads(only_qr.stdout)["codes"] == []
    assert json.loads(both.stdout)["codes"] == [{"text": "ABCD1234EFGH", "symbology": "CODE128"}]


def test_missing_and_unreadable_files_exit_2(tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not a png")
    result = run_cli(str(tmp_path / "missing.png"), str(bad))
    assert result.returncode == 2
    assert "File not found" in result.stderr and "Cannot read image" in result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_unknown_decoder_exits_2_with_message(tmp_path):
    result = run_cli("--decoder", "magic", str(tmp_path / "x.png"))
    assert result.returncode == 2 and "Unknown decoder" in result.stderr
