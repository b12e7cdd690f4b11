"""What a file would add, computed before anything is written: the Data page's check step."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.errors import ExportError
from pipelines.frames_io import fetch_scalar
from pipelines.load.sources import SourceFile, expand_zip
from pipelines.load.warehouse import open_read_only
from pipelines.parse import ParseOptions, parse_file
from pipelines.parse.archive import MAX_FILE_BYTES, is_office_document, is_zip
from pipelines.parse.registry import detect, sniff

SAMPLE_ROWS = 20


@dataclass
class FilePreview:
    name: str
    data: bytes = field(repr=False)
    format: str | None = None
    problem: str | None = None
    needs_mapping: bool = False
    header: list[str] = field(default_factory=list)
    records: int = 0
    people: int = 0
    new_records: int = 0
    present_records: int = 0
    data_from: object = None
    data_to: object = None
    notes: list[str] = field(default_factory=list)
    sample: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def loadable(self) -> bool:
        return self.problem is None


def preview_upload(db_path: Path, name: str, data: bytes, options: ParseOptions) -> list[FilePreview]:
    """One preview per export file in the upload (a zip bundle gives one per member)."""
    if len(data) > MAX_FILE_BYTES:
        too_big = ExportError(name, f"the file is {len(data) >> 20} MiB, over the {MAX_FILE_BYTES >> 20} MiB limit")
        return [FilePreview(name, b"", problem=str(too_big))]
    if is_zip(data) and not _is_export_itself(name, data, options):
        previews = []
        for item in expand_zip(name, data):
            if isinstance(item, ExportError):
                previews.append(FilePreview(item.file_name, b"", problem=str(item)))
            else:
                previews.append(_preview_one(db_path, item, options))
        return previews
    return [_preview_one(db_path, SourceFile(name, data), options)]


def _is_export_itself(name: str, data: bytes, options: ParseOptions) -> bool:
    if is_office_document(data):  # refused whole (see load/sources.py), not as a bundle of XML parts
        return True
    try:
        detect(name, data, options)
        return True
    except ExportError:
        return False


def _preview_one(db_path: Path, source: SourceFile, options: ParseOptions) -> FilePreview:
    preview = FilePreview(source.name, source.data)
    try:
        parsed = parse_file(source.name, source.data, options)
    except ExportError as err:
        preview.problem = str(err)
        preview.header, preview.needs_mapping = _mappable_header(source, err)
        return preview
    preview.format = parsed.format
    preview.records = parsed.record_count
    preview.people = parsed.identities.height
    preview.notes = parsed.notes
    span = parsed.time_range()
    if span:
        preview.data_from, preview.data_to = span
    preview.present_records = _already_present(db_path, parsed)
    preview.new_records = preview.records - preview.present_records
    shown = parsed.activities if parsed.activities.height else parsed.attendance
    preview.sample = shown.head(SAMPLE_ROWS)
    return preview


def _mappable_header(source: SourceFile, err: ExportError) -> tuple[list[str], bool]:
    """An unknown CSV shape can be mapped by hand; other problems cannot."""
    if "not a supported export" not in err.problem:
        return [], False
    try:
        found = sniff(source.name, source.data)
    except ExportError:
        return [], False
    header = [cell for cell in found.header if cell]
    return header, bool(header) and not found.is_json and len(header) >= 2


def _already_present(db_path: Path, parsed) -> int:
    if not Path(db_path).exists():
        return 0
    connection = open_read_only(db_path)
    try:
        connection.register("incoming_activities", parsed.activities.select("activity_id"))
        connection.register("incoming_events", parsed.events.select("event_id"))
        connection.register("incoming_attendance", parsed.attendance.select("event_id", "platform", "platform_user_id"))
        return sum(
            fetch_scalar(connection, sql) or 0
            for sql in (
                "SELECT count(*) FROM incoming_activities JOIN source_activities USING (activity_id)",
                "SELECT count(*) FROM incoming_events JOIN source_events USING (event_id)",
                "SELECT count(*) FROM incoming_attendance "
                "JOIN source_attendance USING (event_id, platform, platform_user_id)",
            )
        )
    finally:
        connection.close()
