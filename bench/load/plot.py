"""A dependency-free SVG of the scaling curves: p95 latency and throughput against app processes."""

# ruff: noqa: E501 - markdown tables and SVG markup read best on one line each

from __future__ import annotations

from html import escape

COLOURS = {1: "#1b9e77", 10: "#d95f02", 100: "#7570b3"}


def _panel(
    x0: float, title: str, series: dict[int, list[tuple[int, float]]], unit: str, target: float | None
) -> list[str]:
    width, height, top, left = 300, 220, 40, 50
    values = [v for points in series.values() for _, v in points if v == v]
    top_value = max(values + ([target] if target else []) + [1.0]) * 1.15
    xs = sorted({w for points in series.values() for w, _ in points}) or [1]

    def px(workers: int) -> float:
        return x0 + left + (xs.index(workers) / max(1, len(xs) - 1)) * (width - left - 20)

    def py(value: float) -> float:
        return top + height - value / top_value * height

    out = [f'<text x="{x0 + left}" y="24" font-size="14" font-weight="bold">{escape(title)}</text>']
    out.append(
        f'<line x1="{x0 + left}" y1="{top + height}" x2="{x0 + width - 10}" y2="{top + height}" stroke="#333"/>'
    )
    out.append(f'<line x1="{x0 + left}" y1="{top}" x2="{x0 + left}" y2="{top + height}" stroke="#333"/>')
    for i in range(5):
        value = top_value * i / 4
        out.append(
            f'<text x="{x0 + left - 6}" y="{py(value) + 4:.1f}" font-size="10" text-anchor="end">{value:.0f}</text>'
        )
        out.append(
            f'<line x1="{x0 + left}" y1="{py(value):.1f}" x2="{x0 + width - 10}" y2="{py(value):.1f}" stroke="#eee"/>'
        )
    for workers in xs:
        out.append(
            f'<text x="{px(workers):.1f}" y="{top + height + 16}" font-size="10" text-anchor="middle">{workers}</text>'
        )
    out.append(
        f'<text x="{x0 + (width + left) / 2:.1f}" y="{top + height + 32}" font-size="11" text-anchor="middle">app processes</text>'
    )
    out.append(
        f'<text x="{x0 + 12}" y="{top + height / 2:.1f}" font-size="11" transform="rotate(-90 {x0 + 12} {top + height / 2:.1f})" text-anchor="middle">{escape(unit)}</text>'
    )
    if target:
        out.append(
            f'<line x1="{x0 + left}" y1="{py(target):.1f}" x2="{x0 + width - 10}" y2="{py(target):.1f}" stroke="#c00" stroke-dasharray="4 3"/>'
        )
        out.append(
            f'<text x="{x0 + width - 12}" y="{py(target) - 4:.1f}" font-size="10" fill="#c00" text-anchor="end">target {target:.0f}</text>'
        )
    for scale, points in sorted(series.items()):
        colour = COLOURS.get(scale, "#444")
        path = " ".join(f"{px(w):.1f},{py(v):.1f}" for w, v in points if v == v)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for w, v in points:
            if v == v:
                out.append(f'<circle cx="{px(w):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>')
    return out


def svg(results: list[dict]) -> str:
    """Three panels: p95 of the slowest journey, throughput, and RSS of the app processes."""
    p95: dict[int, list[tuple[int, float]]] = {}
    rate: dict[int, list[tuple[int, float]]] = {}
    memory: dict[int, list[tuple[int, float]]] = {}
    for r in results:
        scale, workers = r["config"]["scale"], r["config"]["workers"]
        worst = max((j["p95"] for j in r["journeys"].values()), default=float("nan"))
        p95.setdefault(scale, []).append((workers, worst))
        rate.setdefault(scale, []).append((workers, r["throughput"]))
        memory.setdefault(scale, []).append((workers, r["memory"]["rss_mib_max"]))
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="960" height="330" font-family="sans-serif">']
    parts.append('<rect width="960" height="330" fill="white"/>')
    parts += _panel(0, "p95 latency, slowest journey", p95, "ms", 150)
    parts += _panel(320, "throughput", rate, "requests/s", None)
    parts += _panel(640, "memory of the app processes", memory, "RSS MiB", None)
    x = 60
    for scale, colour in COLOURS.items():
        if scale in p95:
            parts.append(f'<rect x="{x}" y="304" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16}" y="314" font-size="11">demo ×{scale}</text>')
            x += 110
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
