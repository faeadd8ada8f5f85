"""CSV files people open in a spreadsheet: every cell guarded so that none runs as a formula."""

import csv
import io
import re
import unicodedata

from flask import Response, stream_with_context

# a phone number in international form: a spreadsheet reads it as a value, never as a formula
# (no minus: "-1-1" is a sum)
INTERNATIONAL_PHONE = re.compile(r"^\+[0-9][0-9 ./()]*$")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Write a value for a CSV cell: lists joined by |, formulas kept from running."""
    if isinstance(value, list):
        value = "|".join(value)
    # fullwidth "＝" and its kin read as "=" in some spreadsheets: compare the compatible form
    if isinstance(value, str) and unicodedata.normalize("NFKC", value[:1]) in FORMULA_STARTS:
        return value if INTERNATIONAL_PHONE.match(value) else "'" + value
    return value


def csv_lines(header: list[str], rows):
    """Yield the CSV text line by line: the header, then each row's cells guarded."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        yield _taken(out)
        writer.writerow([csv_cell(value) for value in row])
    yield _taken(out)


def _taken(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def csv_file(header: list[str], rows, filename: str, streamed: bool = True) -> Response:
    """Answer with a CSV attachment: the header, then each row's cells guarded; streamed unless
    the caller knows it is small."""
    lines = csv_lines(header, rows)
    return Response(
        stream_with_context(lines) if streamed else "".join(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )
