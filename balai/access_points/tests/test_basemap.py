"""The public map over a configured tile server: points in Web Mercator on the tiles that hold
them (checked with the slippy-map tile formula, written here independently), the tile server
allowed by this page's CSP only, and the points and list still there when no tile loads."""

from __future__ import annotations

import io
import math
import re
from typing import Any

import pytest
from django.test import override_settings
from PIL import Image

from balai.access_points import basemap
from balai.access_points.tests.test_views_public import points  # noqa: F401 (fixture)

TILES = "https://tiles.example.test/{z}/{x}/{y}.png"
IMAGE = re.compile(r'<image href="https://tiles\.example\.test/(\d+)/(\d+)/(\d+)\.png" '
                   r'x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)"')
CIRCLE = re.compile(r'<circle cx="(-?[\d.]+)" cy="(-?[\d.]+)"')


def slippy_tile(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The OpenStreetMap wiki's tile numbers of a point."""
    n = 2**zoom
    lat_rad = math.radians(lat)
    return (int((lon + 180.0) / 360.0 * n),
            int((1.0 - math.asinh(math.tan(lat_rad)) / math.pi) / 2.0 * n))


@pytest.mark.parametrize(("lat", "lon", "zoom"), [
    (-0.0263, 109.3425, 12),  # Pontianak
    (-0.8, 109.47, 10),  # Batu Ampar
    (-6.2, 106.8166, 15),  # Jakarta
    (0.0, 0.0, 3),
])
def test_world_pixels_fall_in_the_tile_the_slippy_formula_names(lat, lon, zoom):
    x, y = basemap.world_pixel(lat, lon, zoom)

    assert (int(x // basemap.TILE), int(y // basemap.TILE)) == slippy_tile(lat, lon, zoom)


@pytest.mark.django_db
@override_settings(BALAI_MAP_TILE_URL=TILES, BALAI_MAP_TILE_ATTRIBUTION="© Penyedia Peta Uji")
def test_map_draws_the_tiles_under_the_points_and_allows_their_server(client, points):  # noqa: F811
    response = client.get("/akses-internet/peta/")

    html = response.content.decode()
    tiles = [(int(z), int(x), int(y), float(px), float(py), float(size))
             for z, x, y, px, py, size in IMAGE.findall(html)]
    assert 1 <= len(tiles) <= 25
    zoom = tiles[0][0]
    assert {t[0] for t in tiles} == {zoom}
    for point in points:
        tile = slippy_tile(float(point.latitude), float(point.longitude), zoom)
        assert tile in {(t[1], t[2]) for t in tiles}, (point.name, tile)
    # Each point's circle lies inside the drawn square of the tile the formula names.
    circles = [(float(cx), float(cy)) for cx, cy in CIRCLE.findall(html)]
    assert len(circles) == len(points)
    drawn = {(t[1], t[2]): t[3:] for t in tiles}
    for point, (cx, cy) in zip(points, circles, strict=True):
        px, py, size = drawn[slippy_tile(float(point.latitude), float(point.longitude), zoom)]
        assert px <= cx <= px + size and py <= cy <= py + size
        assert 0 <= cx <= 1000 and 0 <= cy <= 1000
    assert "© Penyedia Peta Uji" in html
    assert "https://tiles.example.test" in response["Content-Security-Policy"]
    # Only the map page lets the tile server in.
    assert "tiles.example.test" not in client.get("/akses-internet/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_without_a_tile_server_the_map_loads_nothing_from_outside(client, points):  # noqa: F811
    response = client.get("/akses-internet/peta/")

    assert "<image" not in response.content.decode()
    assert "img-src 'self' data:" in response["Content-Security-Policy"]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tiles_load", [True, False])
@override_settings(BALAI_MAP_TILE_URL=TILES)
def test_map_in_a_browser_with_tiles_that_load_or_fail(page: Any, points, tiles_load):  # noqa: F811
    asked: list[str] = []

    def serve(route: Any) -> None:
        asked.append(route.request.url)
        if tiles_load:
            route.fulfill(status=200, content_type="image/png", body=_png())
        else:
            route.abort("connectionfailed")

    page.route("https://tiles.example.test/**", serve)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto("/akses-internet/peta/")
    page.wait_for_load_state("load")

    assert asked and all(url.endswith(".png") for url in asked)
    assert not refused  # the CSP lets the tiles in
    assert page.locator("svg circle").count() == len(points)
    assert page.get_by_role("link", name="Puskesmas Batu Ampar").first.is_visible()
    assert page.locator("main ul li").count() >= len(points)
