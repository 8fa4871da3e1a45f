"""Devices needed per day against devices available, by kind, and its server-rendered SVG.

A request needs one device of each kind it asks for on every day from pickup to return plus
the wipe buffer (the days a device is unavailable to anyone else). A device still out on an
overdue loan is unavailable on every day of the chart: nobody knows when it comes back.
Likely loans (trips that will ask for a device but have not yet, see forecast.py) are a second,
lighter series stacked on the requests, so the desk sees a shortage before the requests arrive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from travelprep.loaner import KINDS

DAYS = 60


@dataclass(frozen=True)
class KindDemand:
    """One kind's needed count per day, the devices in service and how many are out overdue."""

    kind: str
    needed: tuple[int, ...]
    in_service: int
    out_overdue: int = 0
    likely: tuple[int, ...] = ()  # devices for trips without a request yet, per day

    def total(self, index: int) -> int:
        """Needed by requests plus likely from trips on the index-th day."""
        return self.needed[index] + (self.likely[index] if self.likely else 0)

    @property
    def available(self) -> int:
        """The devices in service that are not out on an overdue loan."""
        return max(self.in_service - self.out_overdue, 0)

    @property
    def in_service_text(self) -> str:
        """Like "3 in service", or "3 in service, 1 of them out overdue"."""
        text = f"{self.in_service} in service"
        return text + (f", {self.out_overdue} of them out overdue" if self.out_overdue else "")

    @property
    def short_days(self) -> int:
        """On how many days more devices are needed than there are."""
        return sum(1 for n in self.needed if n > self.available)

    @property
    def first_short_day(self) -> int | None:
        """The index of the first day with a shortage, or None."""
        return next((i for i, n in enumerate(self.needed) if n > self.available), None)

    @property
    def likely_short_days(self) -> int:
        """On how many days requests and likely loans together need more devices than there are."""
        return sum(1 for i in range(len(self.needed)) if self.total(i) > self.available)

    @property
    def first_likely_short_day(self) -> int | None:
        """The first day short once likely loans are counted, or None."""
        return next((i for i in range(len(self.needed)) if self.total(i) > self.available), None)


@dataclass(frozen=True)
class DemandChart:
    """Demand over `days` days from `first`, one row per kind."""

    first: date
    days: int
    kinds: tuple[KindDemand, ...]

    def day(self, index: int) -> date:
        """The date of the index-th day."""
        return self.first + timedelta(days=index)


def compute_demand(
    loans: Iterable[tuple[str, date, date]],
    in_service: dict[str, int],
    *,
    first: date,
    days: int = DAYS,
    wipe_buffer_days: int = 2,
    out_overdue: dict[str, int] | None = None,
    likely: Iterable[tuple[str, date, date]] = (),
    likely_share: float = 1.0,
) -> DemandChart:
    """Count, for each day and kind, the loans `(kinds, pickup, return)` that hold a device.

    `loans` leaves out the overdue ones: their devices, `out_overdue` by kind, are taken off
    the devices available instead, so that they are not counted twice. `likely` are loans
    expected from trips, counted in their own series: `likely_share` of them each day (the
    share of trips that do ask), rounded half up.
    """
    out_overdue = out_overdue or {}
    needed = _count_per_day(loans, first=first, days=days, buffer_days=wipe_buffer_days)
    raw = _count_per_day(likely, first=first, days=days, buffer_days=wipe_buffer_days)
    expected = {kind: tuple(math.floor(n * likely_share + 0.5) for n in row) for kind, row in raw.items()}
    rows = tuple(
        KindDemand(kind, needed[kind], in_service.get(kind, 0), out_overdue.get(kind, 0), expected[kind])
        for kind in KINDS
    )
    return DemandChart(first, days, rows)


def _count_per_day(
    loans: Iterable[tuple[str, date, date]], *, first: date, days: int, buffer_days: int
) -> dict[str, tuple[int, ...]]:
    # Difference arrays: +1 on the first day held, -1 after the last; one pass per kind.
    steps = {kind: [0] * (days + 1) for kind in KINDS}
    for kinds, pickup, back in loans:
        start = max((pickup - first).days, 0)
        stop = min((back - first).days + buffer_days, days - 1)
        if start > stop:
            continue
        for kind in kinds.split():
            row = steps.get(kind)
            if row is not None:
                row[start] += 1
                row[stop + 1] -= 1
    counts = {}
    for kind in KINDS:
        running, per_day = 0, []
        for step in steps[kind][:days]:
            running += step
            per_day.append(running)
        counts[kind] = tuple(per_day)
    return counts


PANEL_W, PANEL_H, LEFT, TOP, GAP = 640, 110, 48, 28, 22


def render_svg(chart: DemandChart) -> str:
    """The chart as an accessible inline SVG: a panel per kind, bars needed, a line available."""
    height = TOP + len(chart.kinds) * (PANEL_H + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LEFT + PANEL_W + 10} {height}" '
        f'role="img" aria-labelledby="demand-title demand-desc" class="demand-chart" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="demand-title">{escape(_title(chart))}</title>',
        f'<desc id="demand-desc">{escape(_summary(chart))}</desc>',
    ]
    bar_w = PANEL_W / chart.days
    for index, row in enumerate(chart.kinds):
        top = TOP + index * (PANEL_H + GAP)
        scale_max = max([row.available, *(row.total(i) for i in range(chart.days)), 1])
        y_of = lambda n, top=top, m=scale_max: top + PANEL_H - (n / m) * PANEL_H  # noqa: E731
        label = f"{row.kind}: {row.in_service_text}"
        if row.short_days:
            label += f", short on {row.short_days} day{'s' if row.short_days != 1 else ''}"
        if row.likely_short_days > row.short_days:
            label += f", likely short on {row.likely_short_days} with trips"
        parts.append(f'<text x="0" y="{top - 6}" class="panel-label">{escape(label)}</text>')
        parts.append(f'<text x="{LEFT - 6}" y="{top + 10}" text-anchor="end">{scale_max}</text>')
        parts.append(f'<text x="{LEFT - 6}" y="{top + PANEL_H}" text-anchor="end">0</text>')
        parts.append(
            f'<rect x="{LEFT}" y="{top}" width="{PANEL_W}" height="{PANEL_H}" class="panel" '
            'fill="none" stroke="#999"/>'
        )
        for day, needed in enumerate(row.needed):
            x = f'x="{LEFT + day * bar_w:.1f}" width="{max(bar_w - 1, 1):.1f}"'
            when = chart.day(day).isoformat()
            if needed:
                y = y_of(needed)
                css = "short" if needed > row.available else "needed"
                fill = "#b3261e" if css == "short" else "#3b6ea5"
                tip = f"{when}: {needed} {row.kind} needed, {row.available} available"
                parts.append(
                    f'<rect {x} y="{y:.1f}" height="{top + PANEL_H - y:.1f}" class="{css}" fill="{fill}">'
                    f"<title>{escape(tip)}</title></rect>"
                )
            likely = row.likely[day] if row.likely else 0
            if likely:
                # Stacked on the requests, lighter, outlined so that it stays visible on white.
                low, high = y_of(needed), y_of(needed + likely)
                short = row.total(day) > row.available
                css, fill = ("likely-short", "#f2b8b5") if short else ("likely", "#c5d7ea")
                tip = f"{when}: {likely} more {row.kind} likely for trips without a request"
                parts.append(
                    f'<rect {x} y="{high:.1f}" height="{low - high:.1f}" class="{css}" fill="{fill}" '
                    f'stroke="{"#b3261e" if short else "#3b6ea5"}" stroke-width="0.5">'
                    f"<title>{escape(tip)}</title></rect>"
                )
        y = y_of(row.available)
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + PANEL_W}" y1="{y:.1f}" y2="{y:.1f}" class="available" '
            'stroke="#1b5e20" stroke-width="2" stroke-dasharray="6 3"/>'
        )
    parts.append(
        f'<text x="{LEFT}" y="{height - 4}">{escape(chart.first.isoformat())}</text>'
        f'<text x="{LEFT + PANEL_W}" y="{height - 4}" text-anchor="end">'
        f"{escape(chart.day(chart.days - 1).isoformat())}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _title(chart: DemandChart) -> str:
    first = chart.first.isoformat()
    return f"Devices needed per day from {first} for {chart.days} days, against devices in service"


def _summary(chart: DemandChart) -> str:
    lines = []
    for row in chart.kinds:
        peak = max(row.needed, default=0)
        text = f"{row.kind}: peak {peak} needed, {row.in_service_text}"
        if row.first_short_day is not None:
            text += f", first shortage {chart.day(row.first_short_day).isoformat()}"
        likely_first = row.first_likely_short_day
        if likely_first is not None and likely_first != row.first_short_day:
            text += f", with trips first shortage {chart.day(likely_first).isoformat()}"
        lines.append(text)
    return "; ".join(lines) + "."
