"""`antrian-gate cameras` on a made-up /dev and /sys, and `[camera] width/height/fps` reaching the device."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from scanner.camera import devices
from scanner.camera.devices import Camera, Probe, list_cameras
from scanner.camera.frames import DeviceSource, apply_camera_settings, make_source
from shared.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[2]
C920 = "usb-046d_HD_Pro_Webcam_C920_1A2B3C4D-video-index0"


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """/dev with a two-node webcam (video0 capture, video1 metadata), a capture card (video2), /sys names."""
    dev, sys_root = tmp_path / "dev", tmp_path / "sys"
    by_id = dev / "v4l" / "by-id"
    by_id.mkdir(parents=True)
    for n in (0, 1, 2, 10):
        (dev / f"video{n}").touch()
    (dev / "videodev-not-a-camera").touch()
    os.symlink("../../video0", by_id / C920)
    os.symlink("../../video1", by_id / C920.replace("index0", "index1"))
    for n, name in ((0, "HD Pro Webcam C920"), (1, "HD Pro Webcam C920"), (2, "USB Video")):
        folder = sys_root / "class" / "video4linux" / f"video{n}"
        folder.mkdir(parents=True)
        (folder / "name").write_text(name + "\n")
    return dev, sys_root


def fake_probe(device: str | int) -> Probe:
    name = Path(str(device)).name
    if name == "video0":
        return Probe(True, "640x480", ("640x480", "1280x720", "1920x1080"), True)
    if name == "video2":
        return Probe(True, "720x576", (), True)
    return Probe(True, "0x0", (), False)  # a metadata node opens but gives no picture


def test_devices_are_listed_in_number_order_with_names_and_by_id_links(tree) -> None:
    dev, sys_root = tree
    cameras = list_cameras(dev, sys_root)
    assert [c.index for c in cameras] == [0, 1, 2, 10]
    first = cameras[0]
    assert first.device == str(dev / "video0") and first.name == "HD Pro Webcam C920"
    assert first.by_id == (str(dev / "v4l" / "by-id" / C920),)
    assert first.source == str(dev / "v4l" / "by-id" / C920)  # the stable name is the one to configure
    assert cameras[2].by_id == () and cameras[2].source == str(dev / "video2")
    assert cameras[3].name == ""  # no /sys entry: still listed
    assert all(c.probe is None for c in cameras)  # nothing opened unless asked


def test_an_absolute_link_target_is_read_inside_the_given_tree(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    (dev / "v4l" / "by-id").mkdir(parents=True)
    (dev / "video3").touch()
    os.symlink("/dev/video3", dev / "v4l" / "by-id" / "usb-cam-video-index0")
    (camera,) = list_cameras(dev, tmp_path / "sys")
    assert camera.by_id == (str(dev / "v4l" / "by-id" / "usb-cam-video-index0"),)


def test_the_listing_shows_sizes_and_the_config_line(tree, capsys) -> None:
    dev, sys_root = tree
    assert devices.main(["--dev", str(dev), "--sys", str(sys_root)], probe=fake_probe) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kamera / Cameras:")
    assert f"by-id: {dev / 'v4l' / 'by-id' / C920}" in out
    assert "ukuran / sizes: 640x480 (bawaan / default), 1280x720, 1920x1080" in out
    assert f'[camera] source = "{dev / "v4l" / "by-id" / C920}"' in out
    assert "720x576 (bawaan / default)" in out  # a default size not among the common ones is still shown
    video1 = out.split(str(dev / "video1"))[1].split(str(dev / "video2"))[0]
    assert "gives no picture" in video1 and "[camera] source" not in video1
    assert "stays the same whichever USB port" in out


def test_json_listing(tree, capsys) -> None:
    dev, sys_root = tree
    assert devices.main(["--json", "--dev", str(dev), "--sys", str(sys_root)], probe=fake_probe) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and len(data["cameras"]) == 4
    first = data["cameras"][0]
    assert first["source"].endswith(C920) and first["gives_picture"] is True
    assert first["probe"]["sizes"] == ["640x480", "1280x720", "1920x1080"]
    assert data["cameras"][1]["gives_picture"] is False


def test_no_probe_opens_nothing(tree, capsys) -> None:
    dev, sys_root = tree

    def refuse(_device):
        raise AssertionError("opened")

    assert devices.main(["--no-probe", "--dev", str(dev), "--sys", str(sys_root)], probe=refuse) == 0
    assert "[camera] source" in capsys.readouterr().out


def test_no_camera_is_said_clearly_and_exits_1(tmp_path: Path, capsys) -> None:
    (tmp_path / "dev").mkdir()
    assert devices.main(["--dev", str(tmp_path / "dev"), "--sys", str(tmp_path)], probe=fake_probe) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Tidak ada kamera ditemukan / No camera found" in captured.err


def test_a_camera_this_user_may_not_open_says_how_to_fix_it() -> None:
    lines = devices.describe(Camera(0, "/dev/video0", "Cam", accessible=False))
    assert any("usermod -aG video" in line for line in lines)


def test_the_installed_command(tmp_path: Path) -> None:
    program = Path(sys.executable).absolute().parent / "antrian-gate"
    if not program.exists():
        pytest.skip("antrian-gate is not installed in this environment")
    (tmp_path / "dev").mkdir()
    done = subprocess.run([str(program), "cameras", "--dev", str(tmp_path / "dev")], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "No camera found" in done.stderr


def test_probing_a_device_that_is_not_there_says_it_does_not_open(tmp_path: Path) -> None:
    assert devices.probe_sizes(str(tmp_path / "video99")).opens is False


# ---- [camera] width / height / fps


class FakeCapture:
    def __init__(self) -> None:
        self.props: dict[int, float] = {cv2.CAP_PROP_FRAME_WIDTH: 640, cv2.CAP_PROP_FRAME_HEIGHT: 480,
                                        cv2.CAP_PROP_FPS: 30}
        self.sets: list[tuple[int, float]] = []

    def set(self, prop: int, value: float) -> bool:
        self.sets.append((prop, value))
        self.props[prop] = value
        return True

    def get(self, prop: int) -> float:
        return self.props.get(prop, 0.0)


def test_width_height_and_fps_are_asked_of_the_camera() -> None:
    capture = FakeCapture()
    got = apply_camera_settings(capture, 1280, 720, 15, "/dev/video0")
    assert capture.sets == [(cv2.CAP_PROP_FRAME_WIDTH, 1280), (cv2.CAP_PROP_FRAME_HEIGHT, 720),
                            (cv2.CAP_PROP_FPS, 15)]
    assert got == (1280, 720, 15.0)


def test_zero_keeps_the_cameras_default() -> None:
    capture = FakeCapture()
    assert apply_camera_settings(capture, 0, 0, 0) == (640, 480, 30.0)
    assert capture.sets == []


def test_make_source_hands_the_settings_to_a_device_only(tmp_path: Path) -> None:
    source = make_source("/dev/v4l/by-id/usb-cam-video-index0", width=1920, height=1080, fps=30)
    assert isinstance(source, DeviceSource)
    assert (source.width, source.height, source.fps) == (1920, 1080, 30)
    assert (make_source("1", width=1280, height=720).width) == 1280
    assert not isinstance(make_source(str(tmp_path), width=1280, height=720), DeviceSource)


def test_config_camera_size_defaults_to_zero_and_is_validated() -> None:
    base = {"ANTRIAN_CONFIG": str(REPO / "config.toml"), "ANTRIAN_STATION_NAME": "GATE-1"}
    camera = load_config(environ=base).camera
    assert (camera.width, camera.height, camera.fps) == (0, 0, 0)
    sized = load_config(environ={**base, "ANTRIAN_CAMERA_WIDTH": "1280", "ANTRIAN_CAMERA_HEIGHT": "720",
                                 "ANTRIAN_CAMERA_FPS": "30"}).camera
    assert (sized.width, sized.height, sized.fps) == (1280, 720, 30)
    for bad, key in ((dict(ANTRIAN_CAMERA_WIDTH="1280"), "camera.height"), (dict(ANTRIAN_CAMERA_HEIGHT="720"),
                     "camera.width"), (dict(ANTRIAN_CAMERA_WIDTH="99999", ANTRIAN_CAMERA_HEIGHT="720"),
                     "camera.width"), (dict(ANTRIAN_CAMERA_FPS="500"), "camera.fps")):
        with pytest.raises(ConfigError) as err:
            load_config(environ={**base, **bad})
        assert str(err.value).startswith(key)
