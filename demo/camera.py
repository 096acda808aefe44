"""A synthetic camera for the demo, tests and benchmarks: booking codes on a phone screen over a desk.

Not a product source (camera.source cannot name it): the demo's gate pilot puts it into the gate window.

Each code gets a short scene: empty desk, the phone slides in, holds still (slightly tilted, glare, blur and
sensor noise), slides out. Frames depend only on (seed, frame number), so a test can replay them exactly.
With ``once`` (the demo's autopilot) each code is shown one time, in order, then only the empty desk; a code
listed again waits until the gate's debounce has forgotten it, so it is decided again.
"""
from __future__ import annotations

import bisect
import time
from collections.abc import Sequence

import cv2
import numpy as np

from demo.barcodes import render_code

EMPTY_FRAMES = 12
SLIDE_FRAMES = 8
HOLD_FRAMES = 20
SCENE_FRAMES = EMPTY_FRAMES + 2 * SLIDE_FRAMES + HOLD_FRAMES
REPEAT_GAP_S = 4.0  # more than the 3 s debounce between the last sighting of a code and its next scene


def playlist_starts(codes: Sequence[str], gap_frames: int) -> list[int]:
    """First frame of each code's scene, back to back, except that a repeated code waits ``gap_frames``
    after its previous scene (the phone may be seen up to a scene's last frame, and from its EMPTY_FRAMES)."""
    starts: list[int] = []
    last_end: dict[str, int] = {}
    cursor = 0
    for code in codes:
        if code in last_end:
            cursor = max(cursor, last_end[code] + gap_frames - EMPTY_FRAMES)
        starts.append(cursor)
        cursor += SCENE_FRAMES
        last_end[code] = cursor
    return starts


def make_desk(size: tuple[int, int], seed: int) -> np.ndarray:
    """A smooth wood-like desk with a few sheets of paper: edges, but nothing barcode-like."""
    w, h = size
    rng = np.random.default_rng(seed)
    coarse = rng.normal(0, 1, (9, 16)).astype(np.float32)
    shade = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    grain = np.sin(np.linspace(0, 40, w, dtype=np.float32))[None, :] * 6
    base = 120 + 18 * shade + grain
    desk = np.stack([base * 0.65, base * 0.85, base * 1.1], axis=2)
    for _ in range(3):
        x, y = int(rng.integers(0, w - w // 5)), int(rng.integers(0, h - h // 5))
        pw, ph = int(rng.integers(w // 10, w // 5)), int(rng.integers(h // 8, h // 4))
        desk[y:y + ph, x:x + pw] = 205 + rng.normal(0, 3)
        _print_lines(desk, (x, y, pw, ph), rng)
    return cv2.GaussianBlur(np.clip(desk, 0, 255).astype(np.uint8), (0, 0), 2.0)


def _print_lines(desk: np.ndarray, box: tuple[int, int, int, int], rng) -> None:
    """Grey lines of "printed text" on a sheet, so an empty desk is not trivially blank."""
    x, y, pw, ph = box
    row = max(6, ph // 12)
    for top in range(y + row, y + ph - row, row):
        length = int(pw * rng.uniform(0.4, 0.85))
        cv2.line(desk, (x + row, top), (x + length, top), (90, 90, 90), max(1, row // 4))


def make_phone(text: str, symbology: str, height: int) -> np.ndarray:
    """A dark phone body with a bright screen showing the code, portrait, about ``height`` px tall."""
    width = int(height * 0.5)
    phone = np.full((height, width, 3), 30, np.uint8)
    margin = max(4, width // 14)
    phone[margin * 2:height - margin * 2, margin:width - margin] = 245
    if symbology == "CODE128":
        # Booking apps turn a linear code along the phone's long side so its bars stay wide enough to read.
        code = np.rot90(render_code(text, symbology, height - 8 * margin)).copy()
    else:
        code = render_code(text, symbology, width - 4 * margin)
    ch, cw = code.shape
    y, x = (height - ch) // 2, (width - cw) // 2
    phone[y:y + ch, x:x + cw] = code[:, :, None]
    return phone


class DemoCamera:
    """Frame source rendering ``codes`` in turn; 1280x720 by default, looping forever when ``loop``.

    ``once``: each code once, in order (repeats kept ``repeat_gap`` seconds apart), then the empty desk for ever.
    """

    def __init__(self, codes: Sequence[str], seed: int = 0, size: tuple[int, int] = (1280, 720),
                 symbology: str = "QRCODE", fps: float | None = 30.0, loop: bool = True, once: bool = False,
                 repeat_gap: float = REPEAT_GAP_S) -> None:
        self.codes = tuple(codes) if once else (tuple(codes) or ("DEMO0001",))
        self.seed, self.size, self.symbology = seed, size, symbology
        self.fps, self.loop, self.once = fps, loop, once
        # Frames, not seconds: pacing never delivers more than `fps` frames a second, so the gap only grows.
        self._starts = playlist_starts(self.codes, int(repeat_gap * (fps or 30.0))) if once else []
        self.total_frames = (self._starts[-1] + SCENE_FRAMES) if self._starts else 0
        self._desk: np.ndarray | None = None
        self._phones: dict[str, np.ndarray] = {}
        self._index = 0
        self._next_time = self._opened_at = 0.0

    @property
    def finished(self) -> bool:
        """``once`` mode: every code has been shown (read from other threads: a plain int comparison)."""
        return self.once and self._index >= self.total_frames

    def open(self) -> None:
        self._desk = make_desk(self.size, self.seed)
        self._index = 0
        self._next_time = self._opened_at = time.monotonic()

    def release(self) -> None:
        self._desk = None

    def read(self) -> np.ndarray | None:
        if self._desk is None:
            return None
        if not self.loop and not self.once and self._index >= SCENE_FRAMES * len(self.codes):
            return None
        self._pace()
        if self.once and self.fps:
            # A camera runs on its own clock: when rendering falls behind (a busy PC), frames are dropped, so
            # the list takes its planned time and the gap between repeats stays real seconds.
            self._index = max(self._index, int((time.monotonic() - self._opened_at) * self.fps))
        frame = self.frame_at(self._index)
        self._index += 1
        return frame

    def _pace(self) -> None:
        # A real camera blocks until the next frame; so does the demo, to keep CPU use honest.
        if not self.fps:
            return
        delay = self._next_time - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next_time = max(self._next_time, time.monotonic() - 1.0) + 1.0 / self.fps

    def frame_at(self, index: int) -> np.ndarray:
        """The frame number ``index`` of the endless scene list (pure: no state changes)."""
        desk = self._desk if self._desk is not None else make_desk(self.size, self.seed)
        code, step = self._scene_at(index)
        rng = np.random.default_rng((self.seed, index))
        frame = desk.copy()
        if code is not None and step >= 0:
            offset = _slide_offset(step)
            frame = self._place_phone(frame, code, offset, rng)
        return _add_noise(frame, rng)

    def _scene_at(self, index: int) -> tuple[str | None, int]:
        """The code in view at frame ``index`` and the step within its scene (negative: desk still empty)."""
        if not self.once:
            return self.codes[(index // SCENE_FRAMES) % len(self.codes)], index % SCENE_FRAMES - EMPTY_FRAMES
        scene = bisect.bisect_right(self._starts, index) - 1
        if scene < 0 or index >= self._starts[scene] + SCENE_FRAMES:
            return None, -1
        return self.codes[scene], index - self._starts[scene] - EMPTY_FRAMES

    def _place_phone(self, frame: np.ndarray, code: str, offset: float, rng) -> np.ndarray:
        w, h = self.size
        if code not in self._phones:
            self._phones[code] = make_phone(code, self.symbology, int(h * 0.8))
        return compose_phone(frame, self._phones[code], (w * (0.5 + offset), h * 0.5), rng,
                             moving=offset != 0.0)


def _slide_offset(step: int) -> float:
    """Horizontal offset as a share of the frame width: 0 while held, growing while sliding in/out."""
    if step < SLIDE_FRAMES:
        return (SLIDE_FRAMES - step) / SLIDE_FRAMES * 0.8
    if step < SLIDE_FRAMES + HOLD_FRAMES:
        return 0.0
    return -(step - SLIDE_FRAMES - HOLD_FRAMES + 1) / SLIDE_FRAMES * 0.8


def compose_phone(frame: np.ndarray, phone: np.ndarray, centre: tuple[float, float], rng,
                  moving: bool = False) -> np.ndarray:
    """Warp the phone onto the frame around ``centre`` with tilt, perspective, glare and blur."""
    ph, pw = phone.shape[:2]
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    jitter = rng.uniform(-0.06, 0.06, (4, 2)) * [pw, ph]
    angle = np.deg2rad(rng.uniform(-12, 12))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    dst = (src - [pw / 2, ph / 2] + jitter) @ rot.T + centre
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    size = (frame.shape[1], frame.shape[0])
    warped = cv2.warpPerspective(_with_glare(phone, rng), matrix, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, size)
    out = frame.copy()
    out[mask > 127] = warped[mask > 127]
    sigma = 4.0 if moving else rng.uniform(0.3, 1.2)
    return cv2.GaussianBlur(out, (0, 0), sigma)


def _with_glare(phone: np.ndarray, rng) -> np.ndarray:
    """A soft bright spot from the ceiling lights on the phone screen."""
    ph, pw = phone.shape[:2]
    yy, xx = np.mgrid[0:ph, 0:pw].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * pw, rng.uniform(0.15, 0.85) * ph
    radius = rng.uniform(0.08, 0.18) * pw
    spot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2)) * rng.uniform(40, 90)
    return np.clip(phone.astype(np.float32) + spot[:, :, None], 0, 255).astype(np.uint8)


def _add_noise(frame: np.ndarray, rng) -> np.ndarray:
    """Sensor noise; a small tile repeated keeps this cheap at 1080p."""
    tile = rng.normal(0, 4, (64, 64, 1)).astype(np.int16)
    reps = (frame.shape[0] // 64 + 1, frame.shape[1] // 64 + 1, 3)
    noise = np.tile(tile, reps)[: frame.shape[0], : frame.shape[1]]
    return np.clip(frame.astype(np.int16) + noise, 0, 255).astype(np.uint8)


def render_frame(text: str | None, size: tuple[int, int] = (1280, 720), seed: int = 0,
                 symbology: str = "QRCODE") -> np.ndarray:
    """One still frame: the phone with ``text`` held in view, or the empty desk when ``text`` is None."""
    rng = np.random.default_rng((seed, 99))
    frame = make_desk(size, seed)
    if text is not None:
        phone = make_phone(text, symbology, int(size[1] * rng.uniform(0.55, 0.85)))
        centre = (size[0] * rng.uniform(0.35, 0.65), size[1] * 0.5)
        frame = compose_phone(frame, phone, centre, rng)
    return _add_noise(frame, rng)
