"""Rebuild identity_members: which identities are one member, from shared emails and the
analyst's active merges (connected components, by union-find).

Run after every write, inside the same build-then-swap, so members always follow the data.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.frames_io import fetch_frame


def rebuild(connection: duckdb.DuckDBPyConnection) -> None:
    identities = fetch_frame(connection, """
        SELECT platform || ':' || platform_user_id AS node, platform, platform_user_id,
               nullif(lower(trim(email)), '') AS email
        FROM source_identities""")
    merges = fetch_frame(connection, """
        SELECT platform_a || ':' || user_a AS a, platform_b || ':' || user_b AS b
        FROM identity_merges WHERE unmerged_at IS NULL""")
    keys = member_keys(identities["node"].to_list(), identities["email"].to_list(),
                       list(zip(merges["a"].to_list(), merges["b"].to_list(), strict=True)))
    resolved = identities.select("platform", "platform_user_id").with_columns(
        member_key=pl.Series(keys, dtype=pl.String))
    connection.execute("DELETE FROM identity_members")
    connection.register("resolved_members", resolved)
    connection.execute("INSERT INTO identity_members SELECT platform, platform_user_id, member_key FROM resolved_members")
    connection.unregister("resolved_members")


def member_keys(nodes: list[str], emails: list[str | None], merges: list[tuple[str, str]]) -> list[str]:
    """Per node, its group's key: 'email:<smallest email>' if the group has one, else its smallest node."""
    parent = {node: node for node in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    first_with_email: dict[str, str] = {}
    for node, email in zip(nodes, emails, strict=True):
        if email:
            union(node, first_with_email.setdefault(email, node))
    for a, b in merges:
        if a in parent and b in parent:  # a merge of an identity whose batch was undone is dormant
            union(a, b)
    group_email: dict[str, str] = {}
    for node, email in zip(nodes, emails, strict=True):
        if email:
            root = find(node)
            group_email[root] = min(email, group_email.get(root, email))
    return [f"email:{group_email[find(node)]}" if find(node) in group_email else find(node) for node in nodes]
