"""Label glyphs for the WebGL map, made at set-up from Debian's DejaVu fonts (no request leaves the machine).

MapLibre asks for `{fontstack}/{start}-{end}.pbf`: 256 code points of signed distance fields (SDF) in the
glyphs protobuf. This module renders each glyph with Pillow's FreeType, turns it into an SDF as TinySDF does
(24 px, a 3 px border, radius 8, cutoff 0.25), and writes every range of every font stack — empty ranges too,
so that a name with a letter the font lacks never makes the map ask for a file that is not there.

    python -m web.pages.glyphs build/glyphs
"""

import sys
from pathlib import Path

import numpy as np
from fontTools.ttLib import TTFont
from PIL import ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_STACKS = {"dejavu-sans": "DejaVuSans.ttf", "dejavu-sans-bold": "DejaVuSans-Bold.ttf",
               "dejavu-sans-oblique": "DejaVuSans-Oblique.ttf"}
SIZE, BUFFER, RADIUS, CUTOFF = 24, 3, 8, 0.25
INF = 1e20


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, value) -> bytes:
    """One protobuf field: bytes/str as length-delimited, ints as varints (negative ones zigzag-encoded by the
    caller)."""
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return _varint(number << 3 | 2) + _varint(len(value)) + value
    return _varint(number << 3) + _varint(value)


def _zigzag(value: int) -> int:
    return (value << 1) ^ (value >> 31)


def _distance_squared(grid: np.ndarray) -> np.ndarray:
    """Exact squared Euclidean distance transform of `grid` (0 on features, INF elsewhere, fractions between):
    the 1-D transform min_q((x - q)² + f(q)) along the columns, then along the rows (the transform is
    separable), each by broadcasting: glyphs are small."""
    def along_rows(values):
        width = values.shape[1]
        offsets = (np.arange(width)[:, None] - np.arange(width)[None, :]) ** 2
        return (values[:, None, :] + offsets[None, :, :]).min(axis=2)

    return along_rows(along_rows(grid.T).T)


def sdf(alpha: np.ndarray) -> np.ndarray:
    """The SDF bitmap (uint8, the glyph plus BUFFER on each side) of a coverage bitmap (0..1)."""
    padded = np.zeros((alpha.shape[0] + 2 * BUFFER, alpha.shape[1] + 2 * BUFFER))
    padded[BUFFER:BUFFER + alpha.shape[0], BUFFER:BUFFER + alpha.shape[1]] = alpha
    outer = np.where(padded >= 1, 0.0, np.where(padded <= 0, INF, np.maximum(0, 0.5 - padded) ** 2))
    inner = np.where(padded >= 1, INF, np.where(padded <= 0, 0.0, np.maximum(0, padded - 0.5) ** 2))
    distance = np.sqrt(_distance_squared(outer)) - np.sqrt(_distance_squared(inner))
    return np.clip(np.round(255 - 255 * (distance / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)


def _glyph(font: ImageFont.FreeTypeFont, code: int) -> bytes:
    char = chr(code)
    advance = round(font.getlength(char))
    mask, (left, top) = font.getmask2(char, mode="L")
    width, height = mask.size
    fields = [_field(1, code)]
    if width and height:
        alpha = np.asarray(mask, dtype=np.float64).reshape(height, width) / 255.0
        fields.append(_field(2, sdf(alpha).tobytes()))
    # `top` is the bitmap's top edge below the ascender line, as fontnik writes it (yMax - ascender).
    fields += [_field(3, width), _field(4, height), _field(5, _zigzag(left)), _field(6, _zigzag(-top)),
               _field(7, advance)]
    return _field(3, b"".join(fields))


def glyph_range(font_path: Path, name: str, start: int, codes: set[int]) -> bytes:
    """The glyphs protobuf of the 256 code points from `start` that the font has (those in `codes`)."""
    font = ImageFont.truetype(str(font_path), SIZE, layout_engine=ImageFont.Layout.BASIC)
    body = _field(1, name) + _field(2, f"{start}-{start + 255}")
    body += b"".join(_glyph(font, code) for code in range(start, start + 256) if code in codes)
    return _field(1, body)


def build(target: Path, stacks: dict[str, str] = FONT_STACKS) -> int:
    """Writes every range of every stack under `target`/{stack}/; answers how many glyphs were rendered."""
    rendered_count = 0
    for name, file_name in stacks.items():
        font_path = FONT_DIR / file_name
        if not font_path.exists():
            raise SystemExit(f"{font_path} is missing: install Debian's fonts-dejavu-core")
        codes = set(TTFont(str(font_path)).getBestCmap())
        folder = target / name
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(256):
            start = index * 256
            (folder / f"{start}-{start + 255}.pbf").write_bytes(glyph_range(font_path, name, start, codes))
            rendered_count += sum(1 for code in range(start, start + 256) if code in codes)
    return rendered_count


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/glyphs")
    print(f"{build(out)} glyphs rendered into {out}")
