"""An analyst's manual merges of identities into one member, and their undoing.

Every merge is recorded with who, when and why; an unmerge marks it undone (never deletes it),
and metrics follow the current merges because members are re-derived after each change.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.frames_io import fetch_scalar
from pipelines.load.warehouse import writable_copy


class MergeError(ValueError):
    """A merge or unmerge that cannot be done as asked (unknown identity, unknown merge)."""


Identity = tuple[str, str]  # (platform, platform_user_id)


def merge_identities(db_path: Path, first: Identity, second: Identity, *, reason: str = "",
                     merged_by: str = "analyst") -> int:
    """Record that two identities are one person; returns the merge id."""
    if first == second:
        raise MergeError("an identity cannot be merged with itself")
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        for platform, user in (first, second):
            known = fetch_scalar(connection, "SELECT count(*) FROM source_identities "
                                             "WHERE platform = $platform AND platform_user_id = $user",
                                 {"platform": platform, "user": user})
            if not known:
                raise MergeError(f"no identity {platform}:{user} in the warehouse")
        merge_id = fetch_scalar(connection, "SELECT coalesce(max(merge_id), 0) + 1 FROM identity_merges")
        connection.execute(
            "INSERT INTO identity_merges VALUES ($id, $pa, $ua, $pb, $ub, $reason, $by, now(), NULL, NULL)",
            {"id": merge_id, "pa": first[0], "ua": first[1], "pb": second[0], "ub": second[1],
             "reason": reason or None, "by": merged_by},
        )
        connection.execute("COMMIT")
    return merge_id


def merge_many(db_path: Path, pairs: list[tuple[Identity, Identity]], *, reason: str, merged_by: str) -> int:
    """Several merges in one transaction (e.g. accepting a list of proposals)."""
    if not pairs:
        return 0
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        next_id = fetch_scalar(connection, "SELECT coalesce(max(merge_id), 0) + 1 FROM identity_merges")
        for offset, (first, second) in enumerate(pairs):
            connection.execute(
                "INSERT INTO identity_merges VALUES ($id, $pa, $ua, $pb, $ub, $reason, $by, now(), NULL, NULL)",
                {"id": next_id + offset, "pa": first[0], "ua": first[1], "pb": second[0], "ub": second[1],
                 "reason": reason, "by": merged_by},
            )
        connection.execute("COMMIT")
    return len(pairs)


def unmerge(db_path: Path, merge_id: int, *, unmerged_by: str = "analyst") -> None:
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        active = fetch_scalar(connection, "SELECT count(*) FROM identity_merges "
                                          "WHERE merge_id = $id AND unmerged_at IS NULL", {"id": merge_id})
        if not active:
            raise MergeError(f"no active merge {merge_id}")
        connection.execute("UPDATE identity_merges SET unmerged_by = $by, unmerged_at = now() WHERE merge_id = $id",
                           {"by": unmerged_by, "id": merge_id})
        connection.execute("COMMIT")
