"""Parse layer: one adapter per export format, each a pure function from a file's bytes to typed frames."""

from pipelines.parse.frames import ParsedExport
from pipelines.parse.registry import ExportFormat, ParseOptions, all_formats, detect, parse_file

__all__ = ["ExportFormat", "ParseOptions", "ParsedExport", "all_formats", "detect", "parse_file"]
