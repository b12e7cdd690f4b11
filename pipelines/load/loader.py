"""Load one export file: parse it, then write it in one transaction with its lineage.

A file is all or nothing. Parsing happens before the warehouse is touched; writing
happens on a private copy that replaces the warehouse only after COMMIT (see warehouse.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.config import current_user
from pipelines.errors import ExportError
from pipelines.frames_io import fetch_frame, fetch_scalar
from pipelines.load import derived, rescore, storage
from pipelines.load.statements import statement
from pipelines.load.warehouse import open_read_only, upgrade_model, writable_copy
from pipelines.parse import ParsedExport, ParseOptions, parse_file

Progress = Callable[[str, int, int], None]


@dataclass
class LoadResult:
    file_name: str
    format: str
    batch_id: int | None
    rows_new: int
    rows_present: int
    people_new: int = 0
    already_loaded: bool = False
    notes: list[str] = field(default_factory=list)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def load_export(
    db_path: Path,
    file_name: str,
    data: bytes,
    *,
    loaded_by: str | None = None,
    options: ParseOptions | None = None,
    progress: Progress = _no_progress,
) -> LoadResult:
    """Parse and load one file, and keep it (content-addressed) so the warehouse can be rebuilt.
    Raises ExportError (warehouse untouched) if the file is bad."""
    digest = hashlib.sha256(data).hexdigest()
    progress("parsing", 0, 1)
    parsed = parse_file(file_name, data, options)
    progress("parsing", 1, 1)
    stored_as = storage.store(db_path, digest, data)
    return load_parsed(db_path, file_name, digest, parsed, loaded_by=loaded_by, progress=progress,
                       stored_as=stored_as)


def load_parsed(
    db_path: Path,
    file_name: str,
    digest: str,
    parsed: ParsedExport,
    *,
    loaded_by: str | None = None,
    progress: Progress = _no_progress,
    stored_as: str | None = None,
) -> LoadResult:
    """Store a parsed export as one batch (unless a file with this digest was loaded before)."""
    upgrade_model(db_path)  # a warehouse written by older code gets today's tables first
    earlier = _batch_with_sha(db_path, digest)
    if earlier is not None:
        return LoadResult(file_name, parsed.format, earlier, 0, parsed.record_count, already_loaded=True,
                          notes=[f"this exact file was loaded before as batch {earlier}"])
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        try:
            result = _write_batch(connection, file_name, digest, parsed, loaded_by or current_user(), progress,
                                  stored_as)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return result


def load_path(db_path: Path, path: Path, **kwargs) -> LoadResult:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ExportError(path.name, f"cannot read the file: {err.strerror}") from None
    return load_export(db_path, path.name, data, **kwargs)


def _write_batch(
    connection: duckdb.DuckDBPyConnection,
    file_name: str,
    digest: str,
    parsed: ParsedExport,
    loaded_by: str,
    progress: Progress,
    stored_as: str | None,
) -> LoadResult:
    batch_id = fetch_scalar(connection, "SELECT coalesce(max(batch_id), 0) + 1 FROM ingest_batches")
    span = parsed.time_range()
    connection.execute(
        "INSERT INTO ingest_batches (batch_id, file_name, sha256, format, rows_loaded, rows_present, loaded_at, "
        "loaded_by, data_from, data_to, notes, stored_as) VALUES ($batch_id, $file_name, $sha256, $format, 0, 0, "
        "now(), $loaded_by, $data_from, $data_to, $notes, $stored_as)",
        {
            "stored_as": stored_as,
            "batch_id": batch_id,
            "file_name": file_name,
            "sha256": digest,
            "format": parsed.format,
            "loaded_by": loaded_by,
            "data_from": span[0] if span else None,
            "data_to": span[1] if span else None,
            "notes": "; ".join(parsed.notes) or None,
        },
    )
    params = {"batch_id": batch_id}
    _register(connection, parsed)
    progress("writing", 0, 4)
    connection.execute(statement("stored_identities_named"))
    people_new = fetch_scalar(connection, statement("insert_identities"), params)
    connection.execute(statement("enriched_identities"))
    connection.execute(statement("enrich_identities"))
    derived.note_identities(connection, fetch_frame(connection,
                                                    "SELECT platform, platform_user_id FROM enriched_identities"))
    progress("writing", 1, 4)
    connection.execute(statement("named_candidates"))
    connection.execute(statement("stored_rows_named"))
    activities_new = fetch_scalar(connection, statement("insert_activities"), params)
    connection.execute(statement("thread_new_replies"), params)
    connection.execute(statement("reply_candidates"), params)
    connection.execute(statement("reply_candidate_rows"))
    connection.execute(statement("stored_replies_to_batch"), params)
    connection.execute(statement("thread_earlier_replies"))
    derived.note_stored_replies(connection, batch_id, fetch_frame(
        connection, "SELECT activity_id, batch_id, old_thread_id, new_thread_id FROM stored_replies_to_batch"))
    progress("writing", 2, 4)
    events_new = fetch_scalar(connection, statement("insert_events"), params)
    connection.execute(statement("update_events"), params)
    progress("writing", 3, 4)
    attendance_new = fetch_scalar(connection, statement("insert_attendance"), params)
    connection.execute(statement("update_attendance"), params)
    progress("writing", 4, 4)
    _score_new_texts(connection, batch_id, progress)

    rows_new = activities_new + events_new + attendance_new
    rows_present = parsed.record_count - rows_new
    connection.execute(
        "UPDATE ingest_batches SET rows_loaded = $new, rows_present = $present WHERE batch_id = $batch_id",
        {"new": rows_new + people_new, "present": rows_present, "batch_id": batch_id},
    )
    return LoadResult(file_name, parsed.format, batch_id, rows_new, rows_present, people_new, notes=parsed.notes)


def _register(connection: duckdb.DuckDBPyConnection, parsed: ParsedExport) -> None:
    # One row per natural key even if a file repeats itself.
    connection.register("incoming_identities", parsed.identities.unique(["platform", "platform_user_id"], keep="first"))
    connection.register("incoming_activities", parsed.activities.unique("activity_id", keep="first"))
    connection.register("incoming_events", parsed.events.unique("event_id", keep="first"))
    connection.register(
        "incoming_attendance", parsed.attendance.unique(["event_id", "platform", "platform_user_id"], keep="first")
    )


def _score_new_texts(connection: duckdb.DuckDBPyConnection, batch_id: int, progress: Progress) -> None:
    """Texts of this batch never scored by the warehouse's scorer, scored once each (on every
    core for large batches, see sentiment.score_chunks), then applied to the batch's rows."""
    scorer = rescore.active_scorer(connection)
    connection.execute(statement("cache_candidates"), {"batch_id": batch_id})
    connection.execute(statement("batch_texts"), {"batch_id": batch_id, "scorer": scorer})
    pending = fetch_frame(connection, statement("texts_to_score"))
    connection.register("new_scores", rescore.store_scores(connection, pending, scorer, progress))
    rescore.record_scorer(connection, scorer)
    connection.execute(statement("apply_sentiment"), {"batch_id": batch_id})
    connection.unregister("new_scores")


def _batch_with_sha(db_path: Path, digest: str) -> int | None:
    if not Path(db_path).exists():
        return None
    connection = open_read_only(db_path)
    try:
        has_batches = fetch_scalar(
            connection,
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ingest_batches' AND database_name = 'warehouse'",
        )
        if not has_batches:
            return None
        return fetch_scalar(connection, "SELECT min(batch_id) FROM ingest_batches WHERE sha256 = $sha256 "
                                        "AND undone_at IS NULL", {"sha256": digest})
    finally:
        connection.close()
