from __future__ import annotations

import cv2
import numpy as np
import pytest

from demo.camera import SCENE_FRAMES, DemoCamera, render_frame
from scanner.camera.frames import (
    CameraError,
    DeviceSource,
    ImageFolderSource,
    SourceError,
    VideoFileSource,
    make_source,
)
from scanner.decode.decoder import make_decoder
from shared.text import Text


def read_all(source, limit: int = 1000) -> list[np.ndarray]:
    source.open()
    try:
        frames = []
        while len(frames) < limit and (frame := source.read()) is not None:
            frames.append(frame)
        return frames
    finally:
        source.release()


def test_missing_device_path_raises_camera_error_in_both_languages():
    with pytest.raises(CameraError, match="Kamera tidak ditemukan: /dev/video-antrian-no") as raised:
        DeviceSource("/dev/video-antrian-none").open()
    assert raised.value.text == Text("Kamera tidak ditemukan: /dev/video-antrian-none",
                                     "Camera not found: /dev/video-antrian-none")


def test_make_source_picks_by_spec(tmp_path):
    assert isinstance(make_source("0"), DeviceSource)
    assert isinstance(make_source("/dev/video3"), DeviceSource)
    assert isinstance(make_source(str(tmp_path)), ImageFolderSource)
    assert isinstance(make_source(str(tmp_path / "x.avi")), VideoFileSource)
    with pytest.raises(ValueError, match="Empty camera source"):
        make_source("  ")


def test_the_demo_camera_is_not_a_product_source():
    """The synthetic phone is installed by the demo's pilot; a config naming it gets a clear answer."""
    with pytest.raises(SourceError) as raised:
        make_source("demo")
    assert "Sumber kamera 'demo' hanya untuk demo" in raised.value.text.id
    assert "The 'demo' camera source is for the demo only" in raised.value.text.en


def test_missing_video_file_raises_camera_error(tmp_path):
    with pytest.raises(CameraError, match="Video file not found"):
        make_source(str(tmp_path / "none.avi")).open()


def test_folder_source_ends_or_loops(tmp_path):
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((20, 30, 3), i * 50, np.uint8))
    (tmp_path / "notes.txt").write_text("not an image")
    frames = read_all(ImageFolderSource(tmp_path, loop=False, fps=None))
    assert [int(f[0, 0, 0]) for f in frames] == [0, 50, 100]
    looped = read_all(ImageFolderSource(tmp_path, loop=True, fps=None), limit=7)
    assert [int(f[0, 0, 0]) for f in looped] == [0, 50, 100, 0, 50, 100, 0]


def test_empty_folder_is_a_camera_error(tmp_path):
    with pytest.raises(CameraError, match="No images in folder"):
        ImageFolderSource(tmp_path).open()


def test_video_source_reads_every_frame_then_ends(code_video):
    frames = read_all(VideoFileSource(code_video, loop=False, paced=False))
    assert len(frames) == 40 and frames[0].shape == (720, 1280, 3)
    codes = make_decoder("pyzbar").decode(frames[15])
    assert [c.text for c in codes] == ["K7Q2M9XA"]


def test_video_source_loops(code_video):
    assert len(read_all(VideoFileSource(code_video, loop=True, paced=False), limit=90)) == 90


def test_demo_camera_shows_each_code_then_empty_desk():
    camera = DemoCamera(["K7Q2M9XA", "B8C3D4E5F6"], seed=7, fps=None, loop=False)
    frames = read_all(camera)
    assert len(frames) == 2 * SCENE_FRAMES and frames[0].shape == (720, 1280, 3)
    decoder = make_decoder("zxing")
    seen = [tuple(c.text for c in decoder.decode(f)) for f in frames]
    assert seen[0] == ()                                   # starts on an empty desk
    assert ("K7Q2M9XA",) in seen[:SCENE_FRAMES]
    assert ("B8C3D4E5F6",) in seen[SCENE_FRAMES:]
    assert seen.count(("K7Q2M9XA",)) >= 15                 # held still long enough to be read


def test_demo_camera_is_deterministic():
    one, two = DemoCamera(["K7Q2M9XA"], seed=3, fps=None), DemoCamera(["K7Q2M9XA"], seed=3, fps=None)
    one.open()
    two.open()
    assert np.array_equal(one.frame_at(25), two.frame_at(25))
    assert not np.array_equal(one.frame_at(25), one.frame_at(26))


def test_rendered_still_is_decodable_at_1080p():
    frame = render_frame("Z9Y8X7W6", (1920, 1080), seed=11)
    assert frame.shape == (1080, 1920, 3)
    assert [c.text for c in make_decoder("pyzbar").decode(frame)] == ["Z9Y8X7W6"]
