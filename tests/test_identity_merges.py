"""Identity resolution: email merges, proposals, manual merge and unmerge, metrics following."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.load.loader import load_parsed
from pipelines.load.merges import MergeError, merge_identities, unmerge
from pipelines.load.identity_members import member_keys
from pipelines.parse.frames import ATTENDANCE_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.serve.connection import current_snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.growth import period_metrics
from pipelines.serve.identity import merge_history, merge_proposals

from tests.conftest import scalar, warehouse_contents
from tests.golden_community import at, build, person, registration

APRIL = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))


@pytest.fixture
def with_cleo_on_luma(db_path):
    """The golden community plus a Luma registration by cleo, whose Discord identity has no email."""
    build(db_path)
    extra = ParsedExport(
        "luma_guests",
        identities=frame([person("cleo@example.com", "Cleo", None, "cleo@example.com", platform="luma")],
                         IDENTITY_SCHEMA),
        attendance=frame([registration("luma:spring", "cleo@example.com", at(4, 9), False)], ATTENDANCE_SCHEMA),
    )
    load_parsed(db_path, "cleo.csv", "golden-cleo", extra)
    return db_path


def new_in_april(db_path) -> int:
    return period_metrics(current_snapshot(db_path), APRIL, "month")["new_members"][0]


def test_union_find_groups_by_email_and_merges():
    nodes = ["a:1", "b:2", "c:3", "d:4"]
    keys = member_keys(nodes, ["x@e", "X@e".lower(), None, None], [("c:3", "d:4")])
    assert keys == ["email:x@e", "email:x@e", "c:3", "c:3"]
    assert member_keys(nodes, [None, "y@e", None, None], [("a:1", "b:2")])[:2] == ["email:y@e", "email:y@e"]


def test_look_alikes_are_proposed_not_merged(with_cleo_on_luma):
    snapshot = current_snapshot(with_cleo_on_luma)
    proposals = merge_proposals(snapshot)
    cleo = proposals.filter(proposals["name_a"] == "Cleo")
    assert cleo.select("platform_a", "user_a", "platform_b", "user_b").rows() == [
        ("discord", "cleo", "luma", "cleo@example.com")]
    assert cleo["reason"][0] == "same name or handle: cleo"
    # Same email already made ana, ben and dan one member each: they are not proposed.
    assert not set(proposals["name_a"]) & {"Ana", "Ben", "Dan"}
    # Not merged automatically: the Luma cleo is a new member of April of her own.
    assert new_in_april(with_cleo_on_luma) == 6


def test_merge_and_unmerge_change_members_and_metrics(with_cleo_on_luma):
    members_before = scalar(with_cleo_on_luma, "SELECT count(*) FROM members")
    merge_id = merge_identities(with_cleo_on_luma, ("discord", "cleo"), ("luma", "cleo@example.com"),
                                reason="same person", merged_by="tester")
    assert scalar(with_cleo_on_luma, "SELECT count(*) FROM members") == members_before - 1
    assert scalar(with_cleo_on_luma, "SELECT platforms FROM members WHERE display_name = 'Cleo'") == [
        "discord", "luma"]
    # Her Luma registration (04-09) is now part of a member first seen on 04-01: 5 new in April again.
    assert new_in_april(with_cleo_on_luma) == 5
    assert "Cleo" not in merge_proposals(current_snapshot(with_cleo_on_luma))["name_a"].to_list()
    history = merge_history(current_snapshot(with_cleo_on_luma))
    assert history.select("merge_id", "identity_a", "identity_b", "reason", "merged_by", "active").rows() == [
        (merge_id, "discord:cleo", "luma:cleo@example.com", "same person", "tester", True)]

    unmerge(with_cleo_on_luma, merge_id, unmerged_by="tester")
    assert scalar(with_cleo_on_luma, "SELECT count(*) FROM members") == members_before
    assert new_in_april(with_cleo_on_luma) == 6
    history = merge_history(current_snapshot(with_cleo_on_luma))
    assert history["active"].to_list() == [False] and history["unmerged_by"].to_list() == ["tester"]


def test_bad_merges_change_nothing(with_cleo_on_luma):
    before = warehouse_contents(with_cleo_on_luma)
    with pytest.raises(MergeError, match="no identity discord:nobody"):
        merge_identities(with_cleo_on_luma, ("discord", "nobody"), ("luma", "cleo@example.com"))
    with pytest.raises(MergeError, match="no active merge 42"):
        unmerge(with_cleo_on_luma, 42)
    with pytest.raises(MergeError):
        merge_identities(with_cleo_on_luma, ("discord", "cleo"), ("discord", "cleo"))
    assert warehouse_contents(with_cleo_on_luma) == before
