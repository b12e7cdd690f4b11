"""Zip archives, read safely: in memory, never extracted, with limits against zip bombs.

Used both for zips of export files (load/sources.py) and for formats that are zips
themselves (a Slack workspace export, an .xlsx workbook).
"""

from __future__ import annotations

import io
import zipfile

from pipelines.errors import ExportError

MAX_FILE_BYTES = 1 << 30            # 1 GiB for one export file, inside a zip or not
MAX_ZIP_TOTAL_BYTES = 2 << 30       # everything a zip expands to
MAX_COMPRESSION_RATIO = 200         # real exports compress ~5-20x; bombs ~1000x+
MAX_ZIP_MEMBERS = 20_000
ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")  # a member's header; an empty zip's end record
OFFICE_MANIFEST = "[Content_Types].xml"       # every .xlsx/.docx/.pptx holds it


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_STARTS and zipfile.is_zipfile(io.BytesIO(data))


def looks_like_damaged_zip(data: bytes) -> bool:
    """Starts as a zip but has no readable directory: cut short or corrupted in transfer."""
    return data[:4] in ZIP_STARTS and not is_zip(data)


def is_office_document(data: bytes) -> bool:
    """An Office file (a zip of XML parts): one document, never a bundle of export files."""
    try:
        return is_zip(data) and OFFICE_MANIFEST in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def open_archive(file_name: str, data: bytes) -> zipfile.ZipFile:
    """A ZipFile whose sizes have been checked; raises ExportError naming the file otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise ExportError(file_name, f"the zip is damaged: {err}") from None
    problem = _size_problem(members)
    if problem:
        raise ExportError(file_name, problem)
    return archive


def member_names(file_name: str, data: bytes) -> tuple[str, ...]:
    return tuple(m.filename for m in open_archive(file_name, data).infolist() if not m.is_dir())


def read_member(file_name: str, archive: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> bytes:
    name = member if isinstance(member, str) else member.filename
    try:
        info = archive.getinfo(member) if isinstance(member, str) else member
        if info.flag_bits & 0x1:
            raise ExportError(f"{file_name}!{name}", "the file is password-protected in the zip; unzip it with its "
                                                     "password and load the files themselves")
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, KeyError) as err:
        raise ExportError(f"{file_name}!{name}", f"cannot read this zip member: {err}") from None


def _size_problem(members: list[zipfile.ZipInfo]) -> str | None:
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
