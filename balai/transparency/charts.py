"""Bar charts as server-rendered SVG: plain data for a template that draws rectangles with
presentation attributes (no inline style, no script, so the page's CSP holds)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 48
BOTTOM = 28
TOP = 12


# Coordinates are strings with a decimal point: a template would localize a float
# ("12,5" in Indonesian), which is not an SVG number.


def _n(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    value: int
    label: str
    series: int


@dataclass(frozen=True)
class Tick:
    y: str
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[tuple[str, str]]
    series: list[str]
    baseline: str


def bar_chart(*, title: str, categories: list[str], series: list[tuple[str, list[int]]],
              ) -> Chart:
    """Grouped bars: one group per category, one bar per series."""
    peak = max([max(values, default=0) for _name, values in series] + [1])
    scale = _nice(peak)
    plot_height = HEIGHT - TOP - BOTTOM
    group = (WIDTH - LEFT) / max(1, len(categories))
    bar_width = group * 0.8 / max(1, len(series))
    bars = []
    for s_index, (_name, values) in enumerate(series):
        for c_index, value in enumerate(values):
            h = plot_height * value / scale
            x = LEFT + c_index * group + group * 0.1 + s_index * bar_width
            bars.append(Bar(x=_n(x), y=_n(TOP + plot_height - h), width=_n(bar_width),
                            height=_n(h), value=value, label=categories[c_index],
                            series=s_index))
    ticks = [Tick(y=_n(TOP + plot_height - plot_height * i / 4), label=_short(scale * i // 4))
             for i in range(5)]
    labels = [(_n(LEFT + i * group + group / 2), name.split(" ")[0])
              for i, name in enumerate(categories)]
    return Chart(title=title, width=WIDTH, height=HEIGHT, bars=bars, ticks=ticks,
                 labels=labels, series=[name for name, _values in series],
                 baseline=_n(TOP + plot_height))


def _nice(peak: int) -> int:
    """The smallest 1, 2 or 5 × 10^n at or above `peak`, divisible by 4 for the ticks."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            candidate = step * magnitude
            if candidate >= peak and candidate % 4 == 0:
                return candidate
            if candidate >= peak and candidate < 4:
                return 4
        magnitude *= 10


def _short(value: int) -> str:
    if value >= 1_000_000_000:
        return f"{value / 1_000_000_000:g} M"
    if value >= 1_000_000:
        return f"{value / 1_000_000:g} jt"
    if value >= 1_000:
        return f"{value / 1_000:g} rb"
    return str(value)
