"""Tables to download as CSV, made for the spreadsheet a community office opens them
in: UTF-8 with a byte-order mark (without it Excel in Chinese reads the text as GBK and
shows mojibake), one header row in the community's language, times in its zone to the
minute."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

BOM = "\ufeff"
# A cell beginning with one of these is a formula to a spreadsheet: a name typed as
# "=HYPERLINK(...)" would run. A leading apostrophe makes it text again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    writer.writerows([_cell(c) for c in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")


def minute(at: datetime, zone: tzinfo) -> str:
    """A moment as the community's clocks show it, to the minute."""
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
