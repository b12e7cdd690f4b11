"""Loaded files, kept content-addressed beside the warehouse so it can be rebuilt from them.

The path is derived from the file's SHA-256 only; the name the file came with is recorded in
ingest_batches and never becomes part of a path, so no uploaded name can write elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path


def files_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "files"


def stored_path(db_path: Path, digest: str) -> Path:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("not a SHA-256 digest")
    return files_dir(db_path) / digest[:2] / digest


def store(db_path: Path, digest: str, data: bytes) -> str:
    """Write the bytes once (atomically); returns the path relative to the warehouse's folder."""
    target = stored_path(db_path, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, target)
    return str(target.relative_to(Path(db_path).parent))
