"""Charts drawn on the server as SVG (leather): no script, nothing loaded from elsewhere; each chart
sits beside a table that says the same numbers."""

import io
import re
from functools import lru_cache

import leather
from markupsafe import Markup

PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)  # the XML declaration and doctype: not in an HTML page
WIDTH = 360  # about a phone's width: its text stays readable there
MAX_LABEL = 20  # characters: a longer label would leave the bars no room (the table has it whole)


def bar_chart(title: str, rows: list[tuple[str, int]]) -> Markup | None:
    """A horizontal bar chart of (label, number) rows, the first at the top, as inline SVG that
    shrinks to the page's width; None without rows."""
    return _drawn(title, tuple(rows)) if rows else None


@lru_cache(maxsize=32)  # the same numbers make the same chart: drawn once, not on every visit
def _drawn(title: str, rows: tuple[tuple[str, int], ...]) -> Markup:
    chart = leather.Chart()
    chart.add_bars([(number, short_label(label)) for label, number in rows])
    height = 40 + 28 * len(rows)
    out = io.StringIO()
    chart.to_svg(out, width=WIDTH, height=height)
    svg = PROLOGUE.sub("", out.getvalue(), count=1)
    sized = f'<svg role="img" aria-label="{Markup.escape(title)}" viewBox="0 0 {WIDTH} {height}" width="100%"'
    return Markup(svg.replace(f'<svg width="{WIDTH}" height="{height}"', sized, 1))


def short_label(label: str) -> str:
    """A label that leaves the bars room: the first of two names ("Bruxelles / Brussel"), then cut."""
    if len(label) > MAX_LABEL:
        label = label.split(" / ")[0]
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
