"""The project's own error type: every problem with an input file is an ExportError."""

from __future__ import annotations


class ExportError(Exception):
    """A file could not be read as a supported export.

    The message always names the file and, where known, the line and field, so an
    analyst can find the problem without reading a traceback.
    """

    def __init__(
        self,
        file_name: str,
        problem: str,
        *,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
    ):
        self.file_name = file_name
        self.problem = problem
        self.line = line
        self.row = row
        self.field = field
        where = []
        if line is not None:
            where.append(f"line {line}")
        if row is not None:
            where.append(f"data row {row}")
        if field is not None:
            where.append(f"field '{field}'")
        location = f" ({', '.join(where)})" if where else ""
        super().__init__(f"{file_name}{location}: {problem}")


class WarehouseBusyError(Exception):
    """Another load holds the warehouse's write lock for longer than we were willing to wait."""
