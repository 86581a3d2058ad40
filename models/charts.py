"""Chart images (PNG) for results and reports: vote counts, hotline figures.

Drawn with matplotlib's object API on a private Figure, never pyplot's global state,
so charts can be drawn in a worker thread while the event loop goes on. Labels are
Chinese as often as not, so the figure uses Noto Sans CJK SC, shipped by mplfonts.
matplotlib is imported at the first chart, not when the bot starts (a third of a
second that most runs never need)."""

import asyncio
import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ("#2e7d32", "#c62828", "#757575", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f")


@cache
def font_family() -> list[str]:
    import mplfonts
    from matplotlib import font_manager

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    font_manager.fontManager.addfont(str(path))
    return [font_manager.FontProperties(fname=str(path)).get_name(), "DejaVu Sans"]


def _figure(title: str) -> "tuple[Figure, object]":
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.6), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontfamily=font_family())
    return figure, axes


def _png(figure: "Figure") -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float]) -> bytes:
    """One bar per label, each with its value written above it."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    figure, axes = _figure(title)
    bars = axes.bar(range(len(values)), values,  # type: ignore[attr-defined]
                    color=[COLOURS[i % len(COLOURS)] for i in range(len(values))])
    axes.set_xticks(range(len(labels)), list(labels),  # type: ignore[attr-defined]
                    fontfamily=font_family())
    axes.bar_label(bars, fmt="%g")  # type: ignore[attr-defined]
    axes.set_ylim(0, max([*values, 1]) * 1.15)  # type: ignore[attr-defined]
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    return _png(figure)


def line_chart(title: str, labels: Sequence[str],
               series: dict[str, Sequence[float]]) -> bytes:
    """One line per series over the same labels (months, say), with a legend."""
    figure, axes = _figure(title)
    for i, (name, values) in enumerate(series.items()):
        if len(values) != len(labels):
            raise ValueError(f"series {name!r}: one value per label")
        axes.plot(list(labels), list(values), marker="o",  # type: ignore[attr-defined]
                  color=COLOURS[i % len(COLOURS)], label=name)
    axes.legend(prop={"family": font_family()})  # type: ignore[attr-defined]
    for tick in axes.get_xticklabels():  # type: ignore[attr-defined]
        tick.set_fontfamily(font_family())
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    return _png(figure)


async def draw(chart: object, *args: object) -> bytes:
    """Run a chart function in a worker thread: drawing takes a tenth of a second."""
    return await asyncio.to_thread(chart, *args)  # type: ignore[arg-type]
