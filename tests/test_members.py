"""Member search and profile on tests/golden_community.py."""

from __future__ import annotations

from pipelines.serve.members import member_events, member_identities, member_profile, member_timeline, search_members


def test_search_by_name_handle_or_email(golden):
    assert search_members(golden, "an")["display_name"].to_list() == ["Ana", "Dan"]
    assert search_members(golden, "EVE@EXAMPLE")["display_name"].to_list() == ["Eve"]
    assert search_members(golden, "zzz").is_empty()


def test_profile_across_platforms(golden):
    ana = search_members(golden, "ana@")["member_id"][0]
    profile = member_profile(golden, ana)
    assert profile["platforms"] == ["discord", "luma"]
    # T1, her own reply, the reply in T4, T7; no reactions; two events attended.
    assert (profile["contributions"], profile["reactions_given"], profile["events_attended"]) == (4, 0, 2)
    assert member_identities(golden, ana)["platform"].to_list() == ["discord", "luma"]
    timeline = member_timeline(golden, ana)
    assert timeline["occurred_at"].is_sorted(descending=True)
    assert timeline["text"][0] == "Sharing my dashboard"
    assert member_events(golden, ana)["title"].to_list() == ["Spring Meetup", "March Meetup"]
    assert member_profile(golden, "m_nobody") is None
