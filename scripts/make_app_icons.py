"""Draw the web app icons (static/img/app/icon-<size>.png) from the shapes of favicon.svg.

    .venv/bin/python scripts/make_app_icons.py

The pictogram is drawn within the middle 60 % of the square, so the same file serves as a
"maskable" icon: launchers may crop it to a circle (the safe zone is the middle 80 %).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = "#00594f"
OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "app"
# favicon.svg on its 32-unit grid: the roof, four columns and the base.
ROOF = [(16, 3), (2, 12), (30, 12)]
BLOCKS = [(5, 14, 8, 25), (11, 14, 14, 25), (18, 14, 21, 25), (24, 14, 27, 25), (2, 27, 30, 30)]


def draw(size: int) -> Image.Image:
    scale = 4  # drawn large, then reduced: smooth edges without an SVG renderer
    big = size * scale
    image = Image.new("RGB", (big, big), BRAND)
    pen = ImageDraw.Draw(image)
    unit = big * 0.6 / 32
    offset = big * 0.2

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * unit, offset + y * unit

    pen.polygon([at(x, y) for x, y in ROOF], fill="white")
    for x0, y0, x1, y1 in BLOCKS:
        pen.rectangle([at(x0, y0), at(x1, y1)], fill="white")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size).save(OUT / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
