"""Which identities are one member: connected components over shared emails and the analyst's
active merges, by union-find. load/derived.py runs it over the part of the identity graph a write
touches (or all of it, when it rebuilds), and stores the result in identity_members.
"""

from __future__ import annotations


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
