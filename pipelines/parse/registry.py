"""Which adapter reads a file: decided from its content (header cells, JSON keys), never its name."""

from __future__ import annotations

import fnmatch
import importlib
import re
from dataclasses import dataclass
from typing import Callable

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.archive import OFFICE_MANIFEST, is_zip, looks_like_damaged_zip, member_names
from pipelines.parse.frames import ParsedExport
from pipelines.parse.text import decode_text, first_line, split_header

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class ParseOptions:
    # Zone for exports that write local time without an offset (the reporting time zone).
    local_zone: str = "UTC"
    # Column mappings an analyst saved for CSV shapes no adapter knows (see mapped_csv.py).
    csv_mappings: tuple = ()


@dataclass(frozen=True)
class Sniff:
    """The first bytes of a file and what they look like.

    Text files: `head` is the decoded start, `header` its first line as CSV cells.
    Zips (a Slack export, an .xlsx workbook): `archive_names` lists the members.
    Other binary files (an .xls workbook): only `raw` is set.
    """

    head: str
    header: tuple[str, ...]  # first line as normalised CSV cells ('' when JSON)
    is_json: bool
    raw: bytes = b""
    archive_names: tuple[str, ...] = ()

    def has_columns(self, *names: str) -> bool:
        return all(name in self.header for name in names)

    def has_json_keys(self, *keys: str) -> bool:
        return self.is_json and all(re.search(rf'"{re.escape(key)}"\s*:', self.head) for key in keys)

    def has_members(self, *patterns: str) -> bool:
        """Each glob-like pattern ('*' within a path segment) matches some archive member."""
        return all(any(fnmatch.fnmatchcase(name, pattern) for name in self.archive_names) for pattern in patterns)


Parser = Callable[[str, bytes, ParseOptions], ParsedExport]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    platform: str
    description: str
    matches: Callable[[Sniff], bool]
    parse: Parser


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files such as .xls


def sniff(file_name: str, data: bytes) -> Sniff:
    raw = data[:SNIFF_BYTES]
    if looks_like_damaged_zip(data):
        raise ExportError(file_name, "the zip is damaged or cut short (its list of files is unreadable); "
                                     "download or copy it again")
    if is_zip(data):
        return Sniff(head="", header=(), is_json=False, raw=raw, archive_names=member_names(file_name, data))
    if raw.startswith(OLE2_MAGIC):
        return Sniff(head="", header=(), is_json=False, raw=raw)
    head = decode_text(file_name, _whole_characters(raw))
    stripped = head.lstrip()
    is_json = stripped.startswith(("{", "["))
    header = () if is_json else tuple(split_header(first_line(stripped)))
    return Sniff(head=head, header=header, is_json=is_json, raw=raw)


def _whole_characters(chunk: bytes) -> bytes:
    """Cut a byte prefix back to a UTF-8 character boundary so decoding the head cannot fail spuriously."""
    if len(chunk) < SNIFF_BYTES:
        return chunk
    for back in range(1, 4):
        if chunk[-back] & 0xC0 != 0x80:  # not a continuation byte: a character starts here
            return chunk[:-back] if chunk[-back] >= 0xC0 else chunk
    return chunk


# Adapter modules, each exposing FORMAT. Order matters only where two formats could match
# the same content: the more specific one comes first.
ADAPTER_MODULES = (
    # chat and forums
    "pipelines.parse.discord_json",
    "pipelines.parse.discord_csv",
    "pipelines.parse.slack_export",
    "pipelines.parse.discourse_users",
    "pipelines.parse.discourse_posts",
    "pipelines.parse.reddit_pushshift",
    "pipelines.parse.mastodon_outbox",
    # social
    "pipelines.parse.x_tweet_activity",
    "pipelines.parse.linkedin_page",
    "pipelines.parse.meta_posts",
    "pipelines.parse.youtube_studio",
    # events
    "pipelines.parse.luma_guests",
    "pipelines.parse.eventbrite_attendees",
    "pipelines.parse.zoom_participants",
    "pipelines.parse.zoom_meeting_dashboard",
    "pipelines.parse.zoom_webinar",
    "pipelines.parse.meetup_attendees",
)


def all_formats() -> list[ExportFormat]:
    # Imported lazily so the registry has no import cycle with the adapters.
    return [importlib.import_module(name).FORMAT for name in ADAPTER_MODULES]


def detect(file_name: str, data: bytes, options: ParseOptions | None = None) -> ExportFormat:
    found = sniff(file_name, data)
    for export_format in all_formats():
        if export_format.matches(found):
            return export_format
    mapped = _saved_mapping(found, options or ParseOptions())
    if mapped is not None:
        return mapped
    _refuse_semicolon_csv(file_name, found)
    if OFFICE_MANIFEST in found.archive_names:
        shape = "an Office document (such as an Excel workbook) without the sheets of a supported export"
    elif found.archive_names:
        shape = f"a zip of {len(found.archive_names)} files that is not itself a supported export"
    elif not found.head:
        shape = "a binary file"
    elif found.is_json:
        shape = "JSON whose keys match no supported export"
    elif found.header:
        shown = ", ".join(cell for cell in found.header[:8] if cell)
        more = "…" if len(found.header) > 8 else ""
        shape = f"a table with columns {shown}{more}"
    else:
        shape = "text that is neither CSV nor JSON"
    supported = "; ".join(f.label for f in all_formats())
    raise ExportError(file_name, f"not a supported export: it looks like {shape}. Supported: {supported}; "
                                 "or map its columns once as a generic CSV (Data page, or python -m pipelines "
                                 "mappings add)")


def _saved_mapping(found: Sniff, options: ParseOptions) -> ExportFormat | None:
    from pipelines.parse.mapped_csv import header_signature, parse_mapped

    if not found.header or found.is_json:
        return None
    signature = header_signature(found.header)
    for mapping in options.csv_mappings:
        if mapping.signature == signature:
            return ExportFormat(
                name="mapped_csv", label=f"CSV mapped as '{mapping.source}'", platform=mapping.platform,
                description="a CSV read with a column mapping saved by an analyst",
                matches=lambda _found: True,
                parse=lambda file_name, data, opts, mapping=mapping: parse_mapped(
                    file_name, data, opts.local_zone, mapping),
            )
    return None


def _refuse_semicolon_csv(file_name: str, found: Sniff) -> None:
    """Excel in many locales re-saves CSV with ';' between fields; the names then still match."""
    if len(found.header) != 1 or ";" not in found.header[0]:
        return
    cells = tuple(cell.strip().strip('"').strip() for cell in found.header[0].split(";"))
    relabelled = Sniff(head=found.head, header=cells, is_json=False, raw=found.raw)
    if any(export_format.matches(relabelled) for export_format in all_formats()):
        raise ExportError(file_name, "the file uses ';' between fields, as Excel does when it re-saves a CSV in "
                                     "some languages; use the file as the platform exported it (',' separated)")


def parse_file(file_name: str, data: bytes, options: ParseOptions | None = None) -> ParsedExport:
    """Detect the format from the content, then parse with that adapter."""
    export_format = detect(file_name, data, options)
    try:
        return export_format.parse(file_name, data, options or ParseOptions())
    except ExportError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError,
            pl.exceptions.PolarsError) as err:  # RecursionError: JSON nested thousands deep
        # A shape the adapter did not foresee: still the file's problem, said as such.
        raise ExportError(file_name, f"cannot be read as {export_format.label}: {type(err).__name__}: {err}") from err
