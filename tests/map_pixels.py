"""Reading a rendered passport map: how much of it has a colour, and where the map lies on a rendered page."""

import numpy as np
from PIL import Image

from hazards import palette


def rgb(hex_colour: str) -> tuple[int, ...]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def over(top: str, opacity: float, bottom: str) -> tuple[int, ...]:
    """`top` at `opacity` over `bottom`, as drawn."""
    return tuple(round(t * opacity + b * (1 - opacity)) for t, b in zip(rgb(top), rgb(bottom), strict=True))


HIGHLIGHT = over(palette.HIGHLIGHT, 0.6, palette.MEMBER)  # the unit over its member country
# Colours found on a passport page only in its map.
MAP_ONLY = (rgb(palette.MEMBER), rgb(palette.LAND), HIGHLIGHT)


def _near(pixels: np.ndarray, colour, tolerance: int) -> np.ndarray:
    return (np.abs(pixels[..., :3].astype(int) - np.array(colour)) <= tolerance).all(axis=-1)


def share(image: Image.Image, colour, tolerance: int = 10) -> float:
    """The share of the image's pixels within `tolerance` of `colour` in every channel."""
    return float(_near(np.asarray(image.convert("RGB")), colour, tolerance).mean())


def commonest_share(image: Image.Image) -> float:
    """The share of the image taken by its commonest colour (1.0: one colour)."""
    colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    return max(count for count, _ in colours) / sum(count for count, _ in colours)


def map_box(page: Image.Image) -> tuple[int, int, int, int]:
    """The box of the map on a rendered page: the rows and columns where the map's own colours are many (a few
    anti-aliased pixels of text or a chart elsewhere may match them too)."""
    pixels = np.asarray(page.convert("RGB"))
    mask = np.zeros(pixels.shape[:2], dtype=bool)
    for colour in MAP_ONLY:
        mask |= _near(pixels, colour, 3)
    rows, columns = mask.sum(axis=1), mask.sum(axis=0)
    ys, xs = np.nonzero(rows > rows.max() / 5)[0], np.nonzero(columns > columns.max() / 5)[0]
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
