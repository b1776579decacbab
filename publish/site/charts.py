"""Small honest charts drawn on the server as SVG: one bar per year, a count axis in whole
numbers from zero, a missing year shown as missing (never as 0), labels in Chinese."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 360, 170, 44, 26, 12


def _ticks(top: float, integer: bool) -> list[float]:
    """Round ticks from 0 to at least `top`: 1, 2 or 5 times a power of ten apart."""
    if top <= 0:
        return [0, 1] if integer else [0, 0.5, 1]
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if integer:
        step = max(1, round(step))
    n = math.ceil(top / step)
    return [i * step for i in range(n + 1)]


def bars(title: str, points: list[tuple[str, float | None]], *, unit: str = "件",
         rate: bool = False, faint: set[str] | None = None) -> Markup:
    """One bar per (label, value); None is drawn as “无数字”, a label in `faint` light
    (a rate on a denominator under 10)."""
    values = [v for _, v in points if v is not None]
    top = max(values, default=0)
    ticks = _ticks(top * 100 if rate else top, integer=not rate)
    scale_top = (ticks[-1] / 100 if rate else ticks[-1]) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(points), 1)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">']
    for t in ticks:
        y = TOP + plot_h - plot_h * ((t / 100 if rate else t) / scale_top)
        label = f"{t:g}%" if rate else f"{int(t):,}"
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                     'class="grid"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" class="tick">{label}</text>')
    for i, (label, value) in enumerate(points):
        x = LEFT + i * slot + slot * 0.2
        w = slot * 0.6
        cls = "bar faint" if faint and label in faint else "bar"
        if value is None:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{TOP + plot_h - 4:.1f}" '
                         'class="none">无数字</text>')
        else:
            h = plot_h * (value / scale_top)
            shown = f"{value * 100:.1f}%" if rate else f"{value:g}{unit}"
            parts.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{w:.1f}" '
                         f'height="{h:.1f}" class="{cls}"><title>{escape(label)}：'
                         f'{escape(shown)}</title></rect>')
            parts.append(f'<text x="{x + w / 2:.1f}" y="{TOP + plot_h - h - 3:.1f}" '
                         f'class="value">{escape(shown)}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{HEIGHT - 8}" class="label">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup(f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
                  + "".join(parts) + "</figure>")


def stacked(title: str, labels: list[str], series: dict[str, list[float | None]], *,
            unit: str = "件") -> Markup:
    """One stacked bar per label, one segment per series (a legend names them); a label
    with any part missing is drawn as “无数字”, never as a shorter bar."""
    totals = [None if any(s[i] is None for s in series.values())
              else sum(s[i] for s in series.values()) for i in range(len(labels))]
    ticks = _ticks(max((t for t in totals if t is not None), default=0), integer=True)
    scale_top = ticks[-1] or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(labels), 1)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">']
    for t in ticks:
        y = TOP + plot_h - plot_h * (t / scale_top)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                     'class="grid"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" class="tick">{int(t):,}</text>')
    for i, label in enumerate(labels):
        x, w = LEFT + i * slot + slot * 0.2, slot * 0.6
        if totals[i] is None:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{TOP + plot_h - 4:.1f}" '
                         'class="none">无数字</text>')
        else:
            base = TOP + plot_h
            for k, (name, values) in enumerate(series.items()):
                h = plot_h * (values[i] / scale_top)
                base -= h
                parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{w:.1f}" '
                             f'height="{h:.1f}" class="seg seg{k}"><title>{escape(label)} '
                             f'{escape(name)}：{values[i]:g}{unit}</title></rect>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{HEIGHT - 8}" class="label">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    legend = "".join(f'<span class="key"><i class="seg{k}"></i>{escape(name)}</span>'
                     for k, name in enumerate(series))
    return Markup(f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
                  + "".join(parts) + f'<p class="legend">{legend}</p></figure>')
