"""What the CLI was given -> the export files in it: files, folders (recursively) and zips.

A zip that is itself an export (a Slack workspace export, an .xlsx workbook) is one file;
any other zip is a bundle whose members are loaded one by one. Members are read in memory,
never extracted to disk, so a member named '../x' or '/etc/x' cannot write anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipelines.errors import ExportError
from pipelines.parse.archive import MAX_FILE_BYTES, is_office_document, is_zip, open_archive, read_member
from pipelines.parse.registry import detect

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass(frozen=True)
class SourceFile:
    """One export file to load: a display name (zip!member for zip members) and its bytes."""

    name: str
    data: bytes


def expand(paths: list[Path]) -> Iterator[SourceFile | ExportError]:
    """Yield each export file, or the error that prevents reading it (the others still load)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not _skipped(child.name):
                    yield from _expand_file(child)
        elif path.exists():
            yield from _expand_file(path)
        else:
            yield ExportError(str(path), "no such file or folder")


def _expand_file(path: Path) -> Iterator[SourceFile | ExportError]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield ExportError(path.name, f"the file is {size / 2**20:.0f} MiB, over the {MAX_FILE_BYTES >> 20} MiB limit")
            return
        data = path.read_bytes()
    except OSError as err:
        yield ExportError(path.name, f"cannot read the file: {err.strerror}")
        return
    if is_zip(data) and not _is_export_itself(path.name, data):
        yield from expand_zip(path.name, data)
    else:
        yield SourceFile(path.name, data)


def _is_export_itself(name: str, data: bytes) -> bool:
    """A zip to read as one file: an export format that is a zip, or an Office document (which
    is refused whole, as one file, rather than as a bundle of its XML parts)."""
    if is_office_document(data):
        return True
    try:
        detect(name, data)
        return True
    except ExportError:
        return False


def expand_zip(zip_name: str, data: bytes) -> Iterator[SourceFile | ExportError]:
    try:
        archive = open_archive(zip_name, data)
    except ExportError as err:
        yield err
        return
    members = [member for member in archive.infolist() if not _skipped_member(member)]
    if not members:
        yield ExportError(zip_name, "the zip holds no files to load (only folders or system files such as "
                                    "__MACOSX and .DS_Store)")
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/")).name
        display = f"{zip_name}!{member.filename}"
        try:
            content = read_member(zip_name, archive, member)
        except ExportError as err:
            yield err
            continue
        if is_zip(content) and not _is_export_itself(name, content):
            yield ExportError(display, "a zip inside a zip is not opened; unpack it and load the inner zip")
            continue
        yield SourceFile(display, content)


def _skipped_member(member) -> bool:
    name = PurePosixPath(member.filename.replace("\\", "/")).name
    return member.is_dir() or _skipped(name) or member.filename.startswith("__MACOSX/")


def _skipped(name: str) -> bool:
    return name in SKIPPED_NAMES or name.startswith("._")
