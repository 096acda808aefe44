"""Image helpers for the decoders: grey conversion, downscaling and a cheap "anything barcode-like?" test.

Qt-free and allocation-light, because they run on every camera frame.
"""
from __future__ import annotations

import cv2
import numpy as np

# Tuned on the corpus (bench/decode.py): a code's modules must leave strong edges on a quarter-size image.
GATE_WIDTH = 480
GATE_EDGE_THRESHOLD = 48      # |Sobel| (8-bit, ksize 3, stronger axis) that counts as a sharp edge
GATE_WINDOW = 15              # px on the gate image; a 21-module QR at 1920 px wide spans about 25 px here
GATE_MIN_DENSITY = 0.5        # share of sharp-edge pixels a window needs to look like a code


def to_grey(frame: np.ndarray) -> np.ndarray:
    """Return an 8-bit single-channel view of a BGR, BGRA or grey frame."""
    if frame.ndim == 2:
        return frame if frame.dtype == np.uint8 else cv2.convertScaleAbs(frame)
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    if frame.shape[2] == 1:
        return frame[:, :, 0]
    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


def downscale(grey: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """Shrink so the longer side is at most ``max_side``; returns the image and the factor back to full."""
    h, w = grey.shape[:2]
    longest = max(h, w)
    if longest <= max_side:
        return grey, 1.0
    factor = longest / max_side
    size = (max(1, round(w / factor)), max(1, round(h / factor)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA), factor


Region = tuple[int, int, int, int]   # x, y, width, height in full-frame pixels


def candidate_regions(grey: np.ndarray) -> list[Region]:
    """Cheap gate: boxes around windows dense with sharp edges, as a barcode's modules make.

    A blank desk or a blurred hand gives no box, so the decoder is skipped; a sheet of paper gives a small
    box, so the decoder scans a few thousand pixels instead of two million. Costs about 1 ms at 1080p.
    """
    small, factor = downscale(grey, GATE_WIDTH)
    gx = cv2.convertScaleAbs(cv2.Sobel(small, cv2.CV_16S, 1, 0, ksize=3))
    gy = cv2.convertScaleAbs(cv2.Sobel(small, cv2.CV_16S, 0, 1, ksize=3))
    _, edges = cv2.threshold(cv2.max(gx, gy), GATE_EDGE_THRESHOLD, 1.0, cv2.THRESH_BINARY)
    density = cv2.boxFilter(edges.astype(np.float32), -1, (GATE_WINDOW, GATE_WINDOW))
    dense = (density >= GATE_MIN_DENSITY).astype(np.uint8)
    # Grow by a window so a code's quiet zone and its sparser corners stay inside the box.
    dense = cv2.dilate(dense, np.ones((GATE_WINDOW, GATE_WINDOW), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(dense, connectivity=8)
    h, w = grey.shape[:2]
    boxes = []
    for x, y, bw, bh, _area in stats[1:count]:
        x0, y0 = int(x * factor), int(y * factor)
        x1, y1 = min(w, int((x + bw) * factor) + 1), min(h, int((y + bh) * factor) + 1)
        boxes.append((x0, y0, x1 - x0, y1 - y0))
    return boxes


def looks_like_code(grey: np.ndarray) -> bool:
    return bool(candidate_regions(grey))


GRID_MIN_SHARE = 0.6          # both axes' sharp-edge share a window needs to look like a 2-D code


def grid_like(grey: np.ndarray) -> bool:
    """Is any edge-dense window sharp along both axes, as a QR code's modules are?

    Printed text lines and sheet edges are sharp along one axis; costs about 0.5 ms at 1080p.
    """
    small, _ = downscale(grey, GATE_WIDTH)
    gx = cv2.convertScaleAbs(cv2.Sobel(small, cv2.CV_16S, 1, 0, ksize=3))
    gy = cv2.convertScaleAbs(cv2.Sobel(small, cv2.CV_16S, 0, 1, ksize=3))
    window = (GATE_WINDOW, GATE_WINDOW)
    share_x = cv2.boxFilter((gx >= GATE_EDGE_THRESHOLD).astype(np.float32), -1, window)
    share_y = cv2.boxFilter((gy >= GATE_EDGE_THRESHOLD).astype(np.float32), -1, window)
    return bool((cv2.min(share_x, share_y) >= GRID_MIN_SHARE).any())


def binarise(grey: np.ndarray) -> np.ndarray:
    """Adaptive (local mean) threshold: evens out glare, shadows and screen brightness before zbar."""
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 31, 5)


def enhance_contrast(grey: np.ndarray) -> np.ndarray:
    """Local contrast equalisation (CLAHE) for glare, shadows and dim phone screens."""
    clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
    return clahe.apply(grey)


