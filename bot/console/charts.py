"""The 30-day adherence chart, drawn as inline SVG on the server (no script, nothing fetched).

One stacked bar per day: doses taken (green), missed (red), skipped (amber) and not answered
(grey), with the day's adherence in the bar's tooltip and a text summary for screen readers.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from bot.db.patient_records import DayAdherence

WIDTH, HEIGHT = 720, 200
LEFT, RIGHT, TOP, BOTTOM = 32, 8, 12, 28
SERIES = (
    ("taken", "Taken", "#2f855a"),
    ("missed", "Missed", "#c53030"),
    ("skipped", "Skipped", "#d69e2e"),
    ("open", "No answer", "#a0aec0"),
)


def adherence_percent(days: list[DayAdherence]) -> int | None:
    """Taken out of the doses that were answered or missed; None when there were none."""
    decided = sum(d.taken + d.missed + d.skipped for d in days)
    if decided == 0:
        return None
    return round(100 * sum(d.taken for d in days) / decided)


def adherence_svg(days: list[DayAdherence]) -> Markup:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    most = max([d.due for d in days] + [1])
    slot = plot_w / max(len(days), 1)
    bar_w = max(slot * 0.7, 1.0)
    percent = adherence_percent(days)
    summary = (
        f"{percent}% of doses taken over the last {len(days)} days"
        if percent is not None
        else f"No doses were due in the last {len(days)} days"
    )
    opening = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(summary, {chr(34): "&quot;"})}">'
    )
    parts = [opening, f"<title>{escape(summary)}</title>"]
    for tick in sorted({0, most // 2, most}):
        y = TOP + plot_h - plot_h * tick / most
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d9e2ec"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#52606d">{tick}</text>'
        )
    for index, day in enumerate(days):
        x = LEFT + index * slot + (slot - bar_w) / 2
        y = TOP + plot_h
        label = (
            f"{day.day.isoformat()}: {day.taken} taken, {day.missed} missed, "
            f"{day.skipped} skipped, {day.open} not answered"
        )
        parts.append(f"<g><title>{escape(label)}</title>")
        for field, _name, colour in SERIES:
            count = getattr(day, field)
            if not count:
                continue
            height = plot_h * count / most
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
                f'fill="{colour}"/>'
            )
        parts.append("</g>")
        # A label a week, and the last day's, never two close enough to overlap.
        last = len(days) - 1
        if (index % 7 == 0 and last - index >= 4) or index == last:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 10}" font-size="11" '
                f'text-anchor="middle" fill="#52606d">{day.day.strftime("%d %b")}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
