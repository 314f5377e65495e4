"""The public map's geometry: points in Web Mercator (the projection of every slippy-map tile
server), fitted into the SVG's 0..1000 box, and the base-map tiles under them when a tile server
is configured (BALAI_MAP_TILE_URL). No JavaScript: the tiles are SVG <image> elements drawn by
the server, and when they cannot load the points, the legend and the list below still show."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

TILE = 256  # pixels per tile side at every zoom
BOX = 1000  # the SVG's viewBox side
MARGIN = 40  # room around the outermost points, in box units
# At most about three tiles across the points: a handful of images on a cheap phone.
MAX_SPAN_TILES = 3


@dataclass(frozen=True)
class Tile:
    href: str
    x: float
    y: float
    size: float


def world_pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at a zoom (the slippy-map convention)."""
    scale = TILE * 2**zoom
    sin_lat = math.sin(math.radians(max(min(lat, 85.05112878), -85.05112878)))
    x = (lon + 180.0) / 360.0 * scale
    y = (0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)) * scale
    return x, y


def tile_origin() -> str:
    """scheme://host of the tile server, for the page's Content-Security-Policy; '' for none."""
    url = settings.BALAI_MAP_TILE_URL
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _zoom(points: list[tuple[float, float]]) -> int:
    """The largest zoom (up to BALAI_MAP_TILE_MAX_ZOOM) at which the points span at most
    MAX_SPAN_TILES tiles."""
    xs, ys = zip(*(world_pixel(lat, lon, 0) for lat, lon in points), strict=True)
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    zoom = math.floor(math.log2(MAX_SPAN_TILES * TILE / span))
    return max(0, min(zoom, settings.BALAI_MAP_TILE_MAX_ZOOM))


def fit(points: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], list[Tile]]:
    """Box coordinates (x, y) of each (lat, lon), in order, and the tiles that cover the box."""
    zoom = _zoom(points)
    pixels = [world_pixel(lat, lon, zoom) for lat, lon in points]
    xs, ys = [p[0] for p in pixels], [p[1] for p in pixels]
    # A lone point (or a tight cluster) still shows a quarter tile of its surroundings.
    span = max(max(xs) - min(xs), max(ys) - min(ys), TILE / 4)
    scale = (BOX - 2 * MARGIN) / span
    # Centre the points in the box.
    left = (min(xs) + max(xs)) / 2 - BOX / 2 / scale
    top = (min(ys) + max(ys)) / 2 - BOX / 2 / scale
    placed = [(round((x - left) * scale, 1), round((y - top) * scale, 1)) for x, y in pixels]
    return placed, _tiles(zoom, left, top, scale)


def _tiles(zoom: int, left: float, top: float, scale: float) -> list[Tile]:
    template = settings.BALAI_MAP_TILE_URL
    if not template:
        return []
    last = 2**zoom - 1
    right, bottom = left + BOX / scale, top + BOX / scale
    tiles = []
    for ty in range(max(0, math.floor(top / TILE)), min(last, math.floor(bottom / TILE)) + 1):
        for tx in range(max(0, math.floor(left / TILE)), min(last, math.floor(right / TILE)) + 1):
            tiles.append(Tile(href=template.format(z=zoom, x=tx, y=ty),
                              x=round((tx * TILE - left) * scale, 1),
                              y=round((ty * TILE - top) * scale, 1),
                              size=round(TILE * scale, 1)))
    return tiles
