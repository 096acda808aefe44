"""Layout operations drawn with Pillow at the printer's own resolution: one image pixel is one printer dot.

Font A on a thermal printer is a 12x24 dot cell, sizes multiply the cell (GS ! n), so a 32-column ticket is
384 dots wide (58 mm) and a 48-column one 576 dots (80 mm). The preview keeps that grid exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from .layout import DOTS_FOR_WIDTH, Cut, Feed, Line, Op, Qr

CELL_W, CELL_H = 12, 24
LINE_GAP = 6  # default line spacing on 203 dpi printers is 30 dots: 24 of glyph + 6
MARGIN = 12
_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)


@lru_cache(maxsize=4)
def _font(bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    for folder in _FONT_DIRS:
        if (Path(folder) / name).exists():
            return ImageFont.truetype(str(Path(folder) / name), 20)
    return ImageFont.load_default(size=20)  # Pillow's own font: same grid, plainer glyphs


def _text_image(op: Line) -> Image.Image:
    """The line in Font A cells, then scaled like the printer scales it (nearest neighbour, no smoothing)."""
    base = Image.new("1", (max(1, len(op.text)) * CELL_W, CELL_H), 1)
    draw = ImageDraw.Draw(base)
    draw.fontmode = "1"
    for i, ch in enumerate(op.text):
        draw.text((i * CELL_W + 6, CELL_H - 4), ch, font=_font(op.bold), fill=0, anchor="ms")
    height = op.scale * (2 if op.tall else 1)
    return base.resize((base.width * op.scale, CELL_H * height), Image.Resampling.NEAREST)


def _qr_image(op: Qr) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=op.size, border=1)
    code.add_data(op.payload)
    code.make(fit=True)
    return code.make_image().get_image().convert("1")


def _x(align: str, width: int, dots: int) -> int:
    if align == "center":
        return max(0, (dots - width) // 2)
    if align == "right":
        return max(0, dots - width)
    return 0


def render_png(ops: Iterable[Op], width_chars: int) -> Image.Image:
    """The ticket as a 1-bit image `DOTS_FOR_WIDTH[width]` pixels wide."""
    dots = DOTS_FOR_WIDTH[width_chars]
    pieces: list[tuple[Image.Image | None, int, int]] = []  # (image, x, height)
    for op in ops:
        if isinstance(op, Line):
            img = _text_image(op)
            pieces.append((img, _x(op.align, img.width, dots), img.height + LINE_GAP))
        elif isinstance(op, Qr):
            img = _qr_image(op)
            pieces.append((img, _x("center", img.width, dots), img.height))
        elif isinstance(op, Feed):
            pieces.append((None, 0, op.lines * (CELL_H + LINE_GAP)))
        elif isinstance(op, Cut):
            pieces.append((None, 0, MARGIN))
    page = Image.new("1", (dots, sum(h for _, _, h in pieces) + 2 * MARGIN), 1)
    y = MARGIN
    for img, x, height in pieces:
        if img is not None:
            page.paste(img, (x, y))
        y += height
    return page


def save_png(ops: Iterable[Op], width_chars: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    render_png(ops, width_chars).save(path, format="PNG")
    return path
