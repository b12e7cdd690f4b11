"""What the CLI was given -> the export files in it: files, folders (recursively) and zips.

Zip members are read in memory, never extracted to disk, so a member named '../x' or
'/etc/x' cannot write anywhere; sizes are checked before reading to refuse zip bombs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipelines.errors import ExportError

MAX_FILE_BYTES = 1 << 30            # 1 GiB for one export file, inside a zip or not
MAX_ZIP_TOTAL_BYTES = 2 << 30       # everything a zip expands to
MAX_COMPRESSION_RATIO = 200         # real exports compress ~5-20x; bombs ~1000x+
MAX_ZIP_MEMBERS = 20_000
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
    if zipfile.is_zipfile(io.BytesIO(data)):
        yield from expand_zip(path.name, data)
    else:
        yield SourceFile(path.name, data)


def expand_zip(zip_name: str, data: bytes) -> Iterator[SourceFile | ExportError]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as err:
        yield ExportError(zip_name, f"the zip is damaged: {err}")
        return
    problem = _zip_problem(members)
    if problem:
        yield ExportError(zip_name, problem)
        return
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/")).name
        if _skipped(name) or member.filename.startswith("__MACOSX/"):
            continue
        display = f"{zip_name}!{member.filename}"
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as err:
            yield ExportError(display, f"cannot read this zip member: {err}")
            continue
        if zipfile.is_zipfile(io.BytesIO(content)):
            yield ExportError(display, "a zip inside a zip is not opened; unpack it and load the inner zip")
            continue
        yield SourceFile(display, content)


def _zip_problem(members: list[zipfile.ZipInfo]) -> str | None:
    if len(members) > MAX_ZIP_MEMBERS:
        return f"the zip holds {len(members)} files, over the {MAX_ZIP_MEMBERS} limit"
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_TOTAL_BYTES:
        return f"the zip expands to {total / 2**30:.1f} GiB, over the {MAX_ZIP_TOTAL_BYTES >> 30} GiB limit"
    for member in members:
        if member.file_size > MAX_FILE_BYTES:
            return f"'{member.filename}' expands to {member.file_size >> 20} MiB, over the limit"
        if member.compress_size and member.file_size / member.compress_size > MAX_COMPRESSION_RATIO:
            return f"'{member.filename}' expands {member.file_size // member.compress_size}x: refused as a zip bomb"
    return None


def _skipped(name: str) -> bool:
    return name in SKIPPED_NAMES or name.startswith("._")
