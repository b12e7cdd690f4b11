"""Turning raw bytes into text and CSV tables, with the quirks real exports have.

Every failure is an ExportError naming the file: exports are untrusted input.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import polars as pl

from pipelines.errors import ExportError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Real exports have tens of columns (Zoom's dashboard export, the widest, about 60); a header far
# wider is not an export, and reading it would only cost time and memory.
MAX_COLUMNS = 10_000


def decode_text(file_name: str, data: bytes) -> str:
    """UTF-8 text without BOMs (even doubled ones), or a clear refusal."""
    if data.startswith(UTF16_BOMS):
        raise ExportError(
            file_name,
            "the file is UTF-16 text (Excel's 'Unicode Text' save); export it again as CSV UTF-8",
        )
    while data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    if not data.strip():
        raise ExportError(file_name, "the file is empty")
    if b"\x00" in data[:65536]:
        raise ExportError(file_name, "the file is binary, not a text export")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ExportError(
            file_name,
            f"the text is not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "export it again as CSV UTF-8",
            line=line,
        ) from None


def first_line(text: str) -> str:
    return text.split("\n", 1)[0].rstrip("\r")


def split_header(line: str, delimiter: str = ",") -> list[str]:
    """The header cells of one CSV line, normalised for case-insensitive matching."""
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [normalise_header(cell) for cell in cells]


def normalise_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def refuse_bad_header(file_name: str, header: list[str], *, line: int) -> None:
    """A header far too wide to be an export, or naming a column twice, is refused before reading rows."""
    if len(header) > MAX_COLUMNS:
        raise ExportError(file_name, f"the header has {len(header):,} columns, over the {MAX_COLUMNS:,} limit: "
                                     "not an export", line=line)
    # Counted once each (not header.count per cell): a 200,000-column header must not take hours.
    duplicated = sorted(name for name, times in Counter(header).items() if name and times > 1)
    if duplicated:
        raise ExportError(file_name, f"the header repeats column(s) {', '.join(duplicated)}", line=line)


def read_csv_strings(file_name: str, text: str, *, skip_lines: int = 0) -> pl.DataFrame:
    """A CSV as a frame of strings, headers lower-cased; nothing inferred from a sample.

    Columns are cast later, explicitly, by each adapter. Raw newlines inside quoted
    fields and CRLF line ends are handled by the CSV reader.
    """
    body = text if skip_lines == 0 else "\n".join(text.split("\n")[skip_lines:])
    header = split_header(first_line(body))
    if not header or all(not cell for cell in header):
        raise ExportError(file_name, "no header line found")
    refuse_bad_header(file_name, header, line=skip_lines + 1)
    try:
        table = pl.read_csv(
            io.BytesIO(body.encode("utf-8")),
            infer_schema=False,
            has_header=True,
            quote_char='"',
            truncate_ragged_lines=False,
        )
    except Exception as err:  # polars raises several error types for malformed CSV
        raise ExportError(file_name, f"the CSV is malformed: {_first_sentence(err)}") from None
    table = table.rename({old: new for old, new in zip(table.columns, header) if old != new and new})
    return table


def require_columns(file_name: str, table: pl.DataFrame, columns: list[str]) -> None:
    missing = [name for name in columns if name not in table.columns]
    if missing:
        raise ExportError(file_name, f"missing column(s): {', '.join(missing)}")


_SCIENTIFIC = re.compile(r"^-?\d(\.\d+)?[eE]\+?\d+$")


def refuse_scientific_ids(file_name: str, table: pl.DataFrame, column: str) -> None:
    """Excel turns long IDs into 1.22E+17, losing digits; loading them would merge strangers."""
    if column not in table.columns:
        return
    flags = table.get_column(column).fill_null("").str.contains(_SCIENTIFIC.pattern)
    if flags.any():
        row = int(flags.arg_true()[0]) + 1
        value = table.get_column(column)[row - 1]
        raise ExportError(
            file_name,
            f"IDs were rounded to scientific notation ('{value}'), as Excel does when it re-saves a CSV; "
            "use the file as the platform exported it",
            row=row,
            field=column,
        )


def parse_times(
    file_name: str, values: pl.Series, formats: list[str], *, field: str, assume_zone: str | None = None
) -> pl.Series:
    """Strings -> UTC datetimes, trying each format; the first unparseable row is reported.

    assume_zone is for formats written without an offset (the platform's local time).
    """
    stripped = values.str.strip_chars().replace({"": None})
    result = pl.Series(values.name, [None] * len(values), dtype=pl.Datetime("us", "UTC"))
    for fmt in formats:
        parsed = stripped.str.to_datetime(fmt, strict=False, time_unit="us")
        if parsed.dtype.time_zone is None:  # type: ignore[union-attr]  # written without an offset
            parsed = parsed.dt.replace_time_zone(assume_zone or "UTC", ambiguous="earliest", non_existent="null")
        result = result.fill_null(parsed.dt.convert_time_zone("UTC"))
    bad = stripped.is_not_null() & result.is_null()
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(
            file_name,
            f"cannot read '{stripped[row - 1]}' as a date and time",
            row=row,
            field=field,
        )
    return result


def parse_counts(file_name: str, values: pl.Series, *, field: str) -> pl.Series:
    """Counts written as '12', '12.0' or '-' (not applicable) -> Int64, nulls for '-'/empty."""
    cleaned = values.str.strip_chars().replace({"-": None, "": None})
    as_float = cleaned.cast(pl.Float64, strict=False)
    bad = cleaned.is_not_null() & as_float.is_null()
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(file_name, f"'{cleaned[row - 1]}' is not a number", row=row, field=field)
    return as_float.round(0).cast(pl.Int64)


def _first_sentence(err: Exception) -> str:
    message = str(err).strip().split("\n")[0]
    return message[:300]
